package io.drplan.terraform;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.ExecutionReport;
import io.drplan.core.spi.InfrastructureProvider.IacRun;
import io.drplan.core.spi.InfrastructureProvider.Kind;
import io.drplan.core.spi.InfrastructureProvider.State;
import io.drplan.core.time.SystemScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM dies (SIGKILL) while Terraform applies; the execution is resumed from its journal. The
 * orphaned terraform finishes its apply; the resumed step waits for its lock, plans again, finds
 * nothing to do and applies nothing twice; no lock is left held.
 */
class TerraformCrashIT {
    @TempDir
    Path root;

    @Test
    void jvmKilledDuringApply_resume_appliesNothingTwice_andLeavesNoLock() throws Exception {
        Fixtures.copy(root, Fixtures.DIR);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath, TerraformCrashChild.class.getName(),
                root.toString())
                .redirectOutput(root.resolve("child.out").toFile()).redirectError(root.resolve("child.err").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (child.descendants().noneMatch(h -> h.info().commandLine().orElse("").contains("sleep 3"))) {
            assertThat(child.isAlive()).as("the child ended before applying; see %s", root).isTrue();
            assertThat(System.nanoTime()).as("no apply within 60 s").isLessThan(deadline);
            Fixtures.sleep(20);
        }

        child.destroyForcibly();   // SIGKILL: no shutdown hook; the terraform process is orphaned, still applying
        child.waitFor();

        TerraformProvider tf = Fixtures.provider(root).lockTimeout(Duration.ofSeconds(30)).build();
        ExecutionReport resumed;
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            resumed = TerraformCrashChild.engine(root, tf, scheduler).resume(TerraformCrashChild.plan(),
                    TerraformCrashChild.EXECUTION_ID);
        }

        assertThat(resumed).succeeded();
        assertThat(Fixtures.appliedLog(root)).containsExactlyInAnyOrder("network-dr", "db-db.t4g.medium");
        IacRunStatusCheck.noChangesAndNoLock(Fixtures.provider(root).build());
    }

    /** A last plan that must take the lock at once and find nothing to do. */
    private static final class IacRunStatusCheck {
        static void noChangesAndNoLock(TerraformProvider tf) {
            var s = Fixtures.await(tf, tf.start(new IacRun(Kind.PLAN, Fixtures.DIR, "dr",
                    Map.of("environment", "dr", "sleep_seconds", "3"), List.of())));
            assertThat(s.state()).isEqualTo(State.SUCCEEDED);
            assertThat(s.summary()).isEqualTo("No changes. Your infrastructure matches the configuration.");
        }
    }
}
