package io.drplan.aws;

import io.drplan.aws.testing.MotoFixtures;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.aws.testing.MotoServer;
import io.drplan.core.DrEngine;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.RunOptions;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.Verdict;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.SystemScheduler;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The AWS part of the runbook's Procedure 3 (full region failover us-east-1 → us-west-2) run by
 * dr-core's engine through dr-aws's providers against moto_server, then checked with independent
 * SDK clients. The fault variants put WireMock in front of moto as a proxy that injects throttling,
 * 5xx and access denied into an otherwise real conversation.
 */
@ExtendWith(MotoServerExtension.class)
class Procedure3MotoIT {
    private static final String DR_DB = MotoFixtures.DR_DB;

    @RegisterExtension
    static WireMockExtension proxy = AwsWireMock.server();

    private MotoServer moto;
    private MotoFixtures.RunbookResources seeded;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        this.seeded = MotoFixtures.seedRunbook(moto);
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
    }

    private ExecutionReport run(URI endpoint) {
        try (AwsClients clients = AwsClients.builder().endpointOverride(endpoint)
                .staticCredentials(MotoServer.ACCESS_KEY, io.drplan.core.Secret.of(MotoServer.SECRET_KEY)).build()) {
            DrEngine engine = DrEngine.builder()
                    .providers(AwsProviders.create(clients).register(Providers.builder()).build())
                    .scheduler(SystemScheduler.create())
                    .build();
            // moto's us-east-1 answers, so the "primary is down" guard is overridden as an operator would.
            return engine.execute(MotoFixtures.procedure3(seeded), RunOptions.defaults().forced());
        }
    }

    @Test
    void permissions_procedure3_areTheIamActionsOfItsCallsAndOfUndoingThem() {
        DrEngine engine = DrEngine.builder()
                .providers(moto.providers().register(Providers.builder()).build())
                .scheduler(SystemScheduler.create())
                .build();

        assertThat(engine.permissions(MotoFixtures.procedure3(seeded))).containsExactly(
                "ec2:DescribeAvailabilityZones", "ec2:DescribeVpcs", "ecr:DescribeImages", "ecr:DescribeRegistry",
                "elasticloadbalancing:DescribeTargetHealth", "kms:CreateGrant", "kms:DescribeKey",
                "rds:AddTagsToResource", "rds:CreateDBSnapshot", "rds:DeleteDBInstance", "rds:DescribeDBInstances", "rds:DescribeDBSnapshots",
                "rds:RestoreDBInstanceFromDBSnapshot", "route53:ChangeResourceRecordSets", "route53:GetChange",
                "route53:ListResourceRecordSets");
    }

    @Test
    void execute_againstMoto_restoresNewestDrSnapshotAndPointsDnsAtDr() {
        ExecutionReport report = run(moto.endpoint());

        assertThat(report.state()).as(report.toString()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(report.verdict()).isEqualTo(Verdict.MET);
        assertThat(report.steps()).extracting(StepReport::id, StepReport::outcome).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("verify-primary", StepOutcome.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple("images", StepOutcome.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple("restore-db", StepOutcome.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple("dr-targets", StepOutcome.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple("dns", StepOutcome.SUCCEEDED));
        StepReport restore = report.step("restore-db").orElseThrow();
        // the id free and the snapshot were read by the preflight, moments before: the step reads neither again
        assertThat(restore.calls()).containsOnly(entry("rds:RestoreDBInstanceFromDBSnapshot", 1),
                entry("rds:DescribeDBInstances", 1));
        assertThat(restore.outputs()).containsEntry("snapshotId", seeded.drSnapshotId());

        DBInstance restored = moto.sdk(RdsClient.builder(), "us-west-2")
                .describeDBInstances(r -> r.dbInstanceIdentifier(DR_DB)).dbInstances().get(0);
        assertThat(restored.dbSubnetGroup().dbSubnetGroupName()).isEqualTo(MotoFixtures.DR_SUBNET_GROUP);
        assertThat(restored.tagList()).anyMatch(t -> t.key().equals("drplan:restored-from")
                && t.value().equals(seeded.drSnapshotId()));
        ResourceRecordSet primary = moto.sdk(Route53Client.builder(), "aws-global")
                .listResourceRecordSets(r -> r.hostedZoneId(seeded.hostedZoneId())).resourceRecordSets().stream()
                .filter(s -> "PRIMARY".equals(s.failoverAsString())).findFirst().orElseThrow();
        assertThat(primary.resourceRecords().get(0).value()).isEqualTo(MotoFixtures.DR_ALB);
        assertThat(primary.healthCheckId()).isEqualTo(seeded.drHealthCheckId());
    }

    @Test
    void execute_throttledAnd5xxOnTheWay_completesWithRetriesInTheReport() {
        // the first throttle and the first 503 are met by the preflight checks (which let transient errors pass),
        // the others by the steps
        proxy.stubFor(AwsWireMock.action("DescribeDBSnapshots").atPriority(1).inScenario("throttle")
                .whenScenarioStateIs(STARTED)
                .willReturn(AwsWireMock.error(AwsWireMock.RDS_NS, 400, "Throttling", "Rate exceeded"))
                .willSetStateTo("preflight"));
        proxy.stubFor(AwsWireMock.action("DescribeDBSnapshots").atPriority(1).inScenario("throttle")
                .whenScenarioStateIs("preflight")
                .willReturn(AwsWireMock.error(AwsWireMock.RDS_NS, 400, "Throttling", "Rate exceeded"))
                .willSetStateTo("once"));
        proxy.stubFor(AwsWireMock.action("DescribeDBSnapshots").atPriority(1).inScenario("throttle")
                .whenScenarioStateIs("once")
                .willReturn(AwsWireMock.error(AwsWireMock.RDS_NS, 400, "Throttling", "Rate exceeded"))
                .willSetStateTo("passed"));
        proxy.stubFor(any(urlPathMatching("/2013-04-01/hostedzone/.*/rrset.*")).atPriority(1).inScenario("5xx")
                .whenScenarioStateIs(STARTED)
                .willReturn(AwsWireMock.error(AwsWireMock.ROUTE53_NS, 503, "ServiceUnavailable", "try again"))
                .willSetStateTo("preflight"));
        proxy.stubFor(any(urlPathMatching("/2013-04-01/hostedzone/.*/rrset.*")).atPriority(1).inScenario("5xx")
                .whenScenarioStateIs("preflight")
                .willReturn(AwsWireMock.error(AwsWireMock.ROUTE53_NS, 503, "ServiceUnavailable", "try again"))
                .willSetStateTo("passed"));

        ExecutionReport report = run(URI.create(proxy.baseUrl()));

        assertThat(report.state()).as(report.toString()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(report.step("restore-db").orElseThrow().attempts()).isGreaterThanOrEqualTo(3);
        assertThat(report.step("dns").orElseThrow().attempts()).isGreaterThanOrEqualTo(2);
        assertThat(moto.sdk(RdsClient.builder(), "us-west-2").describeDBInstances(r -> r.dbInstanceIdentifier(DR_DB))
                .dbInstances()).hasSize(1);
    }

    @Test
    void execute_restoreAccessDenied_stopsAtOnceNamingTheIamAction() {
        proxy.stubFor(AwsWireMock.action("RestoreDBInstanceFromDBSnapshot").atPriority(1)
                .willReturn(AwsWireMock.error(AwsWireMock.RDS_NS, 403, "AccessDenied",
                        "User: arn:aws:iam::123456789012:user/dr-bot is not authorized to perform:"
                                + " rds:RestoreDBInstanceFromDBSnapshot on resource: arn:aws:rds:us-west-2:123456789012:db:"
                                + DR_DB)));

        ExecutionReport report = run(URI.create(proxy.baseUrl()));

        assertThat(report.state()).isIn(ExecutionState.FAILED, ExecutionState.COMPENSATED);
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        StepReport restore = report.step("restore-db").orElseThrow();
        assertThat(restore.outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(restore.error()).contains("rds:RestoreDBInstanceFromDBSnapshot").contains("access denied");
        assertThat(report.step("dns").orElseThrow().started()).isFalse();
        proxy.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=RestoreDBInstanceFromDBSnapshot&")));
    }
}
