package io.drplan.core.integrity;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a reference database held when it was recorded ({@link IntegrityCheck#record(Database)}):
 * per table, the rows and checksum of each key range and the watermark. Serializable, so a host
 * can keep it beside its backups and compare a restore with it when the primary is gone.
 *
 * @param tables the tables' states, in the check's order
 */
public record Baseline(List<TableState> tables) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Baseline {
        tables = List.copyOf(tables);
    }

    /** The state of {@code table}, if it was recorded. */
    public Optional<TableState> table(String table) {
        return tables.stream().filter(t -> t.table().equals(table)).findFirst();
    }

    /**
     * One table's state.
     *
     * @param table     the table
     * @param ranges    per key range index: rows and checksum
     * @param watermark the newest value of the watermark column (null without one, or on an empty table)
     */
    public record TableState(String table, Map<Long, RangeState> ranges, Instant watermark) implements Serializable {
        private static final long serialVersionUID = 1L;

        public TableState {
            ranges = Map.copyOf(ranges);
        }

        /** All rows of the table. */
        public long rows() {
            return ranges.values().stream().mapToLong(RangeState::rows).sum();
        }
    }

    /**
     * One key range's rows and checksum.
     *
     * @param rows     the rows in the range
     * @param checksum the sum of the rows' hashes (a decimal number; order-independent)
     */
    public record RangeState(long rows, String checksum) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
