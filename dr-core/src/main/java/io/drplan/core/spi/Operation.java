package io.drplan.core.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One API call a step makes, named the way the provider's service names it
 * ({@code rds:RestoreDBInstanceFromDBSnapshot}, {@code k8s:patch secrets}), and, when the step
 * knows them, the resources it acts on. Previews list them, and providers that know their permission
 * model map them to the permissions a run needs, scoped to those resources (see
 * {@link PermissionCatalog}).
 *
 * <pre>{@code
 * Operation.of("rds", "RestoreDBInstanceFromDBSnapshot")
 *     .on(Target.in("us-west-2", "db", "vibe-postgres-dr"), Target.in("us-west-2", "subgrp", "vibe-db-subnet-group-dr"))
 * }</pre>
 *
 * @param service the service, e.g. {@code rds}, {@code route53}, {@code k8s}, {@code terraform}
 * @param action  the action, e.g. {@code RestoreDBInstanceFromDBSnapshot}
 * @param targets the resources the call acts on, as far as the plan names them (may be empty)
 */
public record Operation(String service, String action, List<Target> targets) {
    public Operation {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(action, "action");
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** The call, with no resource named. */
    public Operation(String service, String action) {
        this(service, action, List.of());
    }

    public static Operation of(String service, String action) {
        return new Operation(service, action);
    }

    /** The same call on (also) {@code more} resources. */
    public Operation on(Target... more) {
        List<Target> all = new ArrayList<>(targets);
        all.addAll(List.of(more));
        return new Operation(service, action, all);
    }

    /** The same call without resources: what permission catalogs and call counts key on. */
    public Operation unscoped() {
        return targets.isEmpty() ? this : new Operation(service, action);
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

    /**
     * A resource a call acts on, in the service's own words: {@code type} is the service's resource
     * type ({@code db}, {@code snapshot}, {@code subgrp} for RDS; {@code hostedzone}, {@code change},
     * {@code healthcheck}, {@code recordname} for Route 53; {@code replicationgroup} for ElastiCache;
     * {@code bucket}, {@code repository}, {@code cluster}...), {@code region} is null for global
     * services, and {@code id} may end in {@code *} for "any of these" (a snapshot chosen at run time).
     */
    public record Target(String type, String region, String id) {
        public Target {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
        }

        /** A resource of a regional service. */
        public static Target in(String region, String type, String id) {
            return new Target(type, Objects.requireNonNull(region, "region"), id);
        }

        /** A resource of a global service (Route 53, IAM, S3 bucket names). */
        public static Target global(String type, String id) {
            return new Target(type, null, id);
        }

        @Override
        public String toString() {
            return type + ":" + (region == null ? "" : region + ":") + id;
        }
    }
}
