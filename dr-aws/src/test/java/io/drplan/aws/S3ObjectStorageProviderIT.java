package io.drplan.aws;

import io.drplan.aws.testing.MotoFixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.Region;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.ObjectStorageProvider.LifecycleRule;
import io.drplan.core.spi.ObjectStorageProvider.ReplicationRule;
import io.drplan.core.spi.ObjectStorageProvider.Transition;
import io.drplan.core.spi.ProviderException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(MotoServerExtension.class)
class S3ObjectStorageProviderIT {
    private static final Region EAST = Region.of("us-east-1");

    @Test
    void describeProtection_runbookBucket_versioningReplicationAndLifecycle(MotoServer moto) {
        MotoFixtures.seedBuckets(moto);

        BucketProtection p = moto.providers().objectStorage().describeProtection(EAST, MotoFixtures.FILES_BUCKET);

        assertThat(p.bucket()).isEqualTo("vibe-files-production");
        assertThat(p.versioning()).isEqualTo("Enabled");
        assertThat(p.versioningEnabled()).isTrue();
        assertThat(p.replication()).containsExactly(new ReplicationRule("to-dr", "Enabled", "arn:aws:s3:::vibe-files-dr",
                Region.of("us-west-2")));
        assertThat(p.lifecycle()).containsExactly(new LifecycleRule("tiering", "Enabled",
                List.of(new Transition(30, "STANDARD_IA"), new Transition(90, "GLACIER")), 365));
    }

    @Test
    void describeProtection_plainBucket_disabledAndEmpty(MotoServer moto) {
        moto.sdk(S3Client.builder().forcePathStyle(true), "us-east-1").createBucket(r -> r.bucket("plain"));

        BucketProtection p = moto.providers().objectStorage().describeProtection(EAST, "plain");

        assertThat(p).isEqualTo(new BucketProtection("plain", "Disabled", List.of(), List.of()));
    }

    @Test
    void describeProtection_missingBucket_isNotFound(MotoServer moto) {
        assertThatThrownBy(() -> moto.providers().objectStorage().describeProtection(EAST, "no-such-bucket"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("s3:GetBucketVersioning");
                    assertThat(e.endpoint()).isEqualTo("s3/us-east-1");
                    assertThat(e.getMessage()).contains("NoSuchBucket").contains("bucket 'no-such-bucket'");
                });
    }
}
