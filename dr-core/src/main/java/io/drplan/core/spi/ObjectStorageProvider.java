package io.drplan.core.spi;

import io.drplan.core.Region;
import java.util.List;

/** Object storage (S3 in the runbook): versioning, cross-region replication and lifecycle, read for audits. */
public interface ObjectStorageProvider {

    /** The bucket's data-protection settings. */
    BucketProtection describeProtection(Region region, String bucket);

    /** A bucket's versioning ({@code Enabled}, {@code Suspended} or {@code Disabled}), replication and lifecycle. */
    record BucketProtection(String bucket, String versioning, List<ReplicationRule> replication,
                            List<LifecycleRule> lifecycle) {
        public BucketProtection {
            replication = List.copyOf(replication);
            lifecycle = List.copyOf(lifecycle);
        }

        public boolean versioningEnabled() {
            return "Enabled".equals(versioning);
        }
    }

    /** A replication rule: {@code destinationBucket} is the bucket's ARN or name. */
    record ReplicationRule(String id, String status, String destinationBucket) {
        public boolean enabled() {
            return "Enabled".equals(status);
        }
    }

    /**
     * A lifecycle rule: transitions as (days, storage class), and expiration of noncurrent versions.
     *
     * @param noncurrentExpirationDays days after which old versions expire, or 0 when they do not
     */
    record LifecycleRule(String id, String status, List<Transition> transitions, int noncurrentExpirationDays) {
        public LifecycleRule {
            transitions = List.copyOf(transitions);
        }
    }

    /** Objects move to {@code storageClass} after {@code days}. */
    record Transition(int days, String storageClass) { }
}
