package io.drplan.testkit.fake;

import io.drplan.core.Region;
import io.drplan.core.spi.ObjectStorageProvider;
import io.drplan.core.spi.ProviderException.Reason;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A fake of S3 bucket protection settings. {@link #describeProtection} makes the three calls the
 * AWS provider makes: {@code s3:GetBucketVersioning}, {@code s3:GetReplicationConfiguration} and
 * {@code s3:GetLifecycleConfiguration}, each recorded and subject to faults. Endpoint {@code s3/<region>}.
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
        return new BucketProtection(bucket, versioning, replication, lifecycle);
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
