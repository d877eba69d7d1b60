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
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bench, not a test: runs the AWS steps of Procedure 3 ({@link MotoFixtures#procedure3}) against a
 * fresh moto_server N times (reset and re-seeded before each run, outside the timing) and prints
 * the median wall time of {@code engine.execute} and the API calls per run; side by side, in the
 * same run on the same server, it times one warm boto3 process ({@code bench/procedure3_boto3.py})
 * doing the same work and, once, a shell-style sequence of {@code aws} CLI calls.
 *
 * <p>What both sides do, call for call (the table below marks any operation whose count differs):
 * before the first change, the checks drplan's preflight makes, that the new instance id is free
 * ({@code DescribeDBInstances}), the newest snapshot in us-west-2 ({@code DescribeDBSnapshots}), the
 * records of {@code api.vibe.dev} ({@code ListResourceRecordSets}) and both health checks
 * ({@code GetHealthCheckStatus} twice); then the region probe ({@code DescribeVpcs},
 * {@code DescribeAvailabilityZones}), the registry's replication rules and both images
 * ({@code DescribeRegistry}, {@code DescribeImages} twice), the restore from the snapshot found
 * before ({@code RestoreDBInstanceFromDBSnapshot}) and its wait ({@code DescribeDBInstances}), the
 * DR targets ({@code DescribeTargetHealth}), and the DNS change as one compare-and-swap batch
 * ({@code ChangeResourceRecordSets}: a DELETE of each record exactly as read, a CREATE of its new
 * version): 14 calls. Neither side reads again what it read before; boto3 makes them one after the
 * other, as a script would, drplan runs independent steps and reads concurrently.
 *
 * <p>Both sides are warm. boto3 is after its first calls; the JVM reaches its steady state only after about a
 * thousand SDK calls (the JIT compiles the SDK's and the HTTP client's paths, and until then it spends as much CPU as
 * moto does), so the timed runs follow 100 untimed ones ({@code -Dprocedure3.warmup=N} for another count). It also
 * prints the same figures over the runs right after the first 10, as a JVM that has made a hundred calls sees them.
 * It prints the SDK calls per
 * operation on both sides (an {@link OperationStats} interceptor on drplan's {@link AwsClients},
 * botocore's before/after-call events in the script) with their summed latency, the median start
 * and end of each of drplan's steps, and the CPU each side's process and moto spent per run.
 *
 * <pre>
 * mvn -B -q -pl dr-aws -am -DskipTests -Pprocedure3-bench package exec:java -Dexec.args=30
 * </pre>
 *
 * {@code -Dprocedure3.httpClient=url-connection} runs drplan's side on the JDK's HttpURLConnection
 * instead of the Apache HttpClient 5 that {@link AwsClients} uses, for comparison.
 */
public final class Procedure3Bench {
    /** The warm-up this bench had before it was 100 runs: its figures are printed beside the steady state's. */
    private static final int EARLY = 10;

    private Procedure3Bench() { }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        // both sides warm: boto3 is warm after its first calls, the JVM once the SDK paths are compiled
        int warmup = Integer.getInteger("procedure3.warmup", 100);
        // the runs right after the first EARLY ones, timed too when the warm-up is long enough to hold them
        boolean early = warmup >= EARLY + runs;
        OperationStats sent = new OperationStats();
        Path script = Files.createTempFile("procedure3_boto3", ".py");
        try (InputStream in = Procedure3Bench.class.getResourceAsStream("/bench/procedure3_boto3.py")) {
            Files.write(script, in.readAllBytes());
        }
        // -Dprocedure3.httpClient=url-connection compares the JDK's HttpURLConnection with our Apache HttpClient 5
        String httpClient = System.getProperty("procedure3.httpClient", "apache5");
        var other = httpClient.equals("url-connection")
                ? software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create() : null;
        try (MotoServer moto = MotoServer.start();
             AwsClients clients = withHttpClient(AwsClients.builder(), other).endpointOverride(moto.endpoint())
                     .staticCredentials(MotoServer.ACCESS_KEY, Secret.of(MotoServer.SECRET_KEY))
                     .executionInterceptor(sent).build()) {
            System.out.println("drplan's HTTP client: " + httpClient);
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
            List<Long> earlyJava = new ArrayList<>();
            List<Double> earlyBoto3 = new ArrayList<>();
            List<Map<String, OperationStats.Op>> javaOps = new ArrayList<>();
            Map<String, List<double[]>> timeline = new LinkedHashMap<>();
            List<Map<String, OperationStats.Op>> boto3Ops = new ArrayList<>();
            int calls = 0;
            ProcessHandle motoProcess = serverProcess(moto);
            ProcessHandle pythonProcess = python.toHandle();
            // CPU per side, summed over the timed runs: the client's process and moto's (ms)
            double[] cpu = new double[4];
            for (int i = 0; i < warmup + runs; i++) {
                moto.reset();
                MotoFixtures.RunbookResources seeded = MotoFixtures.seedRunbook(moto);
                var plan = MotoFixtures.procedure3(seeded);
                sent.clear();
                Instant wallStart = Instant.now();
                double jvm0 = cpuMillis(ProcessHandle.current());
                double moto0 = cpuMillis(motoProcess);
                long start = System.nanoTime();
                ExecutionReport report = engine.execute(plan, RunOptions.defaults().forced());
                long took = System.nanoTime() - start;
                double jvmCpu = cpuMillis(ProcessHandle.current()) - jvm0;
                double motoCpu = cpuMillis(motoProcess) - moto0;
                if (report.state() != ExecutionState.SUCCEEDED) {
                    throw new IllegalStateException("run " + i + " did not succeed:\n" + report);
                }
                moto.reset();
                seeded = MotoFixtures.seedRunbook(moto);
                double python0 = cpuMillis(pythonProcess);
                double motoPython0 = cpuMillis(motoProcess);
                toPython.println(Json.write(Map.of("securityGroupId", seeded.drNetwork().securityGroupId(),
                        "targetGroupArn", seeded.drTargetGroupArn(), "zoneId", seeded.hostedZoneId(),
                        "healthCheckId", seeded.healthCheckId(), "drHealthCheckId", seeded.drHealthCheckId())));
                @SuppressWarnings("unchecked")
                Map<String, Object> fromBoto3 = (Map<String, Object>) Json.parse(fromPython.readLine());
                double pythonMillis = ((Number) fromBoto3.get("ms")).doubleValue();
                if (early && i >= EARLY && i < EARLY + runs) {
                    earlyJava.add(took);
                    earlyBoto3.add(pythonMillis);
                }
                if (i >= warmup) {
                    cpu[0] += jvmCpu;
                    cpu[1] += motoCpu;
                    cpu[2] += cpuMillis(pythonProcess) - python0;
                    cpu[3] += cpuMillis(motoProcess) - motoPython0;
                    java.add(took);
                    boto3.add(pythonMillis);
                    javaOps.add(sent.snapshot());
                    for (StepReport r : report.steps()) {
                        timeline.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(new double[] {
                                Duration.between(wallStart, r.startedAt()).toNanos() / 1e6,
                                Duration.between(wallStart, r.finishedAt()).toNanos() / 1e6});
                    }
                    boto3Ops.add(OperationStats.of(fromBoto3.get("ops")));
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
            if (early) {
                Collections.sort(earlyJava);
                Collections.sort(earlyBoto3);
                double j = earlyJava.get(earlyJava.size() / 2) / 1e6;
                double b = earlyBoto3.get(earlyBoto3.size() / 2);
                System.out.printf("the same over runs %d-%d, after only %d warm-up runs (the JIT still compiling):"
                        + " drplan %.1f ms, boto3 %.1f ms; drplan / boto3 = %.2f%n", EARLY + 1, EARLY + runs, EARLY,
                        j, b, j / b);
            }
            System.out.println(OperationStats.table(javaOps, boto3Ops));
            System.out.printf("CPU per run (mean, ms): drplan's side JVM %.1f, moto %.1f; boto3's side python %.1f,"
                    + " moto %.1f%n", cpu[0] / runs, cpu[1] / runs, cpu[2] / runs, cpu[3] / runs);
            StringBuilder steps = new StringBuilder("drplan's steps, median ms from the start of execute:");
            timeline.forEach((step, spans) -> steps.append(String.format(" %s %.1f-%.1f;", step,
                    median(spans, 0), median(spans, 1))));
            System.out.println(steps);
            moto.reset();
            MotoFixtures.RunbookResources seeded = MotoFixtures.seedRunbook(moto);
            double cli = awsCli(moto, seeded);
            System.out.printf("the runbook's way, one aws CLI process per call: %.0f ms; aws CLI / drplan = %.0fx%n",
                    cli, cli / javaMedian);
        }
    }

    /** The moto_server process listening on the server's port (its command line names the port), or null. */
    private static ProcessHandle serverProcess(MotoServer moto) {
        String port = Integer.toString(moto.endpoint().getPort());
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(port)).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains("moto")).orElse(false))
                .findFirst().orElse(null);
    }

    /** CPU time of {@code process} in ms; NaN when the platform does not say (or moto's process was not found). */
    private static double cpuMillis(ProcessHandle process) {
        return process == null ? Double.NaN
                : process.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
    }

    private static AwsClients.Builder withHttpClient(AwsClients.Builder b,
                                                     software.amazon.awssdk.http.SdkHttpClient client) {
        return client == null ? b : b.httpClient(client);
    }

    private static Map<String, Object> upsert(String role, String id, String value, String healthCheck) {
        return Map.of("Action", "UPSERT", "ResourceRecordSet", Map.of("Name", MotoFixtures.API_NAME, "Type", "CNAME",
                "SetIdentifier", id, "Failover", role, "TTL", 60, "HealthCheckId", healthCheck,
                "ResourceRecords", List.of(Map.of("Value", value))));
    }

    private static double median(List<double[]> spans, int i) {
        List<Double> v = new ArrayList<>();
        spans.forEach(s -> v.add(s[i]));
        Collections.sort(v);
        return v.get(v.size() / 2);
    }

    /** The runbook's commands as a shell script would run them: one {@code aws} process per call. */
    private static double awsCli(MotoServer moto, MotoFixtures.RunbookResources ids) throws IOException,
            InterruptedException {
        String ep = moto.endpoint().toString();
        String batch = Json.write(Map.of("Changes", List.of(
                upsert("PRIMARY", "primary", MotoFixtures.DR_ALB, ids.drHealthCheckId()),
                upsert("SECONDARY", "secondary", MotoFixtures.PRIMARY_ALB, ids.healthCheckId()))));
        // the runbook's commands (UPSERTs, no health check reads); the first describe-db-instances is expected to
        // fail (the id is free)
        List<List<String>> commands = List.of(
                List.of("ec2", "describe-vpcs", "--region", "us-east-1"),
                List.of("ec2", "describe-availability-zones", "--region", "us-east-1"),
                List.of("ecr", "describe-registry", "--region", "us-east-1"),
                List.of("ecr", "describe-images", "--region", "us-west-2", "--repository-name", "vibe-backend",
                        "--image-ids", "imageTag=" + MotoFixtures.IMAGE_TAG),
                List.of("ecr", "describe-images", "--region", "us-west-2", "--repository-name", "vibe-frontend",
                        "--image-ids", "imageTag=" + MotoFixtures.IMAGE_TAG),
                List.of("rds", "describe-db-instances", "--region", "us-west-2", "--db-instance-identifier",
                        "vibe-postgres-dr"),
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
                        ids.hostedZoneId(), "--start-record-name", "api.vibe.dev"),
                List.of("route53", "change-resource-record-sets", "--region", "us-east-1", "--hosted-zone-id",
                        ids.hostedZoneId(), "--change-batch", batch));
        long start = System.nanoTime();
        for (List<String> c : commands) {
            List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", ep, "--output", "json"));
            cmd.addAll(c);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
            pb.environment().put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 && !(c.get(1).equals("describe-db-instances") && output.contains("DBInstanceNotFound"))) {
                throw new IllegalStateException("aws " + String.join(" ", c) + " failed: " + output);
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
