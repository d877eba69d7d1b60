package io.drplan.examples;

import io.drplan.aws.AwsClients;
import io.drplan.aws.AwsProviders;
import io.drplan.aws.IamPermissions;
import io.drplan.aws.testing.MotoFixtures;
import io.drplan.aws.testing.MotoServer;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Region;
import io.drplan.core.RunOptions;
import io.drplan.core.Secret;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.SystemScheduler;
import io.drplan.core.IncidentTier;
import io.drplan.core.spi.DatabaseProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The AWS part of the runbook's Procedure 3 (verify the primary, check images, restore the database
 * from the newest snapshot in us-west-2, check the DR targets, fail DNS over) run for real against
 * any AWS endpoint: AWS itself (default credentials chain) or an emulator given on the command line.
 *
 * <pre>
 * moto_server -H 127.0.0.1 -p 5000 &amp;
 * mvn -B -q -pl examples -am -DskipTests package exec:java \
 *     -Ddrplan.main=io.drplan.examples.AwsRegionFailover -Dexec.args="http://127.0.0.1:5000 --seed --force"
 *
 * # against AWS, with the account's ids and names:
 * ... -Dexec.args="aws --zone Z0ABC --record api.example.com --target-group arn:aws:elasticloadbalancing:...
 *     --security-group sg-0abc --primary-health-check hc-1 --dr-health-check hc-2
 *     --primary-lb my-alb-use1.us-east-1.elb.amazonaws.com --dr-lb my-alb-usw2.us-west-2.elb.amazonaws.com
 *     --image backend:1.42.0 --image frontend:1.42.0 [--db vibe-postgres-production] [--restore-as vibe-postgres-dr]
 *     [--subnet-group vibe-db-subnet-group-dr] [--force]"
 * </pre>
 *
 * {@code --seed} first creates the runbook's resources (only against an emulator) and uses their ids;
 * the record, load balancers and images then default to the seeded ones. {@code --force} fails over
 * even though the primary region answers (an emulator's always does). Exits with the
 * {@link ExitCode} of the run: 0 only when it SUCCEEDED, 2 for bad arguments.
 */
public final class AwsRegionFailover {
    static final String USAGE = "usage: AwsRegionFailover <endpoint-url|aws> (--seed | --zone Z --record NAME"
            + " --target-group ARN --security-group SG --primary-health-check ID --dr-health-check ID"
            + " --primary-lb DNS --dr-lb DNS --image NAME:TAG [--image NAME:TAG ...])"
            + " [--db ID] [--restore-as ID] [--subnet-group NAME] [--force]";

    private AwsRegionFailover() { }

    /** What the plan needs from the account: ids, names, images. */
    record Params(VibePlans.AwsIds ids, String recordName, String primaryLoadBalancer, String drLoadBalancer,
                  Map<String, String> images, String sourceDb, String restoredDb) { }

    public static void main(String[] args) {
        ExitCode code;
        try {
            code = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            code = ExitCode.USAGE;
        }
        ExitCode.exit(code);
    }

    /**
     * Runs the failover and returns the exit code of its state.
     *
     * @throws IllegalArgumentException naming the argument that is missing or wrong, before any call
     */
    static ExitCode run(String[] args) {
        List<String> a = Arrays.asList(args);
        if (a.isEmpty() || a.contains("--help")) {
            System.out.println(USAGE);
            return a.isEmpty() ? ExitCode.USAGE : ExitCode.SUCCEEDED;
        }
        boolean emulator = !a.get(0).equals("aws");
        URI endpoint = emulator ? URI.create(a.get(0)) : null;
        boolean seed = a.contains("--seed");
        if (seed && !emulator) {
            throw new IllegalArgumentException("--seed creates demo resources and is only for an emulator endpoint,"
                    + " not for AWS itself; pass the account's ids instead (--help)");
        }
        images(a);                                          // every argument checked before the first call
        Params params = seed ? null : fromArgs(a, null);
        AwsClients.Builder b = AwsClients.builder();
        if (emulator) {
            b.endpointOverride(endpoint).staticCredentials("testing", Secret.of("testing"));
        }
        try (AwsClients clients = b.build(); SystemScheduler scheduler = SystemScheduler.create()) {
            if (seed) {
                params = fromArgs(a, seeded(endpoint));
            }
            AwsProviders aws = AwsProviders.create(clients);
            String account = aws.callerIdentity(Region.of(VibePlans.DR)).account(); // preflight: the credentials work
            DrEngine engine = DrEngine.builder().providers(aws.register(Providers.builder()).build())
                    .scheduler(scheduler).build();
            DrPlan plan = plan(params);
            System.out.println(engine.preview(plan));
            System.out.println("IAM policy for this plan:\n"
                    + IamPermissions.forAccount(account).policyDocument(engine.preview(plan).operations()));
            long t0 = System.nanoTime();
            ExecutionReport report = engine.execute(plan, a.contains("--force") ? RunOptions.defaults().forced()
                    : RunOptions.defaults());
            System.out.println(report);
            System.out.printf(Locale.ROOT, "wall time %.0f ms%n", (System.nanoTime() - t0) / 1e6);
            ExitCode code = ExitCode.of(report.state());
            if (code != ExitCode.SUCCEEDED) {
                System.out.println("Exit code " + code.code() + " (" + report.state() + ")");
            }
            return code;
        }
    }

    /** The AWS part of Procedure 3 with the account's ids, names and images. */
    static DrPlan plan(Params p) {
        return DrPlan.region(VibePlans.PRIMARY)
                .failoverTo(VibePlans.DR)
                .named("vibe-region-failover")
                .tier(IncidentTier.CRITICAL)
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)).mttr(Duration.ofHours(2)))
                .step("verify-primary", s -> s.verifyRegionDown(VibePlans.PRIMARY))
                .step("check-images", s -> {
                    var images = s.checkImagesReplicated();
                    p.images().forEach(images::image);
                    return images;
                })
                .step("restore-db", s -> s.restoreLatestSnapshot(p.sourceDb()).as(p.restoredDb())
                        .subnetGroup(p.ids().drSubnetGroup()).securityGroups(p.ids().drSecurityGroup())
                        .snapshotType(DatabaseProvider.SnapshotType.ANY)
                        .after("verify-primary").timeout(Duration.ofMinutes(90)))
                .step("check-targets", s -> s.checkTargetHealth(p.ids().drTargetGroupArn()).minimum(1)
                        .timeout(Duration.ofMinutes(15)))
                .step("dns-failover", s -> s.dnsFailover(p.ids().hostedZoneId(), p.recordName())
                        .primary(p.drLoadBalancer()).primaryHealthCheck(p.ids().drHealthCheckId())
                        .secondary(p.primaryLoadBalancer()).secondaryHealthCheck(p.ids().primaryHealthCheckId())
                        .after("restore-db", "check-targets", "check-images"))
                .build();
    }

    private static Params seeded(URI endpoint) {
        MotoFixtures.RunbookResources r = MotoFixtures.seedRunbook(MotoServer.attach(endpoint));
        Map<String, String> images = new LinkedHashMap<>();
        MotoFixtures.REPOSITORIES.forEach(repo -> images.put(repo, MotoFixtures.IMAGE_TAG));
        return new Params(new VibePlans.AwsIds(r.hostedZoneId(), r.drTargetGroupArn(), r.drNetwork().subnetGroup(),
                r.drNetwork().securityGroupId(), r.healthCheckId(), r.drHealthCheckId()),
                MotoFixtures.API_NAME.replaceAll("\\.$", ""), MotoFixtures.PRIMARY_ALB, MotoFixtures.DR_ALB, images,
                "vibe-postgres-production", "vibe-postgres-dr");
    }

    /** The parameters from the command line; with {@code seeded}, its values are the defaults. */
    static Params fromArgs(List<String> a, Params seeded) {
        Map<String, String> images = images(a);
        if (images.isEmpty()) {
            if (seeded == null) {
                throw missing("--image", "vibe-backend:1.42.0 (once per image)");
            }
            images = seeded.images();
        }
        VibePlans.AwsIds s = seeded == null ? null : seeded.ids();
        VibePlans.AwsIds ids = new VibePlans.AwsIds(
                arg(a, "--zone", s == null ? null : s.hostedZoneId()),
                arg(a, "--target-group", s == null ? null : s.drTargetGroupArn()),
                arg(a, "--subnet-group", s == null ? "vibe-db-subnet-group-dr" : s.drSubnetGroup()),
                arg(a, "--security-group", s == null ? null : s.drSecurityGroup()),
                arg(a, "--primary-health-check", s == null ? null : s.primaryHealthCheckId()),
                arg(a, "--dr-health-check", s == null ? null : s.drHealthCheckId()));
        return new Params(ids,
                arg(a, "--record", seeded == null ? null : seeded.recordName()),
                arg(a, "--primary-lb", seeded == null ? null : seeded.primaryLoadBalancer()),
                arg(a, "--dr-lb", seeded == null ? null : seeded.drLoadBalancer()),
                Collections.unmodifiableMap(images),
                arg(a, "--db", "vibe-postgres-production"),
                arg(a, "--restore-as", "vibe-postgres-dr"));
    }

    /** The {@code --image NAME:TAG} arguments, in order. */
    private static Map<String, String> images(List<String> a) {
        Map<String, String> images = new LinkedHashMap<>();
        for (String image : all(a, "--image")) {
            int colon = image.lastIndexOf(':');
            if (colon <= 0 || colon == image.length() - 1) {
                throw new IllegalArgumentException("--image '" + image + "' is not NAME:TAG; pass e.g. --image"
                        + " vibe-backend:1.42.0");
            }
            images.put(image.substring(0, colon), image.substring(colon + 1));
        }
        return images;
    }

    private static String arg(List<String> a, String name, String fallback) {
        int i = a.indexOf(name);
        if (i < 0) {
            if (fallback == null) {
                throw missing(name, "<value>");
            }
            return fallback;
        }
        if (i + 1 >= a.size() || a.get(i + 1).startsWith("--")) {
            throw new IllegalArgumentException(name + " has no value; pass it as " + name + " <value>");
        }
        return a.get(i + 1);
    }

    private static List<String> all(List<String> a, String name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals(name)) {
                if (i + 1 >= a.size() || a.get(i + 1).startsWith("--")) {
                    throw new IllegalArgumentException(name + " has no value; pass it as " + name + " <value>");
                }
                out.add(a.get(i + 1));
            }
        }
        return out;
    }

    private static IllegalArgumentException missing(String name, String example) {
        return new IllegalArgumentException(name + " is missing; pass the account's value, e.g. " + name + " "
                + example + " (or --seed against an emulator)");
    }
}
