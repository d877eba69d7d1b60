package io.drplan.core.integrity;

import io.drplan.core.DrException;

/** An integrity check could not run: the database refused the login, is unreachable, or lacks a table. */
public final class IntegrityException extends DrException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Kind {
        /** The user or password was refused. */
        AUTHENTICATION,
        /** The host could not be reached (refused, unknown host, timeout connecting). */
        UNREACHABLE,
        /** The database named in the URL does not exist. */
        UNKNOWN_DATABASE,
        /** A table named by the check does not exist. */
        UNKNOWN_TABLE,
        /** A column named by the check does not exist. */
        UNKNOWN_COLUMN,
        /** A query ran past the statement timeout. */
        TIMEOUT,
        /** The database is not one the check can compute checksums on. */
        UNSUPPORTED,
        /** Anything else the database answered. */
        OTHER
    }

    private final Kind kind;
    private final String role;

    /**
     * @param kind    why
     * @param role    which side: {@code "restored"} or {@code "reference"}
     * @param message what failed and what to do (never a password)
     */
    public IntegrityException(Kind kind, String role, String message) {
        super(message, null);
        this.kind = kind;
        this.role = role;
    }

    public Kind kind() {
        return kind;
    }

    /** Which database failed: {@code "restored"} or {@code "reference"}. */
    public String role() {
        return role;
    }
}
