package io.drplan.core.step;

import io.drplan.core.StepKind;

/**
 * Procedure 1: a Multi-AZ forced failover of a database that has failed ({@code
 * s.forceFailover(instanceId)}); see {@link DbFailoverStep}.
 */
public final class ForceFailoverStep extends DbFailoverStep<ForceFailoverStep> {
    ForceFailoverStep(PlanRegions regions, String instanceId) {
        super(regions, StepKind.FORCE_DATABASE_FAILOVER, false, instanceId);
    }
}
