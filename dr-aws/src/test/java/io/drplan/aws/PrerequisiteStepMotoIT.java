package io.drplan.aws;

import static io.drplan.testkit.DrAssertions.assertThat;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.Region;
import io.drplan.core.time.SystemScheduler;
import io.drplan.core.spi.ContainerRegistryProvider.RegistryReplicationRule;
import io.drplan.core.spi.ContainerRegistryProvider.ReplicationDestination;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.ObjectStorageProvider.LifecycleRule;
import io.drplan.core.spi.ObjectStorageProvider.ReplicationRule;
import io.drplan.core.spi.ObjectStorageProvider.Transition;
import io.drplan.core.spi.Providers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** checkBucketProtection and checkImagesReplicated through dr-aws's providers against moto_server. */
@ExtendWith(MotoServerExtension.class)
class PrerequisiteStepMotoIT {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final String ACCOUNT = "123456789012";

    private static DrEngine engine(MotoServer moto) {
        return DrEngine.builder().providers(moto.providers().register(Providers.builder()).build())
                .scheduler(SystemScheduler.create()).build();
    }

    private static DrPlan plan() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("pre-drill")
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .retry(r -> r.initialDelay(Duration.ofMillis(20)).maxDelay(Duration.ofMillis(100)))
                .step("bucket", s -> s.checkBucketProtection("files"))
                .step("images", s -> s.checkImagesReplicated().image("vibe-backend", "1.42.0")
                        .image("vibe-frontend", "1.42.0"))
                .build();
    }

    private static void seed(MotoServer moto, String replicationStatus, int glacierDays, Region imagesTo) {
        S3ObjectStorageProviderContractIT.givenS3Bucket(moto, WEST,
                new BucketProtection("files-dr", "Enabled", List.of(), List.of()));
        S3ObjectStorageProviderContractIT.givenS3Bucket(moto, EAST, new BucketProtection("files", "Enabled",
                List.of(new ReplicationRule("to-dr", replicationStatus, "arn:aws:s3:::files-dr")),
                List.of(new LifecycleRule("tiering", "Enabled",
                        List.of(new Transition(30, "STANDARD_IA"), new Transition(glacierDays, "GLACIER")), 365))));
        EcrRegistryProviderContractIT.givenEcrReplication(moto, EAST, List.of(new RegistryReplicationRule(
                List.of(new ReplicationDestination(imagesTo, ACCOUNT)), List.of())));
        for (String repo : List.of("vibe-backend", "vibe-frontend")) {
            EcrRegistryProviderContractIT.givenEcrImage(moto, WEST, repo, "1.42.0");
        }
    }

    @Test
    void checks_runbookSettings_pass(MotoServer moto) {
        seed(moto, "Enabled", 90, WEST);

        assertThat(engine(moto).execute(plan())).succeeded();
    }

    @Test
    void checks_disabledReplicationLateGlacierAndImagesToAnotherRegion_failNamingEach(MotoServer moto) {
        seed(moto, "Disabled", 180, Region.of("eu-west-1"));

        assertThat(engine(moto).execute(plan()))
                .stepFailedWith("bucket", "bucket files is not protected as the runbook says: replication: expected an"
                        + " Enabled rule for every object to a bucket in us-west-2 but was rule 'to-dr' (Disabled) to files-dr in us-west-2;"
                        + " transition to GLACIER: expected after 90 days but was after 180 days; fix: ")
                .stepFailedWith("images", "images [vibe-backend:1.42.0, vibe-frontend:1.42.0] are not replicated to the"
                        + " us-west-2 registry: replication: expected a rule copying [vibe-backend, vibe-frontend] to"
                        + " us-west-2 but was rules [eu-west-1] do not copy [vibe-backend, vibe-frontend]; fix: ");
    }
}
