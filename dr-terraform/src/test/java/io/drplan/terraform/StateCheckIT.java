package io.drplan.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.InfrastructureProvider.IacRun;
import io.drplan.core.spi.InfrastructureProvider.Kind;
import io.drplan.core.spi.InfrastructureProvider.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Terraform state available in DR region", with Terraform's S3 backend pointed at moto_server. */
class StateCheckIT {
    private static final String DIR = "s3state";
    private static Moto moto;

    @TempDir
    Path root;

    @BeforeAll
    static void startMoto(@TempDir Path logs) throws Exception {
        moto = Moto.start(logs);
        moto.createBucket("vibe-tfstate-usw2", "us-west-2");
        moto.createBucket("vibe-tfstate-use1", "us-east-1");
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    private TerraformProvider provider(String bucket, String region) throws Exception {
        Fixtures.copy(root, DIR);
        Path backend = root.resolve("backend.hcl");
        Files.writeString(backend, """
                bucket                      = "%s"
                key                         = "infrastructure/terraform.tfstate"
                region                      = "%s"
                endpoints                   = { s3 = "%s" }
                use_path_style              = true
                skip_credentials_validation = true
                skip_requesting_account_id  = true
                skip_metadata_api_check     = true
                skip_region_validation      = true
                """.formatted(bucket, region, moto.endpoint));
        return Fixtures.provider(root).backendConfigFile(backend)
                .environment("AWS_ACCESS_KEY_ID", "test").environment("AWS_SECRET_ACCESS_KEY", "test")
                .build();
    }

    @Test
    void checkState_bucketInTheDrRegion_readyOnceTheWorkspaceHasAState() throws Exception {
        TerraformProvider tf = provider("vibe-tfstate-usw2", "us-west-2");

        StateCheck before = tf.checkState(DIR, "dr", "us-west-2");

        assertThat(before.backend()).isEqualTo("s3");
        assertThat(before.bucket()).isEqualTo("vibe-tfstate-usw2");
        assertThat(before.bucketRegion()).isEqualTo("us-west-2");
        assertThat(before.key()).isEqualTo("env:/dr/infrastructure/terraform.tfstate");
        assertThat(before.stateExists()).isFalse();
        assertThat(before.problems()).containsExactly("there is no state for workspace dr"
                + " (s3://vibe-tfstate-usw2/env:/dr/infrastructure/terraform.tfstate); apply the workspace once, or"
                + " copy its state there");

        tf.selectWorkspace(DIR, "dr", true);
        assertThat(Fixtures.await(tf, tf.start(new IacRun(Kind.APPLY, DIR, "dr", Map.of("environment", "dr"),
                List.of()))).state()).isEqualTo(State.SUCCEEDED);

        StateCheck after = tf.checkState(DIR, "dr", "us-west-2");
        assertThat(after.isReady()).as("%s", after.problems()).isTrue();
        assertThat(after.stateExists()).isTrue();

        // the same check as a step of a plan, run by the engine
        io.drplan.core.ExecutionReport report = io.drplan.core.DrEngine.builder()
                .providers(io.drplan.core.spi.Providers.builder().infrastructure(tf).build())
                .scheduler(io.drplan.core.time.SystemScheduler.create()).build()
                .execute(io.drplan.core.DrPlan.region("us-east-1").failoverTo("us-west-2").named("tf-state")
                        .tier(io.drplan.core.IncidentTier.MINOR)
                        .objectives(o -> o.rto(java.time.Duration.ofMinutes(30)).rpo(java.time.Duration.ofHours(1)))
                        .step("tf-state", s -> s.terraform(DIR).workspace("dr").checkStateAvailableIn("us-west-2"))
                        .build());
        assertThat(report.step("tf-state").orElseThrow().outputs())
                .containsEntry("summary", "the Terraform state of s3state (workspace dr) is in us-west-2");
    }

    @Test
    void checkState_bucketInThePrimaryRegion_notReady() throws Exception {
        TerraformProvider tf = provider("vibe-tfstate-use1", "us-east-1");
        tf.selectWorkspace(DIR, "dr", true);

        StateCheck check = tf.checkState(DIR, "dr", "us-west-2");

        assertThat(check.bucketRegion()).isEqualTo("us-east-1");
        assertThat(check.problems()).containsExactly(
                "the s3 backend of s3state is configured for region us-east-1, not us-west-2; during a regional outage"
                        + " Terraform could not reach it: use a bucket in us-west-2",
                "the state bucket vibe-tfstate-use1 is in us-east-1, not in us-west-2; replicate the state to a bucket"
                        + " in us-west-2 and point the backend at it");
    }

    @Test
    void checkState_localBackend_notReady() {
        Fixtures.copy(root, Fixtures.DIR);
        TerraformProvider tf = Fixtures.provider(root).build();

        StateCheck check = tf.checkState(Fixtures.DIR, "default", "us-west-2");

        assertThat(check.backend()).isEqualTo("local");
        assertThat(check.problems()).containsExactly("the backend of infra is local (none configured), not s3: the"
                + " state is not kept in the DR region; configure backend \"s3\" with a bucket in us-west-2");
    }
}
