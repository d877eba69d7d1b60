package io.drplan.core.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What to compare in one table: its row count, a checksum of {@code columns} per range of
 * {@code key} values ({@link #ranges(long)} wide), and the newest value of a {@code watermark}
 * timestamp column. Immutable; each method returns a new value. Names are plain SQL identifiers
 * (letters, digits, {@code _}; {@code schema.table} for a table), checked here and quoted in SQL, so
 * nothing else can reach a query.
 *
 * <pre>{@code
 * TableCheck.of("orders").key("id").columns("id", "customer_id", "total", "status").watermark("updated_at").ranges(10_000)
 * }</pre>
 *
 * @param table      the table, optionally {@code schema.table}
 * @param key        the numeric key column ranges are made of, or null for one range over the whole table
 * @param columns    the columns whose values are checksummed (all of them matter); empty: count rows only
 * @param watermark  a timestamp column whose newest value tells how recent the data is, or null
 * @param rangeWidth the width of a key range (rows with key in {@code [n*w, (n+1)*w)} are one range)
 */
public record TableCheck(String table, String key, List<String> columns, String watermark, long rangeWidth) {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

    public TableCheck {
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("table '" + table + "' is not a plain SQL name (letters, digits, _;"
                    + " schema.table allowed); use e.g. orders or public.orders");
        }
        identifier("key", key, table);
        columns = List.copyOf(columns);
        for (String c : columns) {
            identifier("column", c, table);
        }
        identifier("watermark", watermark, table);
        if (rangeWidth < 0) {
            throw new IllegalArgumentException("ranges of table " + table + " must be a positive width but was " + rangeWidth);
        }
        if (rangeWidth > 0 && key == null) {
            throw new IllegalArgumentException("ranges of table " + table + " need a key column; add .key(\"id\")");
        }
    }

    private static void identifier(String what, String name, String table) {
        if (name != null && !IDENT.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' of table " + table + " is not a plain SQL"
                    + " name (letters, digits, _); use e.g. updated_at");
        }
    }

    /** Counts the rows of {@code table}; add columns, a key and a watermark to compare more. */
    public static TableCheck of(String table) {
        return new TableCheck(table, null, List.of(), null, 0);
    }

    /** The numeric key column checksums are grouped by. */
    public TableCheck key(String column) {
        return new TableCheck(table, column, columns, watermark, rangeWidth);
    }

    /** The columns whose values are checksummed. */
    public TableCheck columns(String... names) {
        List<String> all = new ArrayList<>(columns);
        all.addAll(List.of(names));
        return new TableCheck(table, key, all, watermark, rangeWidth);
    }

    /** The timestamp column whose newest value is the table's watermark. */
    public TableCheck watermark(String column) {
        return new TableCheck(table, key, columns, column, rangeWidth);
    }

    /** Compares ranges of {@code width} key values each, so a difference is located (one range by default). */
    public TableCheck ranges(long width) {
        if (width <= 0) {
            throw new IllegalArgumentException("ranges of table " + table + " must be a positive width but was " + width);
        }
        return new TableCheck(table, key, columns, watermark, width);
    }

    /** The range a key range index stands for, e.g. {@code id in [1000, 2000)} or {@code all rows}. */
    String describeRange(long range) {
        return rangeWidth == 0 ? "all rows" : key + " in [" + range * rangeWidth + ", " + (range + 1) * rangeWidth + ")";
    }
}
