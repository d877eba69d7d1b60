package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.core.spi.CacheProvider.NodeGroup;
import io.drplan.core.spi.CacheProvider.ReplicationGroup;
import io.drplan.core.spi.ClusterProvider.RolloutStatus;
import io.drplan.core.spi.DatabaseProvider.AutomatedBackup;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DatabaseProvider.DbRestore;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.core.spi.HttpProbe.HttpResult;
import io.drplan.core.spi.InfrastructureProvider.IacRun;
import io.drplan.core.spi.InfrastructureProvider.Kind;
import io.drplan.core.spi.LoadBalancerProvider.TargetHealth;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.ObjectStorageProvider.LifecycleRule;
import io.drplan.core.spi.ObjectStorageProvider.ReplicationRule;
import io.drplan.core.spi.ObjectStorageProvider.Transition;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VibePlatformTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final String NS = "vibe-production";
    private static final URI HEALTH = URI.create("https://api.vibe.dev/health");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String DR_TG =
            "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/vibe-backend-dr/0123456789abcdef";

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.vibePlatform(time);
    private final Instant t0 = time.now();

    @Test
    void database_productionInstance_backupsReplicatedToDr_weeklyCopyThere() {
        DbInstance prod = cloud.databases().findInstance(EAST, "vibe-postgres-production").orElseThrow();
        List<AutomatedBackup> replicated = cloud.databases().listAutomatedBackups(WEST, "vibe-postgres-production");

        assertThat(prod.isAvailable()).isTrue();
        assertThat(prod.multiAz()).isTrue();
        assertThat(prod.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(prod.secondaryAvailabilityZone()).isEqualTo("us-east-1b");
        assertThat(prod.instanceClass()).isEqualTo("db.t4g.medium");
        assertThat(prod.endpoint()).matches("vibe-postgres-production\\.[a-z0-9]{6}\\.us-east-1\\.rds\\.amazonaws\\.com");
        // AWS lists no automated snapshots of a us-east-1 instance in us-west-2: its backups get there by replication
        assertThat(cloud.databases().listSnapshots(WEST, "vibe-postgres-production", SnapshotType.AUTOMATED)).isEmpty();
        assertThat(replicated).hasSize(1);
        assertThat(replicated.get(0).status()).isEqualTo("replicating");
        assertThat(replicated.get(0).retentionDays()).isEqualTo(7);
        assertThat(replicated.get(0).latestRestorableTime()).isEqualTo(t0.minus(Duration.ofMinutes(5)));
        assertThat(replicated.get(0).earliestRestorableTime()).isEqualTo(t0.minus(Duration.ofDays(7)));
        assertThat(cloud.databases().listSnapshots(WEST, "vibe-postgres-production", SnapshotType.ANY))
                .extracting(DbSnapshot::id).containsExactly("vibe-manual-snapshot-20251225-dr");
        assertThat(cloud.databases().findSnapshot(WEST, "vibe-manual-snapshot-20251225-dr").orElseThrow().type())
                .isEqualTo(SnapshotType.MANUAL);
        assertThat(cloud.databases().listSnapshots(EAST, "vibe-postgres-production", SnapshotType.AUTOMATED))
                .extracting(DbSnapshot::id).containsExactly(
                        "rds:vibe-postgres-production-2025-12-31-02-30", "rds:vibe-postgres-production-2025-12-30-02-30",
                        "rds:vibe-postgres-production-2025-12-29-02-30", "rds:vibe-postgres-production-2025-12-28-02-30",
                        "rds:vibe-postgres-production-2025-12-27-02-30", "rds:vibe-postgres-production-2025-12-26-02-30",
                        "rds:vibe-postgres-production-2025-12-25-02-30");
        assertThat(cloud.databases().listSnapshots(EAST, "vibe-postgres-production", SnapshotType.MANUAL))
                .extracting(DbSnapshot::id).containsExactly("vibe-manual-snapshot-20251225",
                        "vibe-manual-snapshot-20251218", "vibe-manual-snapshot-20251211", "vibe-manual-snapshot-20251204");
    }

    @Test
    void cacheStorageRegistryAndRegion_seeded() {
        ReplicationGroup redis = cloud.caches().findReplicationGroup(EAST, "vibe-redis-production").orElseThrow();
        assertThat(redis.automaticFailover()).isTrue();
        assertThat(redis.nodeGroups()).containsExactly(
                new NodeGroup("0001", "available", "vibe-redis-production-0001-001", "us-east-1a"));

        assertThat(cloud.objectStorage().describeProtection(EAST, "vibe-files-production")).isEqualTo(
                new BucketProtection("vibe-files-production", "Enabled",
                        List.of(new ReplicationRule("replicate-to-dr", "Enabled", "arn:aws:s3:::vibe-files-dr", WEST)),
                        List.of(new LifecycleRule("archive-and-expire", "Enabled",
                                List.of(new Transition(30, "STANDARD_IA"), new Transition(90, "GLACIER")), 365))));

        assertThat(cloud.registries().replicationDestinations(EAST)).containsExactly(WEST);
        assertThat(cloud.registries().imageExists(WEST, "vibe-backend", "1.42.0")).isTrue();
        assertThat(cloud.registries().imageExists(WEST, "vibe-backend", "9.9.9")).isFalse();

        assertThat(cloud.regionHealth().probe(WEST).healthy()).isTrue();
        cloud.region(EAST).goDown();
        assertThatThrownBy(() -> cloud.regionHealth().probe(EAST))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.operation()).isEqualTo("ec2:DescribeVpcs");
                    assertThat(e.endpoint()).isEqualTo("ec2/us-east-1");
                });
    }

    @Test
    void clusters_bothRunTheAppWithHistoryServicesAndNodes() {
        for (String name : List.of("primary-cluster", "dr-cluster")) {
            FakeCluster c = cloud.cluster(name);
            assertThat(c.rolloutStatus(NS, "vibe-backend")).isEqualTo(new RolloutStatus("vibe-backend", 2, 2, 3, 3, 3, 3));
            assertThat(c.rolloutStatus(NS, "vibe-frontend").replicas()).isEqualTo(2);
            assertThat(c.rolloutHistory(NS, "vibe-backend")).hasSize(2);
            assertThat(c.pods(NS, Map.of("app.kubernetes.io/component", "backend"))).hasSize(3);
            assertThat(c.services(NS)).extracting(s -> s.name()).containsExactly("vibe-backend", "vibe-frontend");
            assertThat(c.nodes()).hasSize(3).allMatch(n -> n.ready());
            assertThat(c.secretValue(NS, "vibe-secrets", "DATABASE_URL").orElseThrow().reveal())
                    .startsWith("postgresql://vibe:")
                    .contains(cloud.databases().instance(EAST, "vibe-postgres-production").orElseThrow().endpoint());
        }
        assertThat(cloud.cluster("primary-cluster").region()).isEqualTo(EAST);
        assertThat(cloud.cluster("dr-cluster").region()).isEqualTo(WEST);
        assertThat(cloud.providers().cluster("dr-cluster")).isSameAs(cloud.cluster("dr-cluster"));
    }

    @Test
    void failAvailabilityZone_databaseAndRedisFailOverToTheOtherZone() {
        cloud.region(EAST).failAvailabilityZone("us-east-1a");

        assertThat(cloud.databases().findInstance(EAST, "vibe-postgres-production").orElseThrow().status())
                .isEqualTo("rebooting");
        assertThat(cloud.caches().findReplicationGroup(EAST, "vibe-redis-production").orElseThrow().status())
                .isEqualTo("modifying");
        assertThat(cloud.regionHealth().probe(EAST).availabilityZoneStates())
                .containsExactly("impaired", "available", "available");
        time.advance(Duration.ofMinutes(3));

        DbInstance db = cloud.databases().findInstance(EAST, "vibe-postgres-production").orElseThrow();
        assertThat(db.isAvailable()).isTrue();
        assertThat(db.availabilityZone()).isEqualTo("us-east-1b");
        assertThat(db.secondaryAvailabilityZone()).isEqualTo("us-east-1a");
        assertThat(cloud.caches().findReplicationGroup(EAST, "vibe-redis-production").orElseThrow().nodeGroups())
                .containsExactly(new NodeGroup("0001", "available", "vibe-redis-production-0001-002", "us-east-1b"));
        assertThat(cloud.regionHealth().probe(EAST).healthy()).isTrue();
    }

    @Test
    void dns_failoverRecordsForTheApi() {
        assertThat(cloud.dns().listFailoverRecords("Z0VIBEDEV0001", "api.vibe.dev")).containsExactly(
                new FailoverRecord("api.vibe.dev.", "CNAME", FailoverRole.PRIMARY, "primary",
                        "vibe-alb-use1.us-east-1.elb.amazonaws.com", 60, "hc-vibe-primary"),
                new FailoverRecord("api.vibe.dev.", "CNAME", FailoverRole.SECONDARY, "secondary",
                        "vibe-alb-usw2.us-west-2.elb.amazonaws.com", 60, "hc-vibe-dr"));
        cloud.region(EAST).goDown();
        assertThat(cloud.dns().getHealthCheckStatus("hc-vibe-primary").healthy()).isFalse();
        assertThat(cloud.dns().getHealthCheckStatus("hc-vibe-dr").healthy()).isTrue();
    }

    @Test
    void drTargetGroup_getsTargetsFromTheDrApplyAndFollowsTheRollout() {
        assertThat(cloud.loadBalancers().describeTargetHealth(WEST, DR_TG)).isEmpty();

        cloud.infrastructure().selectWorkspace("infrastructure/terraform", "dr", true);
        String run = cloud.infrastructure().start(new IacRun(Kind.APPLY, "infrastructure/terraform", "dr",
                Map.of("environment", "dr", "enable_backup", "false"), List.of()));
        time.advance(Duration.ofMinutes(12));

        assertThat(cloud.infrastructure().status(run).summary())
                .isEqualTo("Apply complete! Resources: 42 added, 0 changed, 0 destroyed.");
        assertThat(cloud.loadBalancers().describeTargetHealth(WEST, DR_TG)).hasSize(3).allMatch(TargetHealth::isHealthy);
        cloud.cluster("dr-cluster").rolloutRestart(NS, "vibe-backend");
        assertThat(cloud.loadBalancers().describeTargetHealth(WEST, DR_TG))
                .extracting(TargetHealth::state).containsOnly("initial");
        time.advance(Duration.ofMinutes(3));
        assertThat(cloud.loadBalancers().describeTargetHealth(WEST, DR_TG)).allMatch(TargetHealth::isHealthy);
    }

    @Test
    void health_primaryUp_ok() {
        assertThat(cloud.http().get(HEALTH, TIMEOUT)).isEqualTo(new HttpResult(200, "{\"status\":\"ok\"}"));
        assertThat(cloud.calls()).containsExactly(new FakeCloud.Call(t0, "http:GET", "http/api.vibe.dev", false));
    }

    @Test
    void health_regionOutage_okOnlyAfterRestoreSecretRestartAndDns() {
        FakeCluster dr = cloud.cluster("dr-cluster");
        cloud.region(EAST).goDown();

        // DNS fails over to us-west-2, but its pods still point at the dead primary database
        assertDown("vibe-backend pods in dr-cluster cannot reach their database: DATABASE_URL of"
                + " vibe-production/vibe-secrets (as the pods read it at start) names no available database in us-west-2");

        // Step 3: restore the newest cross-region snapshot
        DbSnapshot latest = cloud.databases().listSnapshots(WEST, "vibe-postgres-production", SnapshotType.ANY).get(0);
        cloud.databases().restoreFromSnapshot(new DbRestore(WEST, latest.id(), "vibe-postgres-dr",
                "vibe-db-subnet-group-dr", List.of("sg-0vibedr"), null, false));
        time.advance(Duration.ofMinutes(25));
        DbInstance restored = cloud.databases().findInstance(WEST, "vibe-postgres-dr").orElseThrow();
        assertThat(restored.isAvailable()).isTrue();
        assertDown("vibe-backend pods in dr-cluster cannot reach their database");

        // Step 4: secret, then rollout restart
        dr.updateSecretKey(NS, "vibe-secrets", "DATABASE_URL",
                Secret.of("postgresql://vibe:n3w-pa55word@" + restored.endpoint() + ":5432/vibe"));
        assertDown("vibe-backend pods in dr-cluster cannot reach their database");
        dr.rolloutRestart(NS, "vibe-backend");
        dr.rolloutRestart(NS, "vibe-frontend");
        assertDown("vibe-backend in dr-cluster is not ready: vibe-backend 1/3 updated, 2 ready, 2 available"
                + " (generation 2/3)");
        time.advance(Duration.ofMinutes(3));
        assertThat(cloud.http().get(HEALTH, TIMEOUT)).isEqualTo(new HttpResult(200, "{\"status\":\"ok\"}"));

        // Step 5: make DR the primary record; it stays served through and after the change
        var change = cloud.dns().upsertFailoverRecord("Z0VIBEDEV0001", new FailoverRecord("api.vibe.dev", "CNAME",
                FailoverRole.PRIMARY, "primary", "vibe-alb-usw2.us-west-2.elb.amazonaws.com", 60, "hc-vibe-dr"));
        time.advance(Duration.ofSeconds(60));
        assertThat(cloud.dns().getChange(change.id()).isInSync()).isTrue();
        assertThat(cloud.http().get(HEALTH, TIMEOUT).status()).isEqualTo(200);
        assertThat(cloud.calls()).hasSize(14).noneMatch(FakeCloud.Call::failed);
    }

    @Test
    void health_withoutSecondaryRecord_unreachableUntilTheDnsChangeSyncs() {
        FakeCluster dr = cloud.cluster("dr-cluster");
        cloud.dns().removeRecord("Z0VIBEDEV0001", "api.vibe.dev", "secondary");
        cloud.region(EAST).goDown();
        DbSnapshot latest = cloud.databases().listSnapshots(WEST, "vibe-postgres-production", SnapshotType.ANY).get(0);
        cloud.databases().restoreFromSnapshot(new DbRestore(WEST, latest.id(), "vibe-postgres-dr",
                "vibe-db-subnet-group-dr", List.of("sg-0vibedr"), null, false));
        time.advance(Duration.ofMinutes(25));
        String host = cloud.databases().findInstance(WEST, "vibe-postgres-dr").orElseThrow().endpoint();
        dr.updateSecretKey(NS, "vibe-secrets", "DATABASE_URL", Secret.of("postgresql://vibe:pw@" + host + ":5432/vibe"));
        dr.rolloutRestart(NS, "vibe-backend");
        time.advance(Duration.ofMinutes(3));

        assertUnreachable("could not resolve api.vibe.dev: no failover record in Z0VIBEDEV0001 is healthy");
        cloud.dns().upsertFailoverRecord("Z0VIBEDEV0001", new FailoverRecord("api.vibe.dev", "CNAME",
                FailoverRole.SECONDARY, "secondary", "vibe-alb-usw2.us-west-2.elb.amazonaws.com", 60, "hc-vibe-dr"));
        assertUnreachable("could not resolve api.vibe.dev");
        time.advance(Duration.ofSeconds(60));

        assertThat(cloud.http().get(HEALTH, TIMEOUT)).isEqualTo(new HttpResult(200, "{\"status\":\"ok\"}"));
    }

    @Test
    void health_bothRegionsDown_unreachable() {
        cloud.region(EAST).goDown();
        cloud.region(WEST).goDown();

        assertUnreachable("could not resolve api.vibe.dev: no failover record in Z0VIBEDEV0001 is healthy");
    }

    @Test
    void health_bodyNeverContainsSecretValues() {
        cloud.region(EAST).goDown();
        String password = cloud.cluster("dr-cluster").secretValue(NS, "vibe-secrets", "DATABASE_URL").orElseThrow()
                .reveal().replaceAll("postgresql://vibe:([^@]+)@.*", "$1");

        HttpResult r = cloud.http().get(HEALTH, TIMEOUT);

        assertThat(r.status()).isEqualTo(503);
        assertThat(password).hasSize(20);
        assertThat(r.bodyStart()).doesNotContain(password, "postgresql://");
    }

    private void assertDown(String reasonStart) {
        HttpResult r = cloud.http().get(HEALTH, TIMEOUT);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.bodyStart()).startsWith("{\"status\":\"unavailable\",\"reason\":\"" + reasonStart);
    }

    private void assertUnreachable(String messageStart) {
        assertThatThrownBy(() -> cloud.http().get(HEALTH, TIMEOUT))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                .hasMessageStartingWith(messageStart);
    }

    @Test
    void backupPolicyAudit_ofTheVibePlatform_isClean() {
        VirtualScheduler time = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.vibePlatform(time);
        io.drplan.core.runbook.BackupResources vibe = io.drplan.core.runbook.BackupResources.builder("us-east-1",
                        "us-west-2").database("vibe-postgres-production").cache("vibe-redis-production")
                .bucket("vibe-files-production").image("vibe-backend", "1.42.0").image("vibe-frontend", "1.42.0")
                .build();

        io.drplan.core.runbook.BackupAudit audit = io.drplan.core.runbook.BackupPolicy.runbook()
                .audit(cloud.providers(), vibe, time.now());

        assertThat(audit.findings()).isEmpty();
    }

    @Test
    void backupPolicyAudit_redisRetentionDrifted_exactlyThatFinding() {
        VirtualScheduler time = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.vibePlatform(time);
        cloud.caches().setSnapshotSettings(EAST, "vibe-redis-production", 1, "03:00-04:00");

        io.drplan.core.runbook.BackupAudit audit = io.drplan.core.runbook.BackupPolicy.runbook()
                .audit(cloud.providers(), io.drplan.core.runbook.BackupResources.builder("us-east-1", "us-west-2")
                        .database("vibe-postgres-production").cache("vibe-redis-production").build(), time.now());

        assertThat(audit.findings()).singleElement().satisfies(f -> {
            assertThat(f.resource()).isEqualTo("replication-group vibe-redis-production (us-east-1)");
            assertThat(f.setting()).isEqualTo("snapshot retention");
            assertThat(f.actual()).isEqualTo("1 day");
        });
    }

    @Test
    void integrity_restoredDrDatabase_lagsByTheTimeSinceItsRestorePoint() {
        VirtualScheduler time = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.vibePlatform(time);
        AutomatedBackup backups = cloud.databases().listAutomatedBackups(WEST, "vibe-postgres-production").get(0);
        cloud.databases().restoreToPointInTime(new io.drplan.core.spi.DatabaseProvider.PointInTimeRestore(WEST,
                backups.arn(), null, "vibe-postgres-dr", "vibe-db-subnet-group-dr", List.of(), null, false, Map.of()));
        time.advance(Duration.ofMinutes(30));

        io.drplan.core.integrity.IntegrityReport r = cloud.integrity().compare(
                io.drplan.core.integrity.IntegrityCheck.of(io.drplan.core.integrity.TableCheck.of("orders").key("id")),
                io.drplan.core.integrity.Database.of("jdbc:postgresql://vibe-postgres-dr.x.us-west-2.rds.amazonaws.com"
                        + ":5432/vibe", "vibe", Secret.of("pw")),
                io.drplan.core.integrity.Database.of("jdbc:postgresql://vibe-postgres-production.x.us-east-1.rds"
                        + ".amazonaws.com:5432/vibe", "vibe", Secret.of("pw")));

        Duration expected = Duration.between(backups.latestRestorableTime(), time.now());
        assertThat(r.intact()).isTrue();
        assertThat(r.measuredLoss()).isEqualTo(expected);
        assertThat(r.rowsLost()).isEqualTo(expected.toMinutes() * 12);
    }
}
