package io.drplan.aws;

import static io.drplan.aws.AwsCall.run;

import io.drplan.core.spi.Operations;
import io.drplan.core.Region;
import io.drplan.core.spi.ObjectStorageProvider;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ReplicationRuleFilter;

/**
 * S3 implementation of {@link ObjectStorageProvider}: versioning, replication and lifecycle, read
 * for audits, plus one {@code GetBucketLocation} per distinct replication destination so a check
 * can tell whether replication goes to the DR region. A bucket without replication or lifecycle
 * configuration has empty lists, not an error; a destination whose location cannot be read (it
 * does not exist, or another account owns it) has a {@code null} region.
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
        String versioning = run(Operations.S3_GET_VERSIONING, region, target,
                () -> s3.getBucketVersioning(r -> r.bucket(bucket)).statusAsString());
        List<software.amazon.awssdk.services.s3.model.ReplicationRule> replication = unlessNotConfigured(
                Operations.S3_GET_REPLICATION, region, target,
                () -> s3.getBucketReplication(r -> r.bucket(bucket)).replicationConfiguration().rules());
        List<software.amazon.awssdk.services.s3.model.LifecycleRule> lifecycle = unlessNotConfigured(
                Operations.S3_GET_LIFECYCLE, region, target,
                () -> s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules());
        Map<String, Region> locations = new HashMap<>();
        List<ReplicationRule> rules = new ArrayList<>();
        for (var r : replication) {
            ReplicationRule rule = toReplicationRule(r);
            String dest = rule.destinationBucketName();
            if (dest != null) {
                rule = rule.withDestinationRegion(locations.computeIfAbsent(dest, d -> location(s3, region, d)));
            }
            rules.add(rule);
        }
        return new BucketProtection(bucket, versioning == null ? "Disabled" : versioning, rules,
                lifecycle.stream().map(S3ObjectStorageProvider::toLifecycleRule).toList());
    }

    /**
     * The region of {@code bucket} ({@code GetBucketLocation}: an empty constraint is us-east-1,
     * {@code EU} is eu-west-1), or null when S3 will not say.
     */
    private static Region location(S3Client s3, Region region, String bucket) {
        try {
            String c = run(Operations.S3_GET_BUCKET_LOCATION, region, "bucket '" + bucket + "'",
                    () -> s3.getBucketLocation(r -> r.bucket(bucket)).locationConstraintAsString());
            String code = c == null || c.isEmpty() ? "us-east-1" : "EU".equals(c) ? "eu-west-1" : c;
            return Region.isKnown(code) ? Region.of(code) : Region.custom(code);
        } catch (ProviderException e) {
            if (e.reason() == ProviderException.Reason.NOT_FOUND || e.reason() == ProviderException.Reason.ACCESS_DENIED) {
                return null;
            }
            throw e;
        }
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

    @SuppressWarnings("deprecation") // the top-level Prefix is deprecated but still stored by V1 configurations
    private static ReplicationRule toReplicationRule(software.amazon.awssdk.services.s3.model.ReplicationRule r) {
        List<String> parts = new ArrayList<>();
        describe(r.prefix(), null, null, null, parts);
        ReplicationRuleFilter f = r.filter();
        if (f != null) {
            describe(f.prefix(), f.tag() == null ? null : f.tag().key() + "=" + f.tag().value(), null, null, parts);
            if (f.and() != null) {
                describe(f.and().prefix(), null, null, null, parts);
                f.and().tags().forEach(t -> parts.add("tag " + t.key() + "=" + t.value()));
            }
        }
        return new ReplicationRule(r.id(), r.statusAsString(), String.join(" and ", parts),
                r.destination() == null ? null : r.destination().bucket(), null);
    }

    private static LifecycleRule toLifecycleRule(software.amazon.awssdk.services.s3.model.LifecycleRule r) {
        List<Transition> transitions = r.transitions().stream()
                .map(t -> new Transition(t.days() == null ? 0 : t.days(), t.storageClassAsString())).toList();
        int noncurrentDays = r.noncurrentVersionExpiration() == null
                || r.noncurrentVersionExpiration().noncurrentDays() == null
                ? 0 : r.noncurrentVersionExpiration().noncurrentDays();
        return new LifecycleRule(r.id(), r.statusAsString(), filter(r), transitions, noncurrentDays);
    }

    /** "" when the rule applies to every object; else what limits it. */
    @SuppressWarnings("deprecation") // the top-level Prefix is deprecated but still stored by older configurations
    private static String filter(software.amazon.awssdk.services.s3.model.LifecycleRule r) {
        List<String> parts = new ArrayList<>();
        describe(r.prefix(), null, null, null, parts);
        LifecycleRuleFilter f = r.filter();
        if (f != null) {
            describe(f.prefix(), f.tag() == null ? null : f.tag().key() + "=" + f.tag().value(),
                    f.objectSizeGreaterThan(), f.objectSizeLessThan(), parts);
            LifecycleRuleAndOperator and = f.and();
            if (and != null) {
                describe(and.prefix(), null, and.objectSizeGreaterThan(), and.objectSizeLessThan(), parts);
                and.tags().forEach(t -> parts.add("tag " + t.key() + "=" + t.value()));
            }
        }
        return String.join(" and ", parts);
    }

    private static void describe(String prefix, String tag, Long greater, Long less, List<String> parts) {
        if (prefix != null && !prefix.isEmpty()) {
            parts.add("prefix '" + prefix + "'");
        }
        if (tag != null) {
            parts.add("tag " + tag);
        }
        if (greater != null) {
            parts.add("objects larger than " + greater + " bytes");
        }
        if (less != null) {
            parts.add("objects smaller than " + less + " bytes");
        }
    }

    @Override
    public String toString() {
        return "S3ObjectStorageProvider[" + clients + "]";
    }
}
