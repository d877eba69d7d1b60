package io.drplan.examples;

import io.drplan.aws.AwsClients;
import io.drplan.aws.AwsProviders;
import io.drplan.aws.IamPermissions;
import io.drplan.aws.testing.MotoFixtures;
import io.drplan.aws.testing.MotoServer;
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
import java.net.URI;
import java.util.Arrays;
import java.util.List;

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
 * # against AWS, with the account's ids:
 * ... -Dexec.args="aws --zone Z0ABC --target-group arn:aws:elasticloadbalancing:... --security-group sg-0abc
 *     --primary-health-check hc-1 --dr-health-check hc-2 [--subnet-group vibe-db-subnet-group-dr] [--force]"
 * </pre>
 *
 * {@code --seed} first creates the runbook's resources (only against an emulator) and uses their ids;
 * {@code --force} fails over even though the primary region answers (an emulator's always does).
 */
public final class AwsRegionFailover {
    private AwsRegionFailover() { }

    public static void main(String[] args) {
        List<String> a = Arrays.asList(args);
        if (a.isEmpty() || a.contains("--help")) {
            System.out.println("usage: AwsRegionFailover <endpoint-url|aws> (--seed | --zone Z --target-group ARN"
                    + " --security-group SG --primary-health-check ID --dr-health-check ID [--subnet-group NAME])"
                    + " [--force]");
            return;
        }
        boolean emulator = !a.get(0).equals("aws");
        URI endpoint = emulator ? URI.create(a.get(0)) : null;
        boolean seed = a.contains("--seed");
        if (seed && !emulator) {
            throw new IllegalArgumentException("--seed creates demo resources and is only for an emulator endpoint,"
                    + " not for AWS itself; pass the account's ids instead (--help)");
        }
        AwsClients.Builder b = AwsClients.builder();
        if (emulator) {
            b.endpointOverride(endpoint).staticCredentials("testing", Secret.of("testing"));
        }
        try (AwsClients clients = b.build(); SystemScheduler scheduler = SystemScheduler.create()) {
            VibePlans.AwsIds ids = seed ? seeded(endpoint) : fromArgs(a);
            AwsProviders aws = AwsProviders.create(clients);
            String account = aws.callerIdentity(Region.of(VibePlans.DR)).account(); // preflight: the credentials work
            DrEngine engine = DrEngine.builder().providers(aws.register(Providers.builder()).build())
                    .scheduler(scheduler).build();
            DrPlan plan = VibePlans.awsRegionFailover(ids);
            System.out.println(engine.preview(plan));
            System.out.println("IAM policy for this plan:\n"
                    + IamPermissions.forAccount(account).policyDocument(engine.preview(plan).operations()));
            long t0 = System.nanoTime();
            ExecutionReport report = engine.execute(plan, a.contains("--force") ? RunOptions.defaults().forced()
                    : RunOptions.defaults());
            System.out.println(report);
            System.out.printf("wall time %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        }
    }

    private static VibePlans.AwsIds seeded(URI endpoint) {
        MotoFixtures.RunbookResources r = MotoFixtures.seedRunbook(MotoServer.attach(endpoint));
        return new VibePlans.AwsIds(r.hostedZoneId(), r.drTargetGroupArn(), r.drNetwork().subnetGroup(),
                r.drNetwork().securityGroupId(), r.healthCheckId(), r.drHealthCheckId());
    }

    private static VibePlans.AwsIds fromArgs(List<String> a) {
        return new VibePlans.AwsIds(arg(a, "--zone"), arg(a, "--target-group"),
                a.contains("--subnet-group") ? arg(a, "--subnet-group") : "vibe-db-subnet-group-dr",
                arg(a, "--security-group"), arg(a, "--primary-health-check"), arg(a, "--dr-health-check"));
    }

    private static String arg(List<String> a, String name) {
        int i = a.indexOf(name);
        if (i < 0 || i + 1 >= a.size() || a.get(i + 1).startsWith("--")) {
            throw new IllegalArgumentException(name + " is missing; pass the account's value, e.g. " + name
                    + " <value> (or --seed against an emulator)");
        }
        return a.get(i + 1);
    }
}
