package io.drplan.terraform;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.IncidentTier;
import io.drplan.core.Mode;
import io.drplan.core.RunOptions;
import io.drplan.core.journal.FileJournalStore;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.SystemScheduler;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The JVM {@link TerraformCrashIT} kills during an apply: runs {@link #plan()} with a file journal
 * in {@code ROOT/journal}. {@code java -cp ... TerraformCrashChild ROOT}
 */
public final class TerraformCrashChild {
    static final String EXECUTION_ID = "tf-crash-1";

    private TerraformCrashChild() { }

    static DrPlan plan() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("tf-crash").tier(IncidentTier.MAJOR)
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("activate-dr-infra", s -> s.terraform(Fixtures.DIR).workspace("dr").var("environment", "dr")
                        .var("sleep_seconds", "3"))
                .build();
    }

    static DrEngine engine(Path root, TerraformProvider tf, SystemScheduler scheduler) {
        return DrEngine.builder().providers(Providers.builder().infrastructure(tf).build()).scheduler(scheduler)
                .journal(FileJournalStore.in(root.resolve("journal"))).maxPollInterval(Duration.ofMillis(100)).build();
    }

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            TerraformProvider tf = Fixtures.provider(root).build();
            ExecutionReport report = scheduler.await(engine(root, tf, scheduler).start(plan(), Mode.EXECUTE,
                    RunOptions.defaults().executionId(EXECUTION_ID)).result());
            System.out.println("FINAL " + report.state());
        }
    }
}
