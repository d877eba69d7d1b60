package io.drplan.aws;

import io.drplan.aws.testing.MotoFixtures;
import io.drplan.aws.testing.MotoServer;
import io.drplan.core.DrEngine;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.RunOptions;
import io.drplan.core.Secret;
import io.drplan.core.StepReport;
import io.drplan.core.internal.Json;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.SystemScheduler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A bench, not a test: runs the AWS steps of Procedure 3 ({@link MotoFixtures#procedure3}) against a
 * fresh moto_server N times (reset and re-seeded before each run, outside the timing) and prints
 * the median wall time of {@code engine.execute} and the API calls per run; side by side, in the
 * same run on the same server, it times the same calls made by one warm boto3 process
 * ({@code bench/procedure3_boto3.py}) and, once, by a shell-style sequence of {@code aws} CLI calls.
 *
 * <pre>
 * mvn -B -q -pl dr-aws -am -DskipTests -Pprocedure3-bench package exec:java -Dexec.args=30
 * </pre>
 */
public final class Procedure3Bench {
    private Procedure3Bench() { }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int warmup = Math.max(3, runs / 5);
        Path script = Files.createTempFile("procedure3_boto3", ".py");
        try (InputStream in = Procedure3Bench.class.getResourceAsStream("/bench/procedure3_boto3.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (MotoServer moto = MotoServer.start();
             AwsClients clients = AwsClients.builder().endpointOverride(moto.endpoint())
                     .staticCredentials(MotoServer.ACCESS_KEY, Secret.of(MotoServer.SECRET_KEY)).build()) {
            DrEngine engine = DrEngine.builder()
                    .providers(AwsProviders.create(clients).register(Providers.builder()).build())
                    .scheduler(SystemScheduler.create())
                    .build();
            Process python = new ProcessBuilder("python3", script.toString(), moto.endpoint().toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader fromPython = new BufferedReader(new InputStreamReader(python.getInputStream(),
                    StandardCharsets.UTF_8));
            PrintWriter toPython = new PrintWriter(python.getOutputStream(), true, StandardCharsets.UTF_8);
            if (!"ready".equals(fromPython.readLine())) {
                throw new IllegalStateException("the boto3 baseline did not start");
            }
            List<Long> java = new ArrayList<>();
            List<Double> boto3 = new ArrayList<>();
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
                moto.reset();
                seeded = MotoFixtures.seedRunbook(moto);
                toPython.println(Json.write(Map.of("securityGroupId", seeded.drNetwork().securityGroupId(),
                        "targetGroupArn", seeded.drTargetGroupArn(), "zoneId", seeded.hostedZoneId(),
                        "healthCheckId", seeded.healthCheckId(), "drHealthCheckId", seeded.drHealthCheckId())));
                double pythonMillis = Double.parseDouble(fromPython.readLine());
                if (i >= warmup) {
                    java.add(took);
                    boto3.add(pythonMillis);
                    calls = report.steps().stream().map(StepReport::calls)
                            .mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).sum()).sum();
                }
            }
            toPython.close();
            python.waitFor();
            Collections.sort(java);
            Collections.sort(boto3);
            double javaMedian = java.get(java.size() / 2) / 1e6;
            double boto3Median = boto3.get(boto3.size() / 2);
            System.out.printf("Procedure 3 (AWS steps) against moto_server: %d runs after %d warm-up,"
                            + " median %.1f ms, min %.1f ms, max %.1f ms, %d engine-level API calls per run%n",
                    runs, warmup, javaMedian, java.get(0) / 1e6, java.get(java.size() - 1) / 1e6, calls);
            System.out.printf("same calls from one warm boto3 process: median %.1f ms; drplan / boto3 = %.2f%n",
                    boto3Median, javaMedian / boto3Median);
            moto.reset();
            MotoFixtures.RunbookResources seeded = MotoFixtures.seedRunbook(moto);
            double cli = awsCli(moto, seeded);
            System.out.printf("the runbook's way, one aws CLI process per call: %.0f ms; aws CLI / drplan = %.0fx%n",
                    cli, cli / javaMedian);
        }
    }

    /** The runbook's commands as a shell script would run them: one {@code aws} process per call. */
    private static double awsCli(MotoServer moto, MotoFixtures.RunbookResources ids) throws IOException,
            InterruptedException {
        String ep = moto.endpoint().toString();
        List<List<String>> commands = List.of(
                List.of("ec2", "describe-vpcs", "--region", "us-east-1"),
                List.of("ec2", "describe-availability-zones", "--region", "us-east-1"),
                List.of("ecr", "describe-images", "--region", "us-west-2", "--repository-name", "vibe-backend"),
                List.of("ecr", "describe-images", "--region", "us-west-2", "--repository-name", "vibe-frontend"),
                List.of("rds", "describe-db-snapshots", "--region", "us-west-2", "--db-instance-identifier",
                        "vibe-postgres-production"),
                List.of("rds", "restore-db-instance-from-db-snapshot", "--region", "us-west-2",
                        "--db-instance-identifier", "vibe-postgres-dr", "--db-snapshot-identifier", ids.drSnapshotId(),
                        "--db-subnet-group-name", "vibe-db-subnet-group-dr", "--vpc-security-group-ids",
                        ids.drNetwork().securityGroupId()),
                List.of("rds", "describe-db-instances", "--region", "us-west-2", "--db-instance-identifier",
                        "vibe-postgres-dr"),
                List.of("elbv2", "describe-target-health", "--region", "us-west-2", "--target-group-arn",
                        ids.drTargetGroupArn()),
                List.of("route53", "list-resource-record-sets", "--region", "us-east-1", "--hosted-zone-id",
                        ids.hostedZoneId()),
                List.of("route53", "list-health-checks", "--region", "us-east-1"));
        long start = System.nanoTime();
        for (List<String> c : commands) {
            List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", ep, "--output", "json"));
            cmd.addAll(c);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
            pb.environment().put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("aws " + String.join(" ", c) + " failed: " + output);
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
