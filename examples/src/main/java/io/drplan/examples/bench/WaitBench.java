package io.drplan.examples.bench;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.StepReport;
import io.drplan.examples.VibePlans;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A bench of waiting, on virtual time: while an RDS restore takes about 25 minutes, how many
 * {@code DescribeDBInstances} calls each way of waiting makes, and how long after the instance
 * became available it notices (the detection lag). Over N seeds, each seed drawing the restore's
 * true duration and drplan's jitter; medians printed per strategy.
 * <ul>
 *   <li>drplan: the real engine and {@code restoreLatestSnapshot} step on the testkit's
 *       {@link FakeCloud} (restore duration set in its timings), counting the fake's calls;</li>
 *   <li>the AWS SDK's {@code RdsWaiter.waitUntilDBInstanceAvailable} (2.57.8: 60 attempts,
 *       {@code fixedDelayWithoutJitter(30 s)}) and {@code aws rds wait db-instance-available}
 *       (botocore's waiters-2.json: delay 30, maxAttempts 60): both poll at once and then every
 *       30 s, so their schedule is computed, not simulated; after 60 polls (29.5 min) they give up.</li>
 * </ul>
 * Run: {@code mvn -q -B -pl examples -am -DskipTests package exec:java -Ddrplan.main=io.drplan.examples.bench.WaitBench -Dexec.args=200}
 */
public final class WaitBench {
    static final Duration ESTIMATE = Duration.ofMinutes(25);
    static final Duration WAITER_DELAY = Duration.ofSeconds(30);
    static final int WAITER_MAX_ATTEMPTS = 60;

    private WaitBench() { }

    /** One wait: describe calls made after the restore call, and the lag (null when the waiter gave up). */
    record Wait(int describes, Duration lag) { }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        System.out.printf("Waiting for an RDS restore (estimate %s), %d seeds, medians:%n",
                io.drplan.core.Durations.format(ESTIMATE), seeds);
        scenario("restore takes 25 min +-20% (uniform 20-30 min)", seeds,
                r -> Duration.ofMillis((long) (ESTIMATE.toMillis() * (0.8 + 0.4 * r.nextDouble()))));
        scenario("restore takes 15 min (estimate 40% too high)", seeds,
                r -> Duration.ofMinutes(15).plusMillis((long) (r.nextDouble() * 60_000)));
        scenario("restore takes 40 min (estimate 60% too low)", seeds,
                r -> Duration.ofMinutes(40).plusMillis((long) (r.nextDouble() * 60_000)));
    }

    private static void scenario(String title, int seeds, java.util.function.Function<Random, Duration> duration) {
        List<Wait> drplan = new ArrayList<>();
        List<Wait> waiter = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            // sequential seeds give correlated first draws in java.util.Random: spread them first
            Duration d = duration.apply(new Random(new SplittableRandom(seed).nextLong()));
            drplan.add(drplan(seed, d));
            waiter.add(fixedWaiter(d));
        }
        System.out.println("  " + title + ":");
        print("drplan (engine poller, FakeCloud)", drplan);
        print("SDK RdsWaiter (30 s fixed, 60 attempts)", waiter);
        print("aws rds wait db-instance-available", waiter);
    }

    private static void print(String who, List<Wait> waits) {
        List<Integer> calls = new ArrayList<>();
        List<Long> lags = new ArrayList<>();
        int gaveUp = 0;
        for (Wait w : waits) {
            calls.add(w.describes());
            if (w.lag() == null) {
                gaveUp++;
            } else {
                lags.add(w.lag().toMillis());
            }
        }
        Collections.sort(calls);
        Collections.sort(lags);
        System.out.printf("    %-42s describe calls %3d (p90 %3d), detection lag %s (p90 %s)%s%n", who,
                calls.get(calls.size() / 2), calls.get((int) (calls.size() * 0.9)),
                lags.isEmpty() ? "-" : seconds(lags.get(lags.size() / 2)),
                lags.isEmpty() ? "-" : seconds(lags.get((int) (lags.size() * 0.9))),
                gaveUp == 0 ? "" : ", gave up in " + gaveUp + " of " + waits.size() + " (max attempts exceeded)");
    }

    private static String seconds(long millis) {
        return String.format("%5.1f s", millis / 1000.0);
    }

    /** drplan's real step on the fake cloud: the restore becomes available {@code d} after it was asked for. */
    static Wait drplan(long seed, Duration d) {
        VirtualScheduler time = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.builder(time).seed(seed).timings(t -> t.dbRestore(d)).vibePlatform().build();
        DrPlan plan = DrPlan.region(VibePlans.PRIMARY).failoverTo(VibePlans.DR).named("wait-bench")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofDays(8)))
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr").securityGroups("sg-0vibedr")
                        .timeout(Duration.ofHours(3)))
                .build();
        DrEngine engine = DrEngine.builder().providers(cloud.providers()).scheduler(time).seed(seed).build();
        ExecutionReport report = engine.execute(plan);
        StepReport step = report.steps().get(0);
        if (report.state() != ExecutionState.SUCCEEDED) {
            throw new IllegalStateException("the restore did not complete: " + report);
        }
        List<FakeCloud.Call> calls = cloud.calls();
        int restoredAt = -1;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).operation().startsWith("rds:RestoreDBInstance")) {
                restoredAt = i;
            }
        }
        Instant asked = calls.get(restoredAt).at();
        int describes = (int) calls.subList(restoredAt + 1, calls.size()).stream()
                .filter(c -> c.operation().equals("rds:DescribeDBInstances")).count();
        return new Wait(describes, Duration.between(asked.plus(d), step.finishedAt()));
    }

    /** A waiter that polls at once and then every 30 s, at most 60 times (the SDK's and the CLI's). */
    static Wait fixedWaiter(Duration d) {
        for (int attempt = 1; attempt <= WAITER_MAX_ATTEMPTS; attempt++) {
            Duration at = WAITER_DELAY.multipliedBy(attempt - 1L);
            if (at.compareTo(d) >= 0) {
                return new Wait(attempt, at.minus(d));
            }
        }
        return new Wait(WAITER_MAX_ATTEMPTS, null);
    }
}
