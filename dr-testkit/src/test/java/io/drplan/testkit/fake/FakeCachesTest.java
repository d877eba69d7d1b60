package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.CacheProvider.CacheSnapshot;
import io.drplan.core.spi.CacheProvider.NodeGroup;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeCachesTest {
    private static final Region EAST = Region.of("us-east-1");

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);
    private final FakeCaches caches = cloud.caches();

    @BeforeEach
    void seed() {
        caches.addReplicationGroup(EAST, "sessions", g -> g.automaticFailover(true)
                .nodeGroup("0001", "sessions-0001-001", "us-east-1a", "sessions-0001-002", "us-east-1b"));
        caches.addReplicationGroup(EAST, "manual", g -> g.automaticFailover(false)
                .nodeGroup("0001", "manual-0001-001", "us-east-1a", "manual-0001-002", "us-east-1b"));
    }

    @Test
    void testFailover_modifyingThenPrimarySwapsWithReplica() {
        caches.testFailover(EAST, "sessions", "0001");

        assertThat(caches.findReplicationGroup(EAST, "sessions").orElseThrow().status()).isEqualTo("modifying");
        time.advance(Duration.ofMinutes(3));

        var group = caches.findReplicationGroup(EAST, "sessions").orElseThrow();
        assertThat(group.isAvailable()).isTrue();
        assertThat(group.nodeGroup("0001")).contains(new NodeGroup("0001", "available", "sessions-0001-002", "us-east-1b"));
    }

    @Test
    void testFailover_errors() {
        assertThatThrownBy(() -> caches.testFailover(EAST, "manual", "0001"))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST))
                .hasMessage("replication group 'manual' has automatic failover disabled; enable it before a test failover");
        assertThatThrownBy(() -> caches.testFailover(EAST, "sessions", "0002"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("node group '0002' not found in replication group 'sessions'; its node groups are [0001]");
        assertThatThrownBy(() -> caches.testFailover(EAST, "nope", "0001"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        caches.testFailover(EAST, "sessions", "0001");
        assertThatThrownBy(() -> caches.testFailover(EAST, "sessions", "0001"))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
    }

    @Test
    void snapshots_creatingThenAvailable_newestFirst() {
        caches.createSnapshot(EAST, "sessions", "first");
        time.advance(Duration.ofMinutes(1));
        CacheSnapshot second = caches.createSnapshot(EAST, "sessions", "second");

        assertThat(second.status()).isEqualTo("creating");
        time.advance(Duration.ofMinutes(5));
        assertThat(caches.listSnapshots(EAST, "sessions")).extracting(CacheSnapshot::name, CacheSnapshot::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("second", "available"),
                        org.assertj.core.groups.Tuple.tuple("first", "available"));
        assertThatThrownBy(() -> caches.createSnapshot(EAST, "sessions", "first"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT));
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation).containsExactly("elasticache:CreateSnapshot",
                "elasticache:CreateSnapshot", "elasticache:DescribeSnapshots", "elasticache:CreateSnapshot");
    }

    @Test
    void setStatus_notAvailable_refusesFailover() {
        caches.setStatus(EAST, "sessions", "snapshotting");

        assertThatThrownBy(() -> caches.testFailover(EAST, "sessions", "0001"))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST))
                .hasMessage("replication group 'sessions' is snapshotting, not available; wait until it is available");
    }
}
