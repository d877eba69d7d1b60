package io.drplan.core.step;

import io.drplan.core.StepKind;

/**
 * Backup strategy: copy a snapshot to the DR region ({@code s.copySnapshot(snapshotId).as(id)}), with a
 * KMS key there for an encrypted one; see {@link DbSnapshotStep}.
 */
public final class CopySnapshotStep extends DbSnapshotStep<CopySnapshotStep> {
    CopySnapshotStep(PlanRegions regions, String snapshotId) {
        super(regions, StepKind.COPY_SNAPSHOT, true, snapshotId);
    }

    /** Where the snapshot to copy is (the plan's source region by default). */
    public CopySnapshotStep from(String region) {
        this.sourceRegion = region;
        return this;
    }

    /** Where the copy goes (the plan's target region by default). */
    public CopySnapshotStep to(String region) {
        this.targetRegion = region;
        return this;
    }

    /** The KMS key in the target region for an encrypted snapshot. */
    public CopySnapshotStep kmsKey(String kmsKeyId) {
        this.kmsKeyId = kmsKeyId;
        return this;
    }
}
