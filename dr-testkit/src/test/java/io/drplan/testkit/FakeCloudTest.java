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
        cloud.databases().addSnapshot(WEST, "orders", "orders-snap", SnapshotType.AUTOMATED,
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
                .hasMessage("Rate exceeded (injected by FakeCloud faults: failNext(2, \"rds:*\", THROTTLED), 1 left;"
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

    private static List<Object> scenario(long seed) {
        VirtualScheduler t = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.builder(t).seed(seed).vibePlatform().build();
        cloud.region(EAST).goDown();
        cloud.databases().restoreFromSnapshot(new DbRestore(WEST, cloud.databases()
                .listSnapshots(WEST, "vibe-postgres-production", SnapshotType.AUTOMATED).get(0).id(),
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
