package io.drplan.testkit.fake;

import io.drplan.core.Region;
import io.drplan.core.spi.ObjectStorageProvider;
import io.drplan.core.spi.ProviderException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fake of S3 bucket protection settings. {@link #describeProtection} makes the calls the AWS
 * provider makes: {@code s3:GetBucketVersioning}, {@code s3:GetReplicationConfiguration},
 * {@code s3:GetLifecycleConfiguration}, then {@code s3:GetBucketLocation} once per distinct
 * replication destination, each recorded and subject to faults. As on S3, a rule's destination
 * region is where the destination bucket is (whatever region the rule was seeded with), and
 * unknown ({@code null}) when that bucket does not exist. Endpoint {@code s3/<region>}.
 *
 * <pre>{@code
 * cloud.objectStorage().addBucket(east, new BucketProtection("files", "Enabled", List.of(), List.of()));
 * }</pre>
 */
public final class FakeObjectStorage implements ObjectStorageProvider {
    private final Simulation sim;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>();

    FakeObjectStorage(Simulation sim) {
        this.sim = sim;
    }

    /** Adds or replaces a bucket in {@code region} with these settings. */
    public FakeObjectStorage addBucket(Region region, BucketProtection protection) {
        buckets.put(protection.bucket(), new Bucket(Objects.requireNonNull(region, "region"), protection));
        return this;
    }

    @Override
    public BucketProtection describeProtection(Region region, String bucket) {
        String endpoint = "s3/" + region;
        String versioning = sim.call("s3:GetBucketVersioning", endpoint, region, () -> require(region, bucket).versioning());
        var replication = sim.call("s3:GetReplicationConfiguration", endpoint, region, () -> require(region, bucket).replication());
        var lifecycle = sim.call("s3:GetLifecycleConfiguration", endpoint, region,
                () -> require(region, bucket).lifecycle());
        Map<String, Optional<Region>> locations = new HashMap<>();
        List<ReplicationRule> rules = new ArrayList<>();
        for (ReplicationRule r : replication) {
            String dest = r.destinationBucketName();
            rules.add(dest == null ? r : r.withDestinationRegion(locations.computeIfAbsent(dest,
                    d -> sim.call("s3:GetBucketLocation", endpoint, region,
                            () -> Optional.ofNullable(buckets.get(d)).map(Bucket::region))).orElse(null)));
        }
        return new BucketProtection(bucket, versioning, rules, lifecycle);
    }

    private BucketProtection require(Region region, String bucket) {
        Bucket b = buckets.get(bucket);
        if (b == null) {
            throw Simulation.error(Reason.NOT_FOUND, "s3:GetBucketVersioning", "s3/" + region, "bucket '" + bucket
                    + "' does not exist; check its name");
        }
        if (!b.region.equals(region)) {
            throw Simulation.error(Reason.INVALID_REQUEST, "s3:GetBucketVersioning", "s3/" + region, "bucket '"
                    + bucket + "' is in " + b.region + ", not " + region + "; ask that region");
        }
        return b.protection;
    }

    @Override
    public String toString() {
        return "FakeObjectStorage" + buckets.keySet();
    }

    private record Bucket(Region region, BucketProtection protection) { }
}
