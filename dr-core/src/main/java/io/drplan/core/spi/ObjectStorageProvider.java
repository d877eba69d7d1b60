package io.drplan.core.spi;

import io.drplan.core.Region;
import java.util.List;

/**
 * Object storage (S3 in the runbook): versioning, cross-region replication and lifecycle, read for
 * audits. The values carry the settings as the service stores them (rule status, days, storage
 * class, destination bucket and the region that bucket is in), so a check can compare them with
 * the runbook's numbers instead of asking "is there a rule".
 */
public interface ObjectStorageProvider {

    /**
     * The bucket's data-protection settings, with each replication destination's region resolved
     * (S3: {@code GetBucketVersioning}, {@code GetBucketReplication}, {@code GetBucketLifecycleConfiguration},
     * and {@code GetBucketLocation} per destination bucket).
     */
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

    /**
     * A replication rule.
     *
     * @param status            {@code Enabled} or {@code Disabled}
     * @param filter            which objects it replicates: {@code ""} for every object, else e.g.
     *                          {@code prefix 'logs/'} or {@code tag env=prod}
     * @param destinationBucket the destination bucket's ARN ({@code arn:aws:s3:::name}) or name
     * @param destinationRegion the region the destination bucket is in, or {@code null} when it could
     *                          not be read (the bucket does not exist, or belongs to another account)
     */
    record ReplicationRule(String id, String status, String filter, String destinationBucket, Region destinationRegion) {
        public ReplicationRule {
            filter = filter == null ? "" : filter;
        }

        /** A rule for every object, to a destination whose region is known. */
        public ReplicationRule(String id, String status, String destinationBucket, Region destinationRegion) {
            this(id, status, "", destinationBucket, destinationRegion);
        }

        /** A rule for every object whose destination's region is not known yet (a provider resolves it when it describes the bucket). */
        public ReplicationRule(String id, String status, String destinationBucket) {
            this(id, status, "", destinationBucket, null);
        }

        /** Whether the rule replicates every object in the bucket (no prefix or tag filter). */
        public boolean wholeBucket() {
            return filter.isEmpty();
        }

        public boolean enabled() {
            return "Enabled".equals(status);
        }

        /** The destination bucket's name, from its ARN. */
        public String destinationBucketName() {
            return bucketName(destinationBucket);
        }

        /** The same rule with the destination's region set. */
        public ReplicationRule withDestinationRegion(Region region) {
            return new ReplicationRule(id, status, filter, destinationBucket, region);
        }

        /** A bucket's name from its ARN ({@code arn:aws:s3:::name}) or name. */
        public static String bucketName(String arnOrName) {
            if (arnOrName == null) {
                return null;
            }
            int colons = arnOrName.lastIndexOf(":::");
            return colons >= 0 ? arnOrName.substring(colons + 3) : arnOrName;
        }
    }

    /**
     * A lifecycle rule: transitions of current versions as (days, storage class), and expiration of
     * noncurrent versions.
     *
     * @param status                   {@code Enabled} or {@code Disabled}
     * @param filter                   which objects it applies to: {@code ""} for every object, else
     *                                 e.g. {@code prefix 'logs/'} or {@code tag env=prod}
     * @param noncurrentExpirationDays days after which old versions expire, or 0 when they do not
     */
    record LifecycleRule(String id, String status, String filter, List<Transition> transitions,
                         int noncurrentExpirationDays) {
        public LifecycleRule {
            filter = filter == null ? "" : filter;
            transitions = List.copyOf(transitions);
        }

        /** A rule that applies to every object in the bucket. */
        public LifecycleRule(String id, String status, List<Transition> transitions, int noncurrentExpirationDays) {
            this(id, status, "", transitions, noncurrentExpirationDays);
        }

        public boolean enabled() {
            return "Enabled".equals(status);
        }

        /** Whether the rule applies to every object in the bucket (no prefix, tag or size filter). */
        public boolean wholeBucket() {
            return filter.isEmpty();
        }
    }

    /** Objects move to {@code storageClass} (e.g. {@code STANDARD_IA}, {@code GLACIER}) after {@code days}. */
    record Transition(int days, String storageClass) { }
}
