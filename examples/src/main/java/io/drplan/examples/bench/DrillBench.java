package io.drplan.examples.bench;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.core.spi.Providers;
import io.drplan.examples.VibePlans;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.FakeCloudExtension;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Benchmarks printing medians (wall time by {@code System.nanoTime}, after warm-up):
 * <ol>
 *   <li>the runbook's Procedure 3 (full region failover) on the fake cloud in virtual time;</li>
 *   <li>engine overhead per step: building, previewing and executing a 10,000-step plan of no-op
 *       steps on virtual time.</li>
 * </ol>
 * Run: {@code mvn -q -B -pl examples -am -DskipTests package exec:java -Ddrplan.main=io.drplan.examples.bench.DrillBench}
 */
public final class DrillBench {
    private DrillBench() { }

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        DrPlan plan = VibePlans.regionFailover(Secret.named("db-password", "bench-password"));

        // 1. Procedure 3 on the fake cloud
        for (int i = 0; i < warmup; i++) {
            procedure3(plan);
        }
        long[] wall = new long[runs];
        double ratio = 0;
        Duration simulated = Duration.ZERO;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            ExecutionReport r = procedure3(plan);
            wall[i] = System.nanoTime() - t0;
            ratio = (double) r.achievedRto().toMillis() / r.criticalPath().toMillis();
            simulated = r.achievedRto();
        }
        System.out.printf("Procedure 3 on the fake cloud: median %.2f ms, p90 %.2f ms wall per run (%d runs after %d"
                        + " warm-up) for %s of simulated cloud time; achieved RTO / critical path = %.4f%n",
                median(wall) / 1e6, percentile(wall, 0.9) / 1e6, runs, warmup, simulated, ratio);

        // 2. Engine overhead per step
        int n = 10_000;
        long[] build = new long[7];
        long[] exec = new long[7];
        for (int i = 0; i < build.length + 3; i++) {
            long t0 = System.nanoTime();
            DrPlan big = bigPlan(n);
            long t1 = System.nanoTime();
            VirtualScheduler time = VirtualScheduler.create();
            DrEngine engine = DrEngine.builder().providers(Providers.builder().build()).scheduler(time).seed(1)
                    .maxParallelism(64).build();
            ExecutionReport r = engine.execute(big);
            long t2 = System.nanoTime();
            if (r.steps().size() != n || r.achievedRto() == null) {
                throw new IllegalStateException("the big plan did not complete: " + r.state());
            }
            if (i >= 3) {
                build[i - 3] = t1 - t0;
                exec[i - 3] = t2 - t1;
            }
        }
        System.out.printf("%,d-step plan: build+validate median %.1f ms (%.1f us/step); execute on virtual time"
                        + " median %.1f ms (%.1f us/step)%n", n, median(build) / 1e6, median(build) / 1e3 / n,
                median(exec) / 1e6, median(exec) / 1e3 / n);
    }

    private static ExecutionReport procedure3(DrPlan plan) {
        VirtualScheduler time = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.vibePlatform(time);
        cloud.region(Region.of(VibePlans.PRIMARY)).goDown();
        ExecutionReport r = FakeCloudExtension.engineFor(cloud).execute(plan);
        if (!r.metRto()) {
            throw new IllegalStateException("Procedure 3 did not recover: " + r.state());
        }
        return r;
    }

    /** {@code n} no-op steps in layers of 100, each step after one step of the layer before. */
    static DrPlan bigPlan(int n) {
        DrPlan.PlanStage stage = DrPlan.region("us-east-1").failoverTo("us-west-2").named("bench-" + n)
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)));
        for (int i = 0; i < n; i++) {
            int k = i;
            stage = stage.step("s" + i, s -> {
                var step = s.custom("no-op " + k, ctx -> CompletableFuture.completedFuture(Map.of()))
                        .estimate(Duration.ofSeconds(1));
                if (k >= 100) {
                    step.after("s" + (k - 100));
                }
                return step;
            });
        }
        return stage.build();
    }

    private static double median(long[] xs) {
        return percentile(xs, 0.5);
    }

    private static double percentile(long[] xs, double p) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(p * s.length))];
    }
}
