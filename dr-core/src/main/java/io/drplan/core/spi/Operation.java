package io.drplan.core.spi;

import java.util.Objects;

/**
 * One API call a step makes, named the way the provider's service names it
 * ({@code rds:RestoreDBInstanceFromDBSnapshot}, {@code k8s:patch secrets}). Previews list them, and
 * providers that know their permission model map them to the permissions a run needs (see
 * {@link PermissionCatalog}).
 *
 * @param service the service, e.g. {@code rds}, {@code route53}, {@code k8s}, {@code terraform}
 * @param action  the action, e.g. {@code RestoreDBInstanceFromDBSnapshot}
 */
public record Operation(String service, String action) {
    public Operation {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(action, "action");
    }

    public static Operation of(String service, String action) {
        return new Operation(service, action);
    }

    /**
     * Whether the call only reads ({@code Describe*}, {@code List*}, {@code Get*}, {@code get},
     * {@code list}, HTTP {@code GET}): a failed step whose only successful calls were reads changed
     * nothing and needs no undoing.
     */
    public boolean isReadOnly() {
        String a = action.toLowerCase(java.util.Locale.ROOT);
        return a.startsWith("describe") || a.startsWith("list") || a.startsWith("get") || a.startsWith("batchget");
    }

    @Override
    public String toString() {
        return service + ":" + action;
    }
}
