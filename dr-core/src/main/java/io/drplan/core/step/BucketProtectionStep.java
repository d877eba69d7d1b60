package io.drplan.core.step;

import io.drplan.core.StepKind;
import io.drplan.core.runbook.BackupPolicy;

/**
 * S3 backup strategy ({@code s.checkBucketProtection(bucket)}): versioning, replication to the DR
 * region and lifecycle, checked against the runbook's numbers; see {@link PrerequisiteStep}.
 */
public final class BucketProtectionStep extends PrerequisiteStep<BucketProtectionStep> {
    private final String bucket;
    private BackupPolicy policy = BackupPolicy.runbook();

    BucketProtectionStep(PlanRegions regions, String bucket) {
        super(regions, StepKind.CHECK_BUCKET_PROTECTION, regions.source());
        this.bucket = bucket;
    }

    /** The numbers to check against ({@link BackupPolicy#runbook()} by default). */
    public BucketProtectionStep policy(BackupPolicy policy) {
        if (policy == null) {
            reject("checkBucketProtection policy is null; pass BackupPolicy.runbook() or leave it out");
        } else {
            this.policy = policy;
        }
        return this;
    }

    @Override
    StepAction action() {
        return new BucketAction(bucket, region, regions.target(), policy);
    }
}
