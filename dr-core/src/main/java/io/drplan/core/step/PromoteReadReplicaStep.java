package io.drplan.core.step;

import io.drplan.core.StepKind;

/**
 * Promotes a read replica in the DR region to a standalone database ({@code
 * s.promoteReadReplica(instanceId)}); see {@link DbFailoverStep}.
 */
public final class PromoteReadReplicaStep extends DbFailoverStep<PromoteReadReplicaStep> {
    PromoteReadReplicaStep(PlanRegions regions, String instanceId) {
        super(regions, StepKind.PROMOTE_READ_REPLICA, true, instanceId);
    }
}
