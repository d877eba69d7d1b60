package io.drplan.core.step;

import io.drplan.core.StepKind;

/**
 * Backup strategy: a manual snapshot of an instance ({@code s.createSnapshot(instanceId).as(id)}),
 * in the plan's source region or the one {@code in(..)} names; see {@link DbSnapshotStep}.
 */
public final class CreateSnapshotStep extends DbSnapshotStep<CreateSnapshotStep> {
    CreateSnapshotStep(PlanRegions regions, String instanceId) {
        super(regions, StepKind.CREATE_SNAPSHOT, false, instanceId);
    }

    /** The region of the instance, where the snapshot is made (the plan's source region by default). */
    public CreateSnapshotStep in(String region) {
        this.sourceRegion = region;
        this.targetRegion = region;
        return this;
    }
}
