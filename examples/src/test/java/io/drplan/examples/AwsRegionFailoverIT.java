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

    private static ExitCode exit;

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            exit = AwsRegionFailover.run(args);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void main_accountIdsOnTheCommandLine_failsOverWithThem() {
        moto.reset();
        MotoFixtures.RunbookResources r = MotoFixtures.seedRunbook(moto);

        String printed = run(moto.endpoint().toString(), "--zone", r.hostedZoneId(), "--record", "api.vibe.dev",
                "--target-group", r.drTargetGroupArn(), "--security-group", r.drNetwork().securityGroupId(),
                "--primary-health-check", r.healthCheckId(), "--dr-health-check", r.drHealthCheckId(),
                "--primary-lb", MotoFixtures.PRIMARY_ALB, "--dr-lb", MotoFixtures.DR_ALB,
                "--image", "vibe-backend:" + MotoFixtures.IMAGE_TAG, "--force");

        assertThat(printed).contains("State: SUCCEEDED   Verdict: MET", "Point api.vibe.dev (zone " + r.hostedZoneId(),
                "Check images [vibe-backend:" + MotoFixtures.IMAGE_TAG + "]");
        assertThat(exit).isEqualTo(ExitCode.SUCCEEDED);
    }

    @Test
    void main_healthyPrimaryWithoutForce_exitsWithTheFailedCode() {
        moto.reset();
        String printed = run(moto.endpoint().toString(), "--seed");

        assertThat(printed).contains("State: FAILED", "Exit code 10 (FAILED)");
        assertThat(exit).isEqualTo(ExitCode.FAILED);
    }

    @Test
    void main_badImage_isRefusedBeforeAnyCall() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("http://127.0.0.1:1", "--seed", "--image",
                        "vibe-backend"))
                .hasMessage("--image 'vibe-backend' is not NAME:TAG; pass e.g. --image vibe-backend:1.42.0");
    }

    @Test
    void main_missingId_saysWhichAndHow() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(moto.endpoint().toString(), "--zone", "Z1",
                        "--image", "vibe-backend:1.42.0"))
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
            exit = AwsRegionFailover.run(new String[] {moto.endpoint().toString(), "--seed", "--force"});
        } finally {
            System.setOut(original);
        }

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("\"rds:RestoreDBInstanceFromDBSnapshot\"", "State: SUCCEEDED   Verdict: MET",
                "forced by the operator past safety guards");
        assertThat(exit).isEqualTo(ExitCode.SUCCEEDED);
        assertThat(moto.sdk(RdsClient.builder(), "us-west-2")
                .describeDBInstances(r -> r.dbInstanceIdentifier("vibe-postgres-dr")).dbInstances()).hasSize(1);
    }
}
