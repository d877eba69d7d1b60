package io.drplan.aws;

import static io.drplan.aws.AwsCall.run;

import io.drplan.core.Region;
import io.drplan.core.spi.ObjectStorageProvider;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 implementation of {@link ObjectStorageProvider}: versioning, replication and lifecycle, read
 * for audits (three API calls). A bucket without replication or lifecycle configuration has empty
 * lists, not an error.
 */
final class S3ObjectStorageProvider implements ObjectStorageProvider {
    private static final Set<String> NOT_CONFIGURED = Set.of(
            "ReplicationConfigurationNotFoundError", "NoSuchLifecycleConfiguration");

    private final AwsClients clients;

    S3ObjectStorageProvider(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public BucketProtection describeProtection(Region region, String bucket) {
        S3Client s3 = clients.s3(region);
        String target = "bucket '" + bucket + "'";
        String versioning = run(AwsOperations.S3_GET_VERSIONING, region, target,
                () -> s3.getBucketVersioning(r -> r.bucket(bucket)).statusAsString());
        List<software.amazon.awssdk.services.s3.model.ReplicationRule> replication = unlessNotConfigured(AwsOperations.S3_GET_REPLICATION, region, target,
                () -> s3.getBucketReplication(r -> r.bucket(bucket)).replicationConfiguration().rules());
        List<software.amazon.awssdk.services.s3.model.LifecycleRule> lifecycle = unlessNotConfigured(AwsOperations.S3_GET_LIFECYCLE, region, target,
                () -> s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules());
        return new BucketProtection(bucket, versioning == null ? "Disabled" : versioning,
                replication.stream().map(S3ObjectStorageProvider::toReplicationRule).toList(),
                lifecycle.stream().map(S3ObjectStorageProvider::toLifecycleRule).toList());
    }

    private static <T> List<T> unlessNotConfigured(Operation op, Region region, String target,
                                                   Supplier<List<T>> call) {
        try {
            return run(op, region, target, call);
        } catch (ProviderException e) {
            if (e.getCause() instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                    && NOT_CONFIGURED.contains(ase.awsErrorDetails().errorCode())) {
                return List.of();
            }
            throw e;
        }
    }

    private static ReplicationRule toReplicationRule(software.amazon.awssdk.services.s3.model.ReplicationRule r) {
        return new ReplicationRule(r.id(), r.statusAsString(),
                r.destination() == null ? null : r.destination().bucket());
    }

    private static LifecycleRule toLifecycleRule(software.amazon.awssdk.services.s3.model.LifecycleRule r) {
        List<Transition> transitions = r.transitions().stream()
                .map(t -> new Transition(t.days() == null ? 0 : t.days(), t.storageClassAsString())).toList();
        int noncurrentDays = r.noncurrentVersionExpiration() == null
                || r.noncurrentVersionExpiration().noncurrentDays() == null
                ? 0 : r.noncurrentVersionExpiration().noncurrentDays();
        return new LifecycleRule(r.id(), r.statusAsString(), transitions, noncurrentDays);
    }

    @Override
    public String toString() {
        return "S3ObjectStorageProvider[" + clients + "]";
    }
}
