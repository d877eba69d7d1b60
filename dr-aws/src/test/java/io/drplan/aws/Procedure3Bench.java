package io.drplan.aws;

import io.drplan.aws.MotoServerExtension.MotoServer;
import io.drplan.core.DrEngine;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.RunOptions;
import io.drplan.core.Secret;
import io.drplan.core.StepReport;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.SystemScheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A bench, not a test: runs the AWS steps of Procedure 3 ({@link MotoFixtures#procedure3}) against a
 * fresh moto_server N times (reset and re-seeded before each run, outside the timing) and prints
 * the median wall time of {@code engine.execute} and the API calls per run.
 *
 * <pre>
 * mvn -B -q -pl dr-aws -am test-compile
 * mvn -B -q -pl dr-aws exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.drplan.aws.Procedure3Bench -Dexec.args=50
 * </pre>
 */
public final class Procedure3Bench {
    private Procedure3Bench() { }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int warmup = Math.max(3, runs / 5);
        try (MotoServer moto = MotoServer.start();
             AwsClients clients = AwsClients.builder().endpointOverride(moto.endpoint())
                     .staticCredentials(MotoServer.ACCESS_KEY, Secret.of(MotoServer.SECRET_KEY)).build()) {
            DrEngine engine = DrEngine.builder()
                    .providers(AwsProviders.create(clients).register(Providers.builder()).build())
                    .scheduler(SystemScheduler.create())
                    .build();
            List<Long> nanos = new ArrayList<>();
            int calls = 0;
            for (int i = 0; i < warmup + runs; i++) {
                moto.reset();
                MotoFixtures.RunbookResources seeded = MotoFixtures.seedRunbook(moto);
                var plan = MotoFixtures.procedure3(seeded);
                long start = System.nanoTime();
                ExecutionReport report = engine.execute(plan, RunOptions.defaults().forced());
                long took = System.nanoTime() - start;
                if (report.state() != ExecutionState.SUCCEEDED) {
                    throw new IllegalStateException("run " + i + " did not succeed:\n" + report);
                }
                if (i >= warmup) {
                    nanos.add(took);
                    calls = report.steps().stream().map(StepReport::calls)
                            .mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).sum()).sum();
                }
            }
            Collections.sort(nanos);
            System.out.printf("Procedure 3 (AWS steps) against moto_server: %d runs after %d warm-up,"
                            + " median %.1f ms, min %.1f ms, max %.1f ms, %d engine-level API calls per run%n",
                    runs, warmup, nanos.get(nanos.size() / 2) / 1e6, nanos.get(0) / 1e6,
                    nanos.get(nanos.size() - 1) / 1e6, calls);
        }
    }
}
