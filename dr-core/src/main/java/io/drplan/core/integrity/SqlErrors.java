package io.drplan.core.integrity;

import io.drplan.core.Durations;
import io.drplan.core.integrity.IntegrityException.Kind;
import java.sql.SQLException;
import java.time.Duration;

/** What a JDBC failure means for an integrity check, in words that say what to fix (PostgreSQL SQLStates). */
final class SqlErrors {
    private SqlErrors() { }

    static IntegrityException translate(Database db, String role, TableCheck t, SQLException e,
                                        Duration statementTimeout) {
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
}
