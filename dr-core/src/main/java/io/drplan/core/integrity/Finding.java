package io.drplan.core.integrity;

/**
 * One difference between the restored database and the reference.
 *
 * @param table  the table
 * @param kind   what differs
 * @param detail what was found, e.g. {@code id in [0, 100): 99 rows restored, 100 in the reference}
 */
public record Finding(String table, Kind kind, String detail) {
    /** What differs. */
    public enum Kind {
        /** A key range (or the table) holds another number of rows. */
        ROW_COUNT,
        /** A key range holds the same number of rows with other contents (a changed row, or one swapped for another). */
        CHECKSUM,
        /** The restored copy is newer than the reference (the reference is not what it should be). */
        AHEAD
    }

    @Override
    public String toString() {
        return table + " " + kind + ": " + detail;
    }
}
