package io.drplan.core.spi;

import io.drplan.core.DrException;
import java.util.Objects;
import java.util.Optional;

/**
 * A call to a cloud or cluster failed. Providers translate their SDK's errors into this one type,
 * classified by {@link Reason}, so that the engine retries exactly what is worth retrying
 * (throttling, server errors, lost connections) and stops at once on the rest.
 */
public class ProviderException extends DrException {
    private static final long serialVersionUID = 1L;

    /** Why a call failed. */
    public enum Reason {
        /** The service asked us to slow down (HTTP 429, {@code Throttling}). Retryable. */
        THROTTLED(true),
        /** The service failed (HTTP 5xx). Retryable. */
        SERVER_ERROR(true),
        /** The endpoint could not be reached (connection refused or reset, timeout). Retryable. */
        UNAVAILABLE(true),
        /** The resource does not exist. */
        NOT_FOUND(false),
        /** The credentials lack a permission; {@link #permission()} names it. */
        ACCESS_DENIED(false),
        /** The request was invalid (bad parameter, wrong state for the operation). */
        INVALID_REQUEST(false),
        /** The resource already exists or is in a conflicting state. */
        CONFLICT(false),
        /** Anything else. */
        OTHER(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether a later attempt of the same call may succeed. */
        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;
    private final String operation;
    private final String endpoint;
    private final String permission;

    /**
     * @param reason     why the call failed
     * @param operation  the operation called, e.g. {@code rds:RestoreDBInstanceFromDBSnapshot}
     * @param endpoint   what was called, e.g. {@code rds/us-west-2} or {@code k8s/dr-cluster}; the
     *                   engine keeps one circuit breaker per endpoint
     * @param permission the refused permission (IAM action, RBAC verb), or {@code null}
     * @param message    what happened and what to do
     * @param cause      the SDK's exception, or {@code null}
     */
    public ProviderException(Reason reason, String operation, String endpoint, String permission,
                             String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.operation = operation;
        this.endpoint = endpoint;
        this.permission = permission;
    }

    public ProviderException(Reason reason, String operation, String endpoint, String message) {
        this(reason, operation, endpoint, null, message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** Whether the engine may retry the call. */
    public boolean isRetryable() {
        return reason.retryable();
    }

    public String operation() {
        return operation;
    }

    public String endpoint() {
        return endpoint;
    }

    /** The refused permission (for {@link Reason#ACCESS_DENIED}). */
    public Optional<String> permission() {
        return Optional.ofNullable(permission);
    }
}
