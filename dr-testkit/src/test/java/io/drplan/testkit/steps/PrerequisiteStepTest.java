package io.drplan.testkit.steps;

import io.drplan.core.step.*;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Region;
import io.drplan.core.spi.ContainerRegistryProvider.RegistryReplicationRule;
import io.drplan.core.spi.ContainerRegistryProvider.ReplicationDestination;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.ObjectStorageProvider.LifecycleRule;
import io.drplan.core.spi.ObjectStorageProvider.ReplicationRule;
import io.drplan.core.spi.ObjectStorageProvider.Transition;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.DrTest;
import io.drplan.testkit.FakeCloud;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** checkBucketProtection and checkImagesReplicated against the runbook's numbers, on the fake cloud's Vibe platform. */
@DrTest
class PrerequisiteStepTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final Region EU = Region.of("eu-west-1");
    private static final String BUCKET = "vibe-files-production";
    private static final List<Transition> RUNBOOK = List.of(new Transition(30, "STANDARD_IA"), new Transition(90, "GLACIER"));

    private static DrPlan bucketCheck() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("bucket-check")
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("bucket", s -> s.checkBucketProtection(BUCKET))
                .build();
    }

    private static DrPlan imagesCheck() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("images-check")
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("images", s -> s.checkImagesReplicated()
                        .image("vibe-backend", "1.42.0").image("vibe-frontend", "1.42.0"))
                .build();
    }

    @Test
    void checkBucketProtection_runbookBucket_passes(DrEngine engine) {
        ExecutionReport r = engine.execute(bucketCheck());

        assertThat(r).succeeded();
        assertThat(r.step("bucket").orElseThrow().outputs()).containsEntry("versioning", "Enabled");
    }

    @Test
    void checkBucketProtection_disabledRulesAndWrongNumbers_failNamingExpectedAndActual(FakeCloud cloud,
                                                                                        DrEngine engine) {
        cloud.objectStorage().addBucket(EU, new BucketProtection("vibe-files-eu", "Enabled", List.of(), List.of()));
        cloud.objectStorage().addBucket(EAST, new BucketProtection(BUCKET, "Suspended",
                List.of(new ReplicationRule("to-dr", "Disabled", "arn:aws:s3:::vibe-files-dr"),
                        new ReplicationRule("to-eu", "Enabled", "arn:aws:s3:::vibe-files-eu")),
                List.of(new LifecycleRule("runbook", "Disabled", RUNBOOK, 365),
                        new LifecycleRule("logs", "Enabled", "prefix 'logs/'", RUNBOOK, 365),
                        new LifecycleRule("cheap", "Enabled", List.of(new Transition(45, "STANDARD_IA")), 30))));

        ExecutionReport r = engine.execute(bucketCheck());

        assertThat(r).stepFailedWith("bucket", "bucket vibe-files-production is not protected as the runbook says:"
                + " versioning: expected Enabled but was Suspended;"
                + " replication: expected an Enabled rule for every object to a bucket in us-west-2 but was rule 'to-dr' (Disabled) to"
                + " vibe-files-dr in us-west-2, rule 'to-eu' (Enabled) to vibe-files-eu in eu-west-1;"
                + " noncurrent version retention: expected 365 days but was 30 days (rule 'runbook' is Disabled,"
                + " rule 'logs' applies only to prefix 'logs/');"
                + " transition to STANDARD_IA: expected after 30 days but was after 45 days (rule 'runbook' is Disabled,"
                + " rule 'logs' applies only to prefix 'logs/');"
                + " transition to GLACIER: expected after 90 days but was none (rule 'runbook' is Disabled,"
                + " rule 'logs' applies only to prefix 'logs/'); fix: aws s3api put-bucket-versioning");
    }

    @Test
    void checkBucketProtection_destinationBucketMissing_replicationFails(FakeCloud cloud, DrEngine engine) {
        cloud.objectStorage().addBucket(EAST, new BucketProtection(BUCKET, "Enabled",
                List.of(new ReplicationRule("to-dr", "Enabled", "arn:aws:s3:::vibe-files-gone")),
                List.of(new LifecycleRule("tiering", "Enabled", RUNBOOK, 365))));

        assertThat(engine.execute(bucketCheck())).stepFailedWith("bucket", "bucket vibe-files-production is not"
                + " protected as the runbook says: replication: expected an Enabled rule for every object to a bucket"
                + " in us-west-2 but was rule 'to-dr' (Enabled) to vibe-files-gone whose region could not be read; fix: aws s3api"
                + " put-bucket-replication --bucket vibe-files-production");
    }

    @Test
    void checkImagesReplicated_replicatedAndPresent_passes(FakeCloud cloud, DrEngine engine) {
        assertThat(engine.execute(imagesCheck())).succeeded();
        assertThat(cloud.calls("ecr:*")).extracting(FakeCloud.Call::toString).hasSize(3);
    }

    @Test
    void checkImagesReplicated_rulesMissTheDrRegionAndARepository_fails(FakeCloud cloud, DrEngine engine) {
        cloud.registries().setReplication(EAST, List.of(
                new RegistryReplicationRule(List.of(new ReplicationDestination(EU, "123456789012")), List.of()),
                new RegistryReplicationRule(List.of(new ReplicationDestination(WEST, "123456789012")),
                        List.of("vibe-back"))));

        assertThat(engine.execute(imagesCheck())).stepFailedWith("images", "images [vibe-backend:1.42.0,"
                + " vibe-frontend:1.42.0] are not replicated to the us-west-2 registry: replication: expected a rule"
                + " copying [vibe-backend, vibe-frontend] to us-west-2 but was rules [eu-west-1], [us-west-2] for"
                + " prefixes [vibe-back] do not copy [vibe-frontend]; fix: aws ecr put-replication-configuration");
    }

    @Test
    void checkImagesReplicated_imageMissingInDr_fails(FakeCloud cloud, DrEngine engine) {
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("images-check")
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("images", s -> s.checkImagesReplicated().image("vibe-backend", "1.43.0"))
                .build();
        cloud.registries().addImage(EAST, "vibe-backend", "1.43.0");

        assertThat(engine.execute(plan)).stepFailedWith("images", "images [vibe-backend:1.43.0] are not replicated"
                + " to the us-west-2 registry: images: expected [vibe-backend:1.43.0] present but was missing"
                + " [vibe-backend:1.43.0]; fix: turn replication to us-west-2 on, then push the images again");
    }

    @Test
    void checkImagesReplicated_primaryRegistryDown_checksPresenceAndSaysSo(FakeCloud cloud, DrEngine engine) {
        cloud.faults().at("ecr/us-east-1").failAlways("ecr:*", Reason.UNAVAILABLE);

        ExecutionReport r = engine.execute(imagesCheck());

        assertThat(r).succeeded();
        assertThat(r.step("images").orElseThrow().notes()).singleElement().asString()
                .startsWith("replication rules of the us-east-1 registry not checked: it did not answer (")
                .endsWith("); image presence in us-west-2 decides");
    }

    @Test
    void checkImagesReplicated_primaryRegistryAccessDenied_fails(FakeCloud cloud, DrEngine engine) {
        cloud.faults().at("ecr/us-east-1").failAlways("ecr:DescribeRegistry", Reason.ACCESS_DENIED);

        assertThat(engine.execute(imagesCheck())).stepHasOutcome("images", io.drplan.core.StepOutcome.FAILED);
    }
}
