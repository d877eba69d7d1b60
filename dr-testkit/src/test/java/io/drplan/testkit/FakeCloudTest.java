package io.drplan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DatabaseProvider.DbRestore;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.core.spi.Providers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeCloudTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");

    private final VirtualScheduler time = VirtualScheduler.create();

    private FakeCloud cloudWithDatabase() {
        FakeCloud cloud = FakeCloud.create(time);
        cloud.databases().addInstance(EAST, "orders");
        cloud.databases().addSubnetGroup(WEST, "subnets-dr");
        cloud.databases().addSnapshot(WEST, "orders", "orders-snap", SnapshotType.MANUAL,
                time.now().minus(Duration.ofMinutes(30)));
        return cloud;
    }

    private static DbRestore restore(String id) {
        return new DbRestore(WEST, "orders-snap", id, "subnets-dr", List.of(), null, false);
    }

    @Test
    void create_empty_hasDefaultTimingsSeedZeroAndNoCalls() {
        FakeCloud cloud = FakeCloud.create(time);

        assertThat(cloud.seed()).isZero();
        assertThat(cloud.timings()).isEqualTo(FakeCloud.Timings.defaults());
        assertThat(cloud.timings().dbRestore()).isEqualTo(Duration.ofMinutes(25));
        assertThat(cloud.calls()).isEmpty();
        assertThat(cloud.clusters()).isEmpty();
    }

    @Test
    void builder_timingsCustomizer_changesOnlyThatTiming() {
        FakeCloud cloud = FakeCloud.builder(time).seed(42).timings(t -> t.dbRestore(Duration.ofMinutes(30))).build();

        assertThat(cloud.seed()).isEqualTo(42);
        assertThat(cloud.timings().dbRestore()).isEqualTo(Duration.ofMinutes(30));
        assertThat(cloud.timings().dnsChange()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void timings_nonPositive_isRejectedNamingTheValue() {
        assertThatThrownBy(() -> FakeCloud.builder(time).timings(t -> t.dnsChange(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timing dnsChange must be positive but was PT0S");
        assertThatThrownBy(() -> FakeCloud.Timings.defaults().toBuilder().dbRestore(Duration.ofMinutes(-3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timing dbRestore must be positive but was PT-3M");
    }

    @Test
    void providers_everyKindAndEveryCluster() {
        FakeCloud cloud = FakeCloud.create(time);
        cloud.addCluster("dr-cluster", WEST);

        Providers providers = cloud.providers();

        for (String kind : List.of("databases", "caches", "objectStorage", "dns", "loadBalancers", "registries",
                "regionHealth", "infrastructure", "http")) {
            assertThat(providers.has(kind)).as(kind).isTrue();
        }
        assertThat(providers.cluster("dr-cluster")).isSameAs(cloud.cluster("dr-cluster"));
        assertThat(providers.databases()).isSameAs(cloud.databases());
        assertThat(providers.permissionsFor(io.drplan.core.spi.Operation.of("rds", "DescribeDBInstances"))).isEmpty();
    }

    @Test
    void cluster_unknown_failsNamingTheKnownOnes() {
        FakeCloud cloud = FakeCloud.create(time);
        cloud.addCluster("dr-cluster", WEST);

        assertThatThrownBy(() -> cloud.cluster("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no cluster named 'nope' in the fake cloud (it has [dr-cluster]);"
                        + " add it with cloud.addCluster(\"nope\", region)");
    }

    @Test
    void calls_recordTimeOperationEndpointAndFailure() {
        FakeCloud cloud = cloudWithDatabase();
        time.advance(Duration.ofMinutes(1));

        cloud.databases().findInstance(EAST, "orders");
        assertThatThrownBy(() -> cloud.databases().rebootWithFailover(EAST, "orders"))
                .isInstanceOf(ProviderException.class);

        Instant at = VirtualScheduler.DEFAULT_START.plus(Duration.ofMinutes(1));
        assertThat(cloud.calls()).containsExactly(
                new FakeCloud.Call(at, "rds:DescribeDBInstances", "rds/us-east-1", false),
                new FakeCloud.Call(at, "rds:RebootDBInstance", "rds/us-east-1", true));
        assertThat(cloud.calls("rds:RebootDBInstance")).hasSize(1);
        assertThat(cloud.calls("rds:*")).hasSize(2);
        assertThat(cloud.calls("k8s:*")).isEmpty();
    }

    @Test
    void region_down_everyCallThereIsUnavailableAndRecordedAsFailed() {
        FakeCloud cloud = cloudWithDatabase();
        cloud.region(EAST).goDown();

        assertThatThrownBy(() -> cloud.databases().findInstance(EAST, "orders"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.operation()).isEqualTo("rds:DescribeDBInstances");
                    assertThat(e.endpoint()).isEqualTo("rds/us-east-1");
                    assertThat(e.isRetryable()).isTrue();
                })
                .hasMessage("could not connect to rds/us-east-1 for rds:DescribeDBInstances: region us-east-1 is down"
                        + " (fake outage); call cloud.region(Region.of(\"us-east-1\")).recover() to bring it back");
        assertThat(cloud.databases().findSnapshot(WEST, "orders-snap")).isPresent();
        assertThat(cloud.region(EAST).isUp()).isFalse();
        assertThat(cloud.calls()).extracting(FakeCloud.Call::failed).containsExactly(true, false);
    }

    @Test
    void region_recover_callsSucceedAgain() {
        FakeCloud cloud = cloudWithDatabase();
        cloud.region(EAST).goDown().recover();

        assertThat(cloud.databases().findInstance(EAST, "orders")).isPresent();
    }

    @Test
    void region_goDownAfter_goesDownAtThatVirtualTime() {
        FakeCloud cloud = cloudWithDatabase();
        cloud.region(EAST).goDownAfter(Duration.ofMinutes(10));

        time.advance(Duration.ofMinutes(9));
        assertThat(cloud.region(EAST).isUp()).isTrue();
        time.advance(Duration.ofMinutes(1));
        assertThat(cloud.region(EAST).isUp()).isFalse();
    }

    @Test
    void faults_throttleNext_failsNTimesThenSucceeds() {
        FakeCloud cloud = cloudWithDatabase();
        cloud.faults().throttleNext(3, "rds:RestoreDBInstanceFromDBSnapshot");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cloud.databases().restoreFromSnapshot(restore("orders-dr")))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
                        assertThat(e.isRetryable()).isTrue();
                    });
        }
        DbInstance restored = cloud.databases().restoreFromSnapshot(restore("orders-dr"));

        assertThat(restored.status()).isEqualTo("creating");
        assertThat(cloud.calls()).extracting(FakeCloud.Call::failed).containsExactly(true, true, true, false);
    }

    @Test
    void faults_throttleNext_messageSaysWhatWasInjectedAndWhatIsLeft() {
        FakeCloud cloud = cloudWithDatabase();
        cloud.faults().throttleNext(2, "rds:*");

        assertThatThrownBy(() -> cloud.databases().findInstance(EAST, "orders"))
                .hasMessage("Rate exceeded (injected by FakeCloud faults: throttleNext(2, \"rds:*\"), 1 left;"
                        + " remove it with faults().clear())");
    }

    @Test
    void faults_failNext_onlyMatchingOperations() {
        FakeCloud cloud = cloudWithDatabase();
        cloud.faults().failNext(1, "rds:RestoreDBInstanceFromDBSnapshot", Reason.SERVER_ERROR);

        assertThat(cloud.databases().findInstance(EAST, "orders")).isPresent();
        assertThatThrownBy(() -> cloud.databases().restoreFromSnapshot(restore("orders-dr")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR));
        assertThat(cloud.databases().restoreFromSnapshot(restore("orders-dr")).id()).isEqualTo("orders-dr");
    }

    @Test
    void faults_failAlways_untilCleared() {
        FakeCloud cloud = cloudWithDatabase();
        cloud.faults().failAlways("rds:*", Reason.ACCESS_DENIED);

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> cloud.databases().findInstance(EAST, "orders"))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
                        assertThat(e.permission()).contains("rds:DescribeDBInstances");
                    });
        }
        cloud.faults().clear();

        assertThat(cloud.databases().findInstance(EAST, "orders")).isPresent();
    }

    @Test
    void faults_star_matchesEveryService() {
        FakeCloud cloud = cloudWithDatabase();
        cloud.addCluster("c", EAST).addDeployment("ns", "api", 1);
        cloud.faults().failAlways("*", Reason.SERVER_ERROR);

        assertThatThrownBy(() -> cloud.databases().findInstance(EAST, "orders")).isInstanceOf(ProviderException.class);
        assertThatThrownBy(() -> cloud.cluster("c").rolloutStatus("ns", "api")).isInstanceOf(ProviderException.class);
    }

    @Test
    void faults_regionOutageIsCheckedBeforeFaults() {
        FakeCloud cloud = cloudWithDatabase();
        cloud.faults().throttleNext(1, "rds:*");
        cloud.region(EAST).goDown();

        assertThatThrownBy(() -> cloud.databases().findInstance(EAST, "orders"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
        cloud.region(EAST).recover();
        assertThatThrownBy(() -> cloud.databases().findInstance(EAST, "orders"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.THROTTLED));
    }

    @Test
    void faults_latency_advancesTheClockPerMatchingCall() {
        FakeCloud cloud = cloudWithDatabase();
        cloud.faults().latency("rds:*", Duration.ofSeconds(2));
        Instant start = time.now();

        cloud.databases().findInstance(EAST, "orders");
        cloud.databases().findSnapshot(WEST, "orders-snap");

        assertThat(time.now()).isEqualTo(start.plusSeconds(4));
        assertThat(cloud.calls()).extracting(FakeCloud.Call::at).containsExactly(start, start.plusSeconds(2));
    }

    @Test
    void faults_at_onlyThatEndpoint() {
        FakeCloud cloud = cloudWithDatabase();
        cloud.databases().addInstance(WEST, "orders-west");
        cloud.faults().at("rds/us-west-2").failAlways("rds:*", Reason.SERVER_ERROR).latency("rds:*", Duration.ofSeconds(3));
        Instant start = time.now();

        assertThat(cloud.databases().findInstance(EAST, "orders")).isPresent();
        assertThat(time.now()).isEqualTo(start);
        assertThatThrownBy(() -> cloud.databases().findInstance(WEST, "orders-west"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR))
                .hasMessage("Internal server error (HTTP 500) (injected by FakeCloud faults:"
                        + " at(\"rds/us-west-2\").failAlways(\"rds:*\", SERVER_ERROR); remove it with faults().clear())");
        cloud.faults().clear();
        assertThat(cloud.databases().findInstance(WEST, "orders-west")).isPresent();
    }

    @Test
    void faults_badPattern_isRejected() {
        FakeCloud cloud = FakeCloud.create(time);

        assertThatThrownBy(() -> cloud.faults().failAlways("rds*", Reason.OTHER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fault pattern 'rds*' is not valid; use an operation such as"
                        + " rds:RestoreDBInstanceFromDBSnapshot, a service such as rds:*, or *");
        assertThatThrownBy(() -> cloud.faults().throttleNext(0, "rds:*"))
                .hasMessage("times must be at least 1 but was 0");
    }

    @Test
    void seed_sameSeedAndCalls_giveSameTimelineAndEndpoints() {
        List<Object> first = scenario(7);
        List<Object> second = scenario(7);
        List<Object> other = scenario(8);

        assertThat(first).isEqualTo(second);
        assertThat(first.get(1)).isNotEqualTo(other.get(1));
    }

    @Test
    void calls_everySpiMethod_namesItsOperationAndEndpointLikeTheEngine(@org.junit.jupiter.api.io.TempDir
                                                                       java.nio.file.Path dir) {
        FakeCloud cloud = FakeCloud.vibePlatform(time);
        var db = cloud.databases();
        db.findInstance(EAST, "vibe-postgres-production");
        db.describeBackupSettings(EAST, "vibe-postgres-production");
        db.findSnapshot(WEST, "vibe-manual-snapshot-20251225-dr");
        db.listSnapshots(WEST, "vibe-postgres-production", SnapshotType.ANY);
        db.createSnapshot(EAST, "vibe-postgres-production", "manual-1");
        db.copySnapshot(new io.drplan.core.spi.DatabaseProvider.SnapshotCopy(WEST, "vibe-manual-snapshot-20251225-dr",
                null, EAST, "copy-1", null));
        db.restoreFromSnapshot(new DbRestore(WEST, "vibe-manual-snapshot-20251225-dr", "vibe-postgres-dr",
                "vibe-db-subnet-group-dr", List.of("sg-0vibedr"), null, false));
        db.rebootWithFailover(EAST, "vibe-postgres-production");
        assertThatThrownBy(() -> db.promoteReadReplica(EAST, "vibe-postgres-production"));
        db.deleteInstance(WEST, "vibe-postgres-dr", "vibe-postgres-dr-final");
        db.deleteSnapshot(EAST, "copy-1");
        cloud.caches().findReplicationGroup(EAST, "vibe-redis-production");
        cloud.caches().describeSnapshotSettings(EAST, "vibe-redis-production");
        cloud.caches().testFailover(EAST, "vibe-redis-production", "0001");
        cloud.caches().createSnapshot(EAST, "vibe-redis-production", "redis-1");
        cloud.caches().listSnapshots(EAST, "vibe-redis-production");
        cloud.objectStorage().describeProtection(EAST, "vibe-files-production");
        var change = cloud.dns().upsertFailoverRecord("Z0VIBEDEV0001", cloud.dns().records("Z0VIBEDEV0001").get(1));
        cloud.dns().getChange(change.id());
        cloud.dns().listFailoverRecords("Z0VIBEDEV0001", "api.vibe.dev");
        cloud.dns().getHealthCheckStatus("hc-vibe-dr");
        cloud.loadBalancers().describeTargetHealth(WEST,
                "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/vibe-backend-dr/0123456789abcdef");
        cloud.registries().replicationDestinations(EAST);
        cloud.registries().replicationRules(EAST);
        cloud.registries().imageExists(WEST, "vibe-backend", "1.42.0");
        cloud.regionHealth().probe(WEST);
        cloud.infrastructure().selectWorkspace("infrastructure/terraform", "dr", true);
        var tf = new io.drplan.core.spi.InfrastructureProvider.IacRun(
                io.drplan.core.spi.InfrastructureProvider.Kind.PLAN, "infrastructure/terraform", "dr", Map.of(), List.of());
        cloud.infrastructure().start(tf);
        cloud.infrastructure().start(new io.drplan.core.spi.InfrastructureProvider.IacRun(
                io.drplan.core.spi.InfrastructureProvider.Kind.APPLY, "infrastructure/terraform", "dr", Map.of(), List.of()));
        var k8s = cloud.cluster("dr-cluster");
        k8s.readSecretKey("vibe-production", "vibe-secrets", "JWT_SECRET");
        k8s.updateSecretKey("vibe-production", "vibe-secrets", "X", io.drplan.core.Secret.of("y"));
        k8s.rolloutStatus("vibe-production", "vibe-backend");
        k8s.rolloutHistory("vibe-production", "vibe-backend");
        k8s.rolloutRestart("vibe-production", "vibe-backend");
        k8s.services("vibe-production");
        k8s.nodes();
        k8s.apiHealth();
        k8s.events("vibe-production");
        k8s.preserveEvidence("vibe-production", Map.of("app.kubernetes.io/component", "frontend"), 10, dir);
        cloud.http().get(java.net.URI.create("https://api.vibe.dev/health"), Duration.ofSeconds(5));

        assertThat(cloud.calls().stream().map(c -> c.operation() + " " + c.endpoint()).distinct()).containsExactly(
                "rds:DescribeDBInstances rds/us-east-1",
                "rds:DescribeDBSnapshots rds/us-west-2",
                "rds:CreateDBSnapshot rds/us-east-1",
                "rds:CopyDBSnapshot rds/us-east-1",
                "rds:RestoreDBInstanceFromDBSnapshot rds/us-west-2",
                "rds:RebootDBInstance rds/us-east-1",
                "rds:PromoteReadReplica rds/us-east-1",
                "rds:DeleteDBInstance rds/us-west-2",
                "rds:DeleteDBSnapshot rds/us-east-1",
                "elasticache:DescribeReplicationGroups elasticache/us-east-1",
                "elasticache:TestFailover elasticache/us-east-1",
                "elasticache:CreateSnapshot elasticache/us-east-1",
                "elasticache:DescribeSnapshots elasticache/us-east-1",
                "s3:GetBucketVersioning s3/us-east-1",
                "s3:GetReplicationConfiguration s3/us-east-1",
                "s3:GetLifecycleConfiguration s3/us-east-1",
                "s3:GetBucketLocation s3/us-east-1",
                "route53:ChangeResourceRecordSets route53/global",
                "route53:GetChange route53/global",
                "route53:ListResourceRecordSets route53/global",
                "route53:GetHealthCheckStatus route53/global",
                "elasticloadbalancing:DescribeTargetHealth elasticloadbalancing/us-west-2",
                "ecr:DescribeRegistry ecr/us-east-1",
                "ecr:DescribeImages ecr/us-west-2",
                "ec2:DescribeVpcs ec2/us-west-2",
                "ec2:DescribeAvailabilityZones ec2/us-west-2",
                "terraform:workspace terraform/infrastructure/terraform",
                "terraform:plan terraform/infrastructure/terraform",
                "terraform:apply terraform/infrastructure/terraform",
                "k8s:get secrets k8s/dr-cluster",
                "k8s:patch secrets k8s/dr-cluster",
                "k8s:get deployments k8s/dr-cluster",
                "k8s:list replicasets k8s/dr-cluster",
                "k8s:patch deployments k8s/dr-cluster",
                "k8s:list services k8s/dr-cluster",
                "k8s:list nodes k8s/dr-cluster",
                "k8s:get /healthz k8s/dr-cluster",
                "k8s:list events k8s/dr-cluster",
                "k8s:list pods k8s/dr-cluster",
                "k8s:get pods/log k8s/dr-cluster",
                "http:GET http/api.vibe.dev");
    }

    private static List<Object> scenario(long seed) {
        VirtualScheduler t = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.builder(t).seed(seed).vibePlatform().build();
        cloud.region(EAST).goDown();
        cloud.databases().restoreFromSnapshot(new DbRestore(WEST, cloud.databases()
                .listSnapshots(WEST, "vibe-postgres-production", SnapshotType.ANY).get(0).id(),
                "vibe-postgres-dr", "vibe-db-subnet-group-dr", List.of("sg-0vibedr"), null, false));
        t.advance(Duration.ofMinutes(25));
        cloud.cluster("dr-cluster").rolloutRestart("vibe-production", "vibe-backend");
        t.advance(Duration.ofMinutes(3));
        String endpoint = cloud.databases().findInstance(WEST, "vibe-postgres-dr").orElseThrow().endpoint();
        List<String> pods = cloud.cluster("dr-cluster").pods("vibe-production", Map.of()).stream()
                .map(p -> p.name()).toList();
        return List.of(cloud.calls(), endpoint, pods, t.now());
    }
}
