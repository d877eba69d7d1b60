package io.drplan.core.step;

import io.drplan.core.Region;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Operation.Target;

/** Helpers for the steps' operations (in {@link io.drplan.core.spi.Operations}): targets and endpoints. */
final class Ops {
    private Ops() { }

    /** Route 53 is global: one endpoint, up whatever region is down. */
    static final String ROUTE53 = "route53/global";

    /**
     * {@code op} on the targets that are known ({@code null} ones, from a setting the plan left out
     * and {@code build()} reports, are skipped).
     */
    static Operation on(Operation op, Target... targets) {
        Target[] known = java.util.Arrays.stream(targets).filter(java.util.Objects::nonNull).toArray(Target[]::new);
        return known.length == 0 ? op : op.on(known);
    }

    /** A regional target, or null when its region or id is not set. */
    static Target in(String region, String type, String id) {
        return region == null || id == null || !Region.isKnown(region) ? null : Target.in(region, type, id);
    }

    /** A global target, or null when its id is not set. */
    static Target global(String type, String id) {
        return id == null ? null : Target.global(type, id);
    }

    static String aws(String service, Region region) {
        return service + "/" + region;
    }

    static String k8s(String cluster) {
        return "k8s/" + cluster;
    }
}
