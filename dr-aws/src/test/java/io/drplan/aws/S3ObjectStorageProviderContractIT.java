package io.drplan.aws;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.Region;
import io.drplan.core.spi.ObjectStorageProvider;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.ObjectStorageProvider.LifecycleRule;
import io.drplan.core.spi.ObjectStorageProvider.ReplicationRule;
import io.drplan.testkit.contract.ObjectStorageProviderContract;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;

/** The object-storage contract on S3 as moto_server 5.2.1 stores it (all of these S3 APIs are supported). */
@ExtendWith(MotoServerExtension.class)
class S3ObjectStorageProviderContractIT extends ObjectStorageProviderContract {
    private static final Pattern PREFIX = Pattern.compile("prefix '(.*)'");
    private MotoServer moto;

    @BeforeEach
    void moto(MotoServer moto) {
        this.moto = moto;
    }

    @Override
    protected ObjectStorageProvider provider() {
        return moto.providers().objectStorage();
    }

    @Override
    protected void givenBucket(Region region, BucketProtection settings) {
        givenS3Bucket(moto, region, settings);
    }

    /** Creates the bucket with S3's own calls: CreateBucket, PutBucketVersioning, PutBucketReplication, PutBucketLifecycleConfiguration. */
    static void givenS3Bucket(MotoServer moto, Region region, BucketProtection settings) {
        S3Client s3 = moto.sdk(S3Client.builder().forcePathStyle(true), region.code());
        String bucket = settings.bucket();
        s3.createBucket(r -> {
            r.bucket(bucket);
            if (!region.code().equals("us-east-1")) {
                r.createBucketConfiguration(c -> c.locationConstraint(region.code()));
            }
        });
        if (!"Disabled".equals(settings.versioning())) {
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(settings.versioning())));
        }
        if (!settings.replication().isEmpty()) {
            s3.putBucketReplication(r -> r.bucket(bucket).replicationConfiguration(c -> c
                    .role("arn:aws:iam::123456789012:role/s3-replication")
                    .rules(settings.replication().stream().map((ReplicationRule rule) ->
                            software.amazon.awssdk.services.s3.model.ReplicationRule.builder()
                                    .id(rule.id()).status(rule.status()).priority(1)
                                    .filter(f -> f.prefix(prefix(rule.filter())))
                                    .deleteMarkerReplication(d -> d.status("Disabled"))
                                    .destination(d -> d.bucket(rule.destinationBucket())).build()).toList())));
        }
        if (!settings.lifecycle().isEmpty()) {
            s3.putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                    settings.lifecycle().stream().map((LifecycleRule rule) -> {
                        var b = software.amazon.awssdk.services.s3.model.LifecycleRule.builder()
                                .id(rule.id()).status(rule.status()).filter(filter(rule.filter()))
                                .transitions(rule.transitions().stream().map(t -> software.amazon.awssdk.services.s3.model
                                        .Transition.builder().days(t.days()).storageClass(t.storageClass()).build())
                                        .toList());
                        if (rule.noncurrentExpirationDays() > 0) {
                            b.noncurrentVersionExpiration(n -> n.noncurrentDays(rule.noncurrentExpirationDays()));
                        }
                        return b.build();
                    }).toList())));
        }
    }

    private static LifecycleRuleFilter filter(String filter) {
        return LifecycleRuleFilter.builder().prefix(prefix(filter)).build();
    }

    private static String prefix(String filter) {
        if (filter.isEmpty()) {
            return "";
        }
        Matcher m = PREFIX.matcher(filter);
        if (!m.matches()) {
            throw new IllegalArgumentException("the contract's filters are \"\" or prefix '<p>', not " + filter);
        }
        return m.group(1);
    }
}
