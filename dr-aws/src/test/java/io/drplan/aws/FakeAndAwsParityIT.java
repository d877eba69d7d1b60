package io.drplan.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.aws.testing.MotoFixtures;
import io.drplan.aws.testing.MotoServer;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Region;
import io.drplan.core.RunOptions;
import io.drplan.core.Secret;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.core.spi.Providers;
import io.drplan.core.step.RestoreSource;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.time.SystemScheduler;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.FakeCloudExtension;
import io.drplan.testkit.VirtualScheduler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * One plan, two worlds: Procedure 3's AWS steps with the restore from the freshest source, run on the
 * testkit's {@link FakeCloud} in virtual time and on emulated AWS (moto_server behind a WireMock proxy), with
 * the same ids in both. The fake is seeded with what moto holds after {@link MotoFixtures#seedRunbook} (the
 * snapshot copied to us-west-2 at moto's own creation time, the same subnet group, security group, zone,
 * health checks, target group and records) plus the replicated automated backups that moto 5.2.1 cannot serve
 * (HTTP 500): for those WireMock answers {@code DescribeDBInstanceAutomatedBackups},
 * {@code RestoreDBInstanceToPointInTime} and the new instance's {@code DescribeDBInstances} in the shapes of
 * the AWS RDS API reference, with the latest restorable time the fake's model gives
 * ({@link io.drplan.testkit.fake.FakeDatabases#BACKUP_REPLICATION_LAG} behind the incident); everything else
 * is moto's own answer. Both reports must state the same RPO, restore point, restore source and step
 * outcomes, and both zones must end with the same failover records.
 */
@ExtendWith(MotoServerExtension.class)
class FakeAndAwsParityIT {
    private static final Region EAST = Region.of(MotoFixtures.PRIMARY_REGION);
    private static final Region WEST = Region.of(MotoFixtures.DR_REGION);

    @RegisterExtension
    static WireMockExtension proxy = AwsWireMock.server();

    private static DrPlan plan(MotoFixtures.RunbookResources ids) {
        return DrPlan.region(MotoFixtures.PRIMARY_REGION).failoverTo(MotoFixtures.DR_REGION).named("parity")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("verify-primary", s -> s.verifySourceRegionDown())
                .step("images", s -> s.checkImagesReplicated()
                        .image("vibe-backend", MotoFixtures.IMAGE_TAG).image("vibe-frontend", MotoFixtures.IMAGE_TAG))
                .step("restore-db", s -> s.restoreLatest(MotoFixtures.PRIMARY_DB).from(RestoreSource.FRESHEST)
                        .as(MotoFixtures.DR_DB).subnetGroup(MotoFixtures.DR_SUBNET_GROUP)
                        .securityGroups(ids.drNetwork().securityGroupId()).after("verify-primary"))
                .step("dr-targets", s -> s.checkTargetHealth(MotoFixtures.DR_REGION, ids.drTargetGroupArn()).minimum(3))
                .step("dns", s -> s.dnsFailover(ids.hostedZoneId(), "api.vibe.dev")
                        .primary(MotoFixtures.DR_ALB).primaryHealthCheck(ids.drHealthCheckId())
                        .secondary(MotoFixtures.PRIMARY_ALB).secondaryHealthCheck(ids.healthCheckId())
                        .after("restore-db", "dr-targets", "images"))
                .build();
    }

    @Test
    void samePlan_onTheFakeAndOnEmulatedAws_reportsTheSameRpoSourceAndOutcomes(MotoServer moto) {
        MotoFixtures.RunbookResources ids = MotoFixtures.seedRunbook(moto);
        Instant snapshotTime = moto.sdk(RdsClient.builder(), MotoFixtures.DR_REGION)
                .describeDBSnapshots(r -> r.dbSnapshotIdentifier(ids.drSnapshotId())).dbSnapshots().get(0)
                .snapshotCreateTime();
        // the incident ten minutes after the copy; the replicated backups restorable to five minutes before it, so
        // they are fresher than the copied snapshot (what a real account with both would show)
        Instant incident = snapshotTime.plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        Instant latest = incident.minus(io.drplan.testkit.fake.FakeDatabases.BACKUP_REPLICATION_LAG);
        DrPlan plan = plan(ids);
        RunOptions options = RunOptions.defaults().forced().incidentStartedAt(incident);

        ExecutionReport onAws = runOnEmulatedAws(moto, plan, options, latest, incident);
        FakeCloud cloud = fakeLike(ids, snapshotTime, incident);
        ExecutionReport onFake = FakeCloudExtension.engineFor(cloud).execute(plan, options);

        assertThat(onAws.state()).as(onAws.toString()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(onFake.state()).as(onFake.toString()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(onFake.rpo()).isEqualTo(onAws.rpo()).isEqualTo(Duration.ofMinutes(5));
        assertThat(onFake.restorePoint()).isEqualTo(onAws.restorePoint()).isEqualTo(latest);
        assertThat(outcomes(onFake)).isEqualTo(outcomes(onAws));
        assertThat(onFake.step("restore-db").orElseThrow().outputs().get("source"))
                .isEqualTo(onAws.step("restore-db").orElseThrow().outputs().get("source"))
                .isEqualTo("REPLICATED_BACKUPS");
        assertThat(onFake.verdict()).isEqualTo(onAws.verdict());
        // the zones end alike: read moto's with an independent client, the fake's without recording a call
        Route53Client r53 = moto.sdk(Route53Client.builder(), "aws-global");
        Map<String, String> motoRecords = new LinkedHashMap<>();
        for (ResourceRecordSet r : r53.listResourceRecordSets(q -> q.hostedZoneId(ids.hostedZoneId())).resourceRecordSets()) {
            if (r.failover() != null) {
                motoRecords.put(r.failoverAsString(), r.resourceRecords().get(0).value() + " " + r.healthCheckId()
                        + " " + r.setIdentifier() + " " + r.typeAsString() + " " + r.ttl());
            }
        }
        Map<String, String> fakeRecords = new LinkedHashMap<>();
        for (FailoverRecord r : cloud.dns().records(ids.hostedZoneId())) {
            fakeRecords.put(r.role().name(), r.values().get(0) + " " + r.healthCheckId() + " " + r.setIdentifier()
                    + " " + r.type() + " " + r.ttl());
        }
        assertThat(fakeRecords).isEqualTo(motoRecords).containsEntry("PRIMARY", MotoFixtures.DR_ALB + " "
                + ids.drHealthCheckId() + " primary CNAME 60");
    }

    private static Map<String, StepOutcome> outcomes(ExecutionReport report) {
        Map<String, StepOutcome> m = new LinkedHashMap<>();
        for (StepReport s : report.steps()) {
            m.put(s.id(), s.outcome());
        }
        return m;
    }

    /** moto behind WireMock: the replicated automated backups and the restore from them in the reference's shapes. */
    private static ExecutionReport runOnEmulatedAws(MotoServer moto, DrPlan plan, RunOptions options, Instant latest,
                                                    Instant incident) {
        proxy.resetAll();
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        AwsWireMock.replicatedBackups(proxy, MotoFixtures.DR_DB, incident.minus(Duration.ofDays(7)), latest);
        try (AwsClients clients = AwsClients.builder().endpointOverride(URI.create(proxy.baseUrl()))
                .staticCredentials(MotoServer.ACCESS_KEY, Secret.of(MotoServer.SECRET_KEY)).build()) {
            return DrEngine.builder().providers(AwsProviders.create(clients).register(Providers.builder()).build())
                    .scheduler(SystemScheduler.create()).maxPollInterval(Duration.ofMillis(200)).build()
                    .execute(plan, options);
        }
    }

    /** The fake cloud holding what moto holds after the seeding, its clock at the incident. */
    private static FakeCloud fakeLike(MotoFixtures.RunbookResources ids, Instant snapshotTime, Instant incident) {
        FakeCloud cloud = FakeCloud.create(VirtualScheduler.startingAt(incident));
        cloud.databases().addInstance(EAST, MotoFixtures.PRIMARY_DB, b -> b.engine("postgres"));
        cloud.databases().addSubnetGroup(WEST, MotoFixtures.DR_SUBNET_GROUP)
                .addSecurityGroup(WEST, ids.drNetwork().securityGroupId());
        cloud.databases().addSnapshot(WEST, MotoFixtures.PRIMARY_DB, ids.drSnapshotId(), SnapshotType.MANUAL,
                snapshotTime);
        cloud.databases().replicateAutomatedBackups(EAST, MotoFixtures.PRIMARY_DB, WEST, 7,
                incident.minus(Duration.ofDays(7)));
        cloud.registries().replicate(EAST, WEST);
        for (Region r : List.of(EAST, WEST)) {
            cloud.registries().addImage(r, "vibe-backend", MotoFixtures.IMAGE_TAG)
                    .addImage(r, "vibe-frontend", MotoFixtures.IMAGE_TAG);
            cloud.regionHealth().addVpc(r, "vpc-" + r).addAvailabilityZones(r, r + "a", r + "b", r + "c");
        }
        cloud.loadBalancers().addTargetGroup(WEST, ids.drTargetGroupArn(), "10.1.1.10", "10.1.1.11", "10.1.2.10");
        cloud.dns().addHostedZone(ids.hostedZoneId(), MotoFixtures.ZONE_NAME)
                .addHealthCheck(ids.healthCheckId(), EAST).addHealthCheck(ids.drHealthCheckId(), WEST)
                .addRecord(ids.hostedZoneId(), new FailoverRecord(MotoFixtures.API_NAME, "CNAME", FailoverRole.PRIMARY,
                        "primary", MotoFixtures.PRIMARY_ALB, 60, ids.healthCheckId()))
                .addRecord(ids.hostedZoneId(), new FailoverRecord(MotoFixtures.API_NAME, "CNAME",
                        FailoverRole.SECONDARY, "secondary", MotoFixtures.DR_ALB, 60, null));
        return cloud;
    }
}
