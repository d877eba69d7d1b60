package io.drplan.terraform;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.IncidentTier;
import io.drplan.core.event.StepProgressedEvent;
import io.drplan.core.spi.InfrastructureProvider.IacRun;
import io.drplan.core.spi.InfrastructureProvider.Kind;
import io.drplan.core.spi.InfrastructureProvider.State;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.SystemScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine running {@code terraform(dir)} steps on the real binary: progress events, and a timeout. */
class TerraformStepIT {
    @TempDir
    Path root;
    private TerraformProvider tf;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        Fixtures.copy(root, Fixtures.DIR);
        tf = Fixtures.provider(root).build();
    }

    private ExecutionReport run(String sleepSeconds, Duration timeout) {
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("activate")
                .tier(IncidentTier.MAJOR).objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("activate-dr-infra", s -> s.terraform(Fixtures.DIR).workspace("dr").var("environment", "dr")
                        .var("sleep_seconds", sleepSeconds).output("alb_dns_name").timeout(timeout))
                .build();
        DrEngine engine = DrEngine.builder().providers(Providers.builder().infrastructure(tf).build())
                .scheduler(SystemScheduler.create()).maxPollInterval(Duration.ofMillis(100))
                .listener(e -> {
                    if (e instanceof StepProgressedEvent p) {
                        progress.add(p.message());
                    }
                }).build();
        return engine.execute(plan);
    }

    private static ProcessHandle[] terraformTree() {
        return ProcessHandle.current().descendants()
                .filter(h -> h.info().commandLine().orElse("").contains("sleep 30")
                        || h.info().command().orElse("").endsWith("terraform")).toArray(ProcessHandle[]::new);
    }

    @Test
    void apply_reportsProgressFromTerraformsJsonLines() {
        ExecutionReport report = run("2", Duration.ofMinutes(5));

        assertThat(report).succeeded();
        assertThat(report.step("activate-dr-infra").orElseThrow().outputs())
                .containsEntry("summary", "Apply complete! Resources: 3 added, 0 changed, 0 destroyed.")
                .containsEntry("changes", 3)
                .containsEntry("output.alb_dns_name", "vibe-alb-dr.example.com");
        assertThat(progress).anyMatch(m -> m.matches("terraform apply tf-apply-\\w+: applying: [0-2] of 3 done; .*"
                + "terraform_data\\.network creating.*"));
    }

    @Test
    void timeout_endsTheTerraformProcessTree_andTheLockIsFree() {
        ExecutionReport report = run("30", Duration.ofSeconds(3));

        assertThat(report).stepFailedWith("activate-dr-infra", "step 'activate-dr-infra' timed out after 3.0s");
        // the step stops its run when its wait ends (the next poll): well before the 30 s sleep would
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (terraformTree().length > 0 && System.nanoTime() < deadline) {
            Fixtures.sleep(50);
        }
        assertThat(terraformTree()).isEmpty();
        // someone else takes the lock at once (lockTimeout 0)
        assertThat(Fixtures.await(tf, tf.start(new IacRun(Kind.PLAN, Fixtures.DIR, "dr",
                Map.of("environment", "dr"), List.of()))).state()).isEqualTo(State.SUCCEEDED);
    }
}
