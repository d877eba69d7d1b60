package io.drplan.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.aws.testing.MotoFixtures;
import io.drplan.aws.testing.MotoServer;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.RunOptions;
import io.drplan.core.Secret;
import io.drplan.core.StepOutcome;
import io.drplan.core.spi.Providers;
import io.drplan.core.step.RestoreSource;
import io.drplan.core.time.SystemScheduler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The restore step on emulated AWS: moto_server behind a WireMock proxy. Ownership (run the failover twice:
 * the second run refuses before acting and the first database survives) and final snapshots are moto's real
 * answers. moto 5.2.1 fails replicated automated backups with HTTP 500, so for the restore from them WireMock
 * answers {@code DescribeDBInstanceAutomatedBackups}, {@code RestoreDBInstanceToPointInTime} and the new
 * instance's {@code DescribeDBInstances} in the shapes of the AWS RDS API reference; the rest is moto.
 */
@ExtendWith(MotoServerExtension.class)
class RdsRestoreOnMotoIT {
    @RegisterExtension
    static WireMockExtension proxy = AwsWireMock.server();

    private MotoServer moto;
    private MotoFixtures.RunbookResources seeded;
    private RdsClient west;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        this.seeded = MotoFixtures.seedRunbook(moto);
        this.west = moto.sdk(RdsClient.builder(), MotoFixtures.DR_REGION);
        proxy.resetAll();
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
    }

    private ExecutionReport run(DrPlan plan, RunOptions options) {
        try (AwsClients clients = AwsClients.builder().endpointOverride(URI.create(proxy.baseUrl()))
                .staticCredentials(MotoServer.ACCESS_KEY, Secret.of(MotoServer.SECRET_KEY)).build()) {
            return DrEngine.builder().providers(AwsProviders.create(clients).register(Providers.builder()).build())
                    .scheduler(SystemScheduler.create()).maxPollInterval(Duration.ofMillis(200)).build()
                    .execute(plan, options);
        }
    }

    @Test
    void runTwice_theSecondRunRefusesBeforeActing_andTheFirstDatabaseSurvives() {
        ExecutionReport first = run(MotoFixtures.procedure3(seeded), RunOptions.defaults().forced());
        assertThat(first.state()).as(first.toString()).isEqualTo(ExecutionState.SUCCEEDED);
        String firstArn = west.describeDBInstances(r -> r.dbInstanceIdentifier(MotoFixtures.DR_DB)).dbInstances()
                .get(0).dbInstanceArn();
        proxy.resetRequests();

        ExecutionReport second = run(MotoFixtures.procedure3(seeded), RunOptions.defaults().forced());

        assertThat(second.state()).isIn(ExecutionState.FAILED, ExecutionState.COMPENSATED);
        assertThat(second.step("restore-db").orElseThrow().outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(second.step("restore-db").orElseThrow().error()).startsWith("instance '" + MotoFixtures.DR_DB
                + "' already exists in us-west-2 (available), created by execution ")
                .contains("(step restore-db) at ", "; nothing was changed.");
        assertThat(second.step("dns").orElseThrow().outcome()).isEqualTo(StepOutcome.NOT_RUN);
        proxy.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=RestoreDBInstance")));
        proxy.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteDBInstance")));
        DBInstance survivor = west.describeDBInstances(r -> r.dbInstanceIdentifier(MotoFixtures.DR_DB)).dbInstances()
                .get(0);
        assertThat(survivor.dbInstanceArn()).isEqualTo(firstArn);
        assertThat(survivor.dbInstanceStatus()).isEqualTo("available");
    }

    @Test
    void compensation_deletesTheRestoredInstanceOnlyAfterAFinalSnapshot() {
        proxy.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/2013-04-01/hostedzone/.*/rrset.*"))
                .atPriority(1)
                .willReturn(AwsWireMock.error(AwsWireMock.ROUTE53_NS, 400, "InvalidChangeBatch", "refused")));

        ExecutionReport report = run(MotoFixtures.procedure3(seeded), RunOptions.defaults().forced());

        assertThat(report.step("restore-db").orElseThrow().outcome()).as(report.toString())
                .isEqualTo(StepOutcome.COMPENSATED);
        String note = report.step("restore-db").orElseThrow().notes().stream()
                .filter(n -> n.startsWith("deleted instance")).findFirst().orElseThrow();
        String finalSnapshot = note.substring(note.indexOf("after final snapshot ") + 21, note.indexOf(" (restore"));
        assertThat(finalSnapshot).startsWith("drplan-final-").endsWith("-restore-db");
        proxy.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteDBInstance")
                .and(containing("SkipFinalSnapshot=false"))
                .and(containing("FinalDBSnapshotIdentifier=" + finalSnapshot))));
        assertThat(west.describeDBSnapshots(r -> r.dbSnapshotIdentifier(finalSnapshot)).dbSnapshots())
                .singleElement().satisfies(s -> assertThat(s.dbInstanceIdentifier()).isEqualTo(MotoFixtures.DR_DB));
    }

    @Test
    void freshest_restoresTheReplicatedBackups_andTheReportsRpoIsTheirAge() {
        // the snapshot copied to us-west-2 by the seeding is older than the backups' latest restorable time
        Instant latest = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        Instant incident = latest.plus(Duration.ofMinutes(5));
        String arn = AwsWireMock.BACKUPS_ARN;
        AwsWireMock.replicatedBackups(proxy, MotoFixtures.DR_DB, incident.minus(Duration.ofDays(7)), latest);
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("restore-freshest")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("restore-db", s -> s.restoreLatest(MotoFixtures.PRIMARY_DB).from(RestoreSource.FRESHEST)
                        .as(MotoFixtures.DR_DB).subnetGroup(MotoFixtures.DR_SUBNET_GROUP))
                .build();

        ExecutionReport report = run(plan, RunOptions.defaults().incidentStartedAt(incident));

        assertThat(report.state()).as(report.toString()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(report.restorePoint()).isEqualTo(latest);
        assertThat(report.rpo()).isEqualTo(Duration.ofMinutes(5));
        assertThat(report.step("restore-db").orElseThrow().outputs()).containsEntry("source", "REPLICATED_BACKUPS")
                .containsEntry("sourceId", arn);
        proxy.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing(
                "Action=RestoreDBInstanceToPointInTime").and(containing("RestoreTime="
                + latest.toString().replace(":", "%3A"))).and(containing("Key=drplan%3Aexecution"))
                .and(containing("Value=restore-db"))));
    }
}
