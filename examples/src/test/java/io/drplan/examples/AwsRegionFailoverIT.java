package io.drplan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.aws.testing.MotoFixtures;
import io.drplan.aws.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/** The README's "AWS against moto" command, run as a test against a moto_server it starts. */
class AwsRegionFailoverIT {
    private static MotoServer moto;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            AwsRegionFailover.main(args);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void main_accountIdsOnTheCommandLine_failsOverWithThem() {
        moto.reset();
        MotoFixtures.RunbookResources r = MotoFixtures.seedRunbook(moto);

        String printed = run(moto.endpoint().toString(), "--zone", r.hostedZoneId(), "--target-group",
                r.drTargetGroupArn(), "--security-group", r.drNetwork().securityGroupId(), "--primary-health-check",
                r.healthCheckId(), "--dr-health-check", r.drHealthCheckId(), "--force");

        assertThat(printed).contains("State: SUCCEEDED   Verdict: MET", "Point api.vibe.dev (zone " + r.hostedZoneId());
    }

    @Test
    void main_missingId_saysWhichAndHow() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(moto.endpoint().toString(), "--zone", "Z1"))
                .hasMessage("--target-group is missing; pass the account's value, e.g. --target-group <value>"
                        + " (or --seed against an emulator)");
    }

    @Test
    void main_seededMoto_failsOverAndPrintsPolicyAndReport() {
        moto.reset();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            AwsRegionFailover.main(new String[] {moto.endpoint().toString(), "--seed", "--force"});
        } finally {
            System.setOut(original);
        }

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("\"rds:RestoreDBInstanceFromDBSnapshot\"", "State: SUCCEEDED   Verdict: MET",
                "forced by the operator past safety guards");
        assertThat(moto.sdk(RdsClient.builder(), "us-west-2")
                .describeDBInstances(r -> r.dbInstanceIdentifier("vibe-postgres-dr")).dbInstances()).hasSize(1);
    }
}
