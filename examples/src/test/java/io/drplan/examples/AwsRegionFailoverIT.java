package io.drplan.examples;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void main_seededMoto_failsOverAndPrintsPolicyAndReport() {
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
