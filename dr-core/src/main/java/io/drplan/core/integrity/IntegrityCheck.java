package io.drplan.core.integrity;

import io.drplan.core.Durations;
import io.drplan.core.integrity.Baseline.RangeState;
import io.drplan.core.integrity.Baseline.TableState;
import io.drplan.core.integrity.IntegrityException.Kind;
import io.drplan.core.integrity.IntegrityReport.TableResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks that a restored database holds what the reference held: the primary when it can be
 * reached, else a {@link Baseline} recorded earlier. For each {@link TableCheck} it compares row
 * counts and an order-independent checksum of the named columns per key range, and reads the
 * watermark (the newest value of a timestamp column) of both sides: the reference's newest minus
 * the restored newest is the <b>measured</b> data loss, reported beside the plan's estimated RPO.
 *
 * <pre>{@code
 * IntegrityCheck check = IntegrityCheck.of(
 *         TableCheck.of("orders").key("id").columns("id", "customer_id", "total", "status")
 *                 .watermark("updated_at").ranges(10_000),
 *         TableCheck.of("customers").key("id").columns("id", "email"));
 * IntegrityReport r = check.compare(restored, primary);   // or check.compare(restored, baseline)
 * if (!r.intact()) { ... r.findings() ... }
 * r.loss();                                                // e.g. PT3M12S
 * }</pre>
 *
 * <p><b>What is compared.</b> With a watermark, both sides are compared only up to the restored
 * copy's watermark: rows newer than it were written after the restore point and are the data loss
 * ({@link IntegrityReport#rowsLost()}), not corruption; rows older than it must be identical, so a
 * missing or changed row is a finding naming its key range. Each side runs in one read-only
 * {@code REPEATABLE READ} transaction ({@code setReadOnly(true)} and {@code SET TRANSACTION READ
 * ONLY}), so a primary still taking writes is compared at one instant, under a statement timeout
 * ({@code SET LOCAL statement_timeout} and {@code setQueryTimeout}).
 *
 * <p><b>Why the checksum is computed in SQL.</b> Each range's checksum is the sum of the first 64
 * bits of {@code md5(ROW(columns)::text)} over its rows, computed by the database: only one row per
 * key range crosses the network, where hashing in Java would stream the whole table out of a
 * database that is being recovered. A sum (not an xor) so two identical rows do not cancel out. This
 * is PostgreSQL's SQL (the runbook's database, RDS PostgreSQL); another database is refused with
 * {@link Kind#UNSUPPORTED}. Both sides must be the same major version (a snapshot restore is), since
 * the text form of a row is the server's.
 *
 * <p>Table and column names are checked as plain identifiers by {@link TableCheck} and quoted; values
 * are bound parameters. Passwords are {@link io.drplan.core.Secret}s and never appear in a message.
 * The JDBC driver is the host's ({@code org.postgresql:postgresql}).
 */
public final class IntegrityCheck {
    /** The statement timeout by default: 60 s. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);
    /** How long connecting may take by default: 10 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final List<TableCheck> tables;
    private final Duration statementTimeout;
    private final Duration connectTimeout;

    private IntegrityCheck(List<TableCheck> tables, Duration statementTimeout, Duration connectTimeout) {
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("an integrity check needs at least one table; add e.g."
                    + " TableCheck.of(\"orders\").key(\"id\").columns(\"id\", \"total\")");
        }
        Duration[] ds = {statementTimeout, connectTimeout};
        String[] names = {"statementTimeout", "connectTimeout"};
        for (int i = 0; i < ds.length; i++) {
            if (ds[i] == null || ds[i].isNegative() || ds[i].isZero()) {
                throw new IllegalArgumentException(names[i] + " must be positive but was " + ds[i]);
            }
        }
        this.tables = List.copyOf(tables);
        this.statementTimeout = statementTimeout;
        this.connectTimeout = connectTimeout;
    }

    /** A check of these tables with the default timeouts. */
    public static IntegrityCheck of(TableCheck... tables) {
        return new IntegrityCheck(List.of(tables), DEFAULT_STATEMENT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    }

    /** The same check with another statement timeout. */
    public IntegrityCheck statementTimeout(Duration timeout) {
        return new IntegrityCheck(tables, timeout, connectTimeout);
    }

    /** The same check with another connect timeout. */
    public IntegrityCheck connectTimeout(Duration timeout) {
        return new IntegrityCheck(tables, statementTimeout, timeout);
    }

    public List<TableCheck> tables() {
        return tables;
    }

    /** Compares {@code restored} with the live {@code reference} (the primary). */
    public IntegrityReport compare(Database restored, Database reference) {
        try (Session r = open(restored, "restored"); Session p = open(reference, "reference")) {
            List<Finding> findings = new ArrayList<>();
            List<TableResult> results = new ArrayList<>();
            Duration loss = null;
            long lost = 0;
            for (TableCheck t : tables) {
                Instant rw = r.watermark(t);
                Instant pw = p.watermark(t);
                Instant cutoff = t.watermark() == null ? null : rw;
                Map<Long, RangeState> rs = r.ranges(t, cutoff, rw == null && t.watermark() != null);
                Map<Long, RangeState> ps = p.ranges(t, cutoff, rw == null && t.watermark() != null);
                diff(t, rs, ps, findings);
                long tableLost = t.watermark() == null ? 0 : p.newerThan(t, rw);
                if (rw != null && pw != null) {
                    if (rw.isAfter(pw)) {
                        findings.add(new Finding(t.table(), Finding.Kind.AHEAD, "the restored copy's newest "
                                + t.watermark() + " " + rw + " is after the reference's " + pw));
                    } else {
                        loss = max(loss, Duration.between(rw, pw));
                    }
                }
                lost += tableLost;
                results.add(new TableResult(t.table(), sum(r.ranges(t, null, false)), rw, pw, tableLost));
            }
            return new IntegrityReport(findings, results, loss, lost);
        }
    }

    /**
     * Compares {@code restored} with a {@link Baseline} recorded earlier (the primary is gone). Rows
     * of the restored copy newer than the baseline's watermark are left out; a restore older than
     * the baseline shows as findings and as the measured loss.
     */
    public IntegrityReport compare(Database restored, Baseline baseline) {
        Objects.requireNonNull(baseline, "baseline");
        try (Session r = open(restored, "restored")) {
            List<Finding> findings = new ArrayList<>();
            List<TableResult> results = new ArrayList<>();
            Duration loss = null;
            long lost = 0;
            for (TableCheck t : tables) {
                TableState b = baseline.table(t.table()).orElseThrow(() -> new IllegalArgumentException("the baseline"
                        + " has no table " + t.table() + "; it holds " + baseline.tables().stream().map(TableState::table)
                        .toList() + "; record a baseline with this check"));
                Instant rw = r.watermark(t);
                Map<Long, RangeState> rs = r.ranges(t, t.watermark() == null ? null : b.watermark(), false);
                diff(t, rs, b.ranges(), findings);
                long tableLost = 0;
                if (rw != null && b.watermark() != null && rw.isBefore(b.watermark())) {
                    loss = max(loss, Duration.between(rw, b.watermark()));
                    tableLost = Math.max(0, b.rows() - sum(rs));
                } else if (b.watermark() != null) {
                    loss = max(loss, Duration.ZERO);
                }
                lost += tableLost;
                results.add(new TableResult(t.table(), sum(r.ranges(t, null, false)), rw, b.watermark(), tableLost));
            }
            return new IntegrityReport(findings, results, loss, lost);
        }
    }

    /** Records what {@code reference} holds now, to compare a restore with later. */
    public Baseline record(Database reference) {
        try (Session s = open(reference, "reference")) {
            List<TableState> states = new ArrayList<>();
            for (TableCheck t : tables) {
                states.add(new TableState(t.table(), s.ranges(t, null, false), s.watermark(t)));
            }
            return new Baseline(states);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }

    private static long sum(Map<Long, RangeState> ranges) {
        return ranges.values().stream().mapToLong(RangeState::rows).sum();
    }

    private static void diff(TableCheck t, Map<Long, RangeState> restored, Map<Long, RangeState> reference,
                             List<Finding> out) {
        TreeSet<Long> all = new TreeSet<>(restored.keySet());
        all.addAll(reference.keySet());
        for (long range : all) {
            RangeState r = restored.getOrDefault(range, new RangeState(0, "0"));
            RangeState p = reference.getOrDefault(range, new RangeState(0, "0"));
            if (r.rows() != p.rows()) {
                out.add(new Finding(t.table(), Finding.Kind.ROW_COUNT, t.describeRange(range) + ": " + r.rows()
                        + " rows restored, " + p.rows() + " in the reference"));
            } else if (!r.checksum().equals(p.checksum())) {
                out.add(new Finding(t.table(), Finding.Kind.CHECKSUM, t.describeRange(range) + ": the same "
                        + r.rows() + " rows but other contents (checksum " + r.checksum() + ", reference "
                        + p.checksum() + ")"));
            }
        }
    }

    @Override
    public String toString() {
        return "IntegrityCheck" + tables.stream().map(TableCheck::table).collect(Collectors.toList())
                + " (statement timeout " + Durations.format(statementTimeout) + ")";
    }

    // ---- JDBC ----

    private Session open(Database db, String role) {
        Properties props = new Properties();
        props.setProperty("user", db.user());
        props.setProperty("password", db.password().reveal());
        String connectSeconds = String.valueOf(seconds(connectTimeout));
        props.setProperty("connectTimeout", connectSeconds);
        props.setProperty("loginTimeout", connectSeconds);
        props.setProperty("socketTimeout", String.valueOf(seconds(statementTimeout) + seconds(connectTimeout)));
        props.setProperty("ApplicationName", "drplan-integrity");
        props.setProperty("readOnly", "true");
        Connection c;
        try {
            c = DriverManager.getConnection(db.url(), props);
        } catch (SQLException e) {
            throw translate(db, role, null, e);
        }
        try {
            String product = c.getMetaData().getDatabaseProductName();
            if (!"PostgreSQL".equals(product)) {
                throw new IntegrityException(Kind.UNSUPPORTED, role, "the " + role + " database " + db + " is " + product
                        + "; the integrity checksums are PostgreSQL SQL (md5, bit(64)), so only PostgreSQL is supported");
            }
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(seconds(statementTimeout));
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                s.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
            }
            return new Session(db, role, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw translate(db, role, null, e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000));
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the error that brought us here is the one to report
        }
    }

    private IntegrityException translate(Database db, String role, TableCheck t, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = db.password().redact(String.valueOf(e.getMessage()));
        String where = "the " + role + " database " + db;
        String table = t == null ? "" : " (table " + t.table() + ")";
        if (state.equals("28P01") || state.equals("28000")) {
            return new IntegrityException(Kind.AUTHENTICATION, role, "cannot log in to " + where + ": " + msg
                    + "; check the user and the password secret " + db.password());
        }
        if (state.equals("3D000")) {
            return new IntegrityException(Kind.UNKNOWN_DATABASE, role, where + " does not exist: " + msg
                    + "; check the database name in the URL");
        }
        if (msg.startsWith("No suitable driver")) {
            return new IntegrityException(Kind.UNSUPPORTED, role, "no JDBC driver for " + where + " on the classpath;"
                    + " add it (org.postgresql:postgresql)");
        }
        if (state.startsWith("08") || msg.startsWith("The connection attempt failed")) {
            return new IntegrityException(Kind.UNREACHABLE, role, "cannot reach " + where + ": " + msg
                    + "; check the host, the port and that security groups let this host in");
        }
        if (state.equals("42P01")) {
            return new IntegrityException(Kind.UNKNOWN_TABLE, role, "table " + (t == null ? "" : t.table())
                    + " does not exist in " + where + ": " + msg + "; check the table name (schema.table)");
        }
        if (state.equals("42703")) {
            return new IntegrityException(Kind.UNKNOWN_COLUMN, role, "a column of the check does not exist in " + where
                    + table + ": " + msg + "; check key, columns and watermark");
        }
        if (state.equals("25006")) {
            return new IntegrityException(Kind.OTHER, role, "the check tried to write to " + where + table
                    + " and its read-only transaction refused: " + msg + "; compare tables, not views or functions"
                    + " that write");
        }
        if (state.equals("57014")) {
            return new IntegrityException(Kind.TIMEOUT, role, "a query on " + where + table + " ran past the statement"
                    + " timeout of " + Durations.format(statementTimeout) + "; raise statementTimeout(..) or compare"
                    + " fewer columns");
        }
        return new IntegrityException(Kind.OTHER, role, "integrity query on " + where + table + " failed (SQLState "
                + state + "): " + msg);
    }

    /** One side's connection, in one read-only transaction. */
    private final class Session implements AutoCloseable {
        private final Database db;
        private final String role;
        private final Connection c;

        Session(Database db, String role, Connection c) {
            this.db = db;
            this.role = role;
            this.c = c;
        }

        Instant watermark(TableCheck t) {
            if (t.watermark() == null) {
                return null;
            }
            return query(t, "SELECT max(" + quote(t.watermark()) + ") FROM " + quoteTable(t.table()), null, rs -> {
                rs.next();
                Timestamp ts = rs.getTimestamp(1);
                return ts == null ? null : ts.toInstant();
            });
        }

        /** Rows and checksum per key range, of rows up to {@code cutoff} (all when null; none when {@code empty}). */
        Map<Long, RangeState> ranges(TableCheck t, Instant cutoff, boolean empty) {
            if (empty) {
                return Map.of();
            }
            String range = t.rangeWidth() == 0 ? "0" : "floor(" + quote(t.key()) + "::numeric / " + t.rangeWidth() + ")::bigint";
            String checksum = t.columns().isEmpty() ? "'0'"
                    : "coalesce(sum(('x' || substr(md5(ROW(" + t.columns().stream().map(IntegrityCheck::quote)
                    .collect(Collectors.joining(", ")) + ")::text), 1, 16))::bit(64)::bigint), 0)::text";
            String sql = "SELECT " + range + " AS r, count(*), " + checksum + " FROM " + quoteTable(t.table())
                    + (cutoff == null ? "" : " WHERE " + quote(t.watermark()) + " <= ?") + " GROUP BY 1";
            return query(t, sql, cutoff, rs -> {
                Map<Long, RangeState> out = new TreeMap<>();
                while (rs.next()) {
                    out.put(rs.getLong(1), new RangeState(rs.getLong(2), rs.getString(3)));
                }
                return out;
            });
        }

        /** Rows newer than {@code cutoff} (all rows when null). */
        long newerThan(TableCheck t, Instant cutoff) {
            String sql = "SELECT count(*) FROM " + quoteTable(t.table())
                    + (cutoff == null ? "" : " WHERE " + quote(t.watermark()) + " > ?");
            return query(t, sql, cutoff, rs -> {
                rs.next();
                return rs.getLong(1);
            });
        }

        private <T> T query(TableCheck t, String sql, Instant param, Rows<T> read) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setQueryTimeout(seconds(statementTimeout));
                if (param != null) {
                    ps.setTimestamp(1, Timestamp.from(param));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return read.read(rs);
                }
            } catch (SQLException e) {
                throw translate(db, role, t, e);
            }
        }

        @Override
        public void close() {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // read-only: nothing to keep; the connection is closed next
            }
            closeQuietly(c);
        }
    }

    @FunctionalInterface
    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    static String quoteTable(String table) {
        int dot = table.indexOf('.');
        return dot < 0 ? quote(table) : quote(table.substring(0, dot)) + "." + quote(table.substring(dot + 1));
    }
}
