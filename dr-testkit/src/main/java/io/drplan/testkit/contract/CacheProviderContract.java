package io.drplan.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drplan.core.Region;
import io.drplan.core.spi.CacheProvider;
import io.drplan.core.spi.CacheProvider.CacheSnapshot;
import io.drplan.core.spi.CacheProvider.NodeGroup;
import io.drplan.core.spi.CacheProvider.ReplicationGroup;
import io.drplan.core.spi.ProviderException;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CacheProvider} must do, as ElastiCache does it: replication groups with their
 * status, automatic failover and the primary of each node group; snapshots; test failover moving a
 * node group's primary. Subclass it once for the fake and once for the real provider on its test
 * bed; a difference between them fails a test.
 */
public abstract class CacheProviderContract {
    /** The region the groups are created in. */
    protected static final Region REGION = Region.of("us-east-1");

    /** The provider under test. */
    protected abstract CacheProvider caches();

    /**
     * Creates an available Redis replication group in {@link #REGION}, cluster mode disabled, with
     * automatic failover and two nodes named as ElastiCache names them ({@code <groupId>-001},
     * {@code <groupId>-002}), the first primary.
     */
    protected abstract void createGroup(String groupId);

    /** Lets enough time pass for snapshots and failovers started so far to finish. */
    protected abstract void letTimePass();

    /**
     * Whether the test bed answers TestFailover; only one known not to (and saying where it is
     * tested instead) returns false.
     */
    protected boolean answersTestFailover() {
        return true;
    }

    @Test
    void findReplicationGroup_existing_statusAutomaticFailoverAndPrimaryOfItsNodeGroup() {
        createGroup("vibe-redis-production");

        ReplicationGroup group = caches().findReplicationGroup(REGION, "vibe-redis-production").orElseThrow();

        assertThat(group.id()).isEqualTo("vibe-redis-production");
        assertThat(group.region()).isEqualTo(REGION);
        assertThat(group.status()).isEqualTo("available");
        assertThat(group.automaticFailover()).isTrue();
        assertThat(group.nodeGroups()).extracting(NodeGroup::id, NodeGroup::status, NodeGroup::primaryNodeId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0001", "available", "vibe-redis-production-001"));
        assertThat(group.nodeGroup("0001").orElseThrow().primaryAvailabilityZone()).startsWith("us-east-1");
    }

    @Test
    void findReplicationGroup_missing_isEmpty() {
        assertThat(caches().findReplicationGroup(REGION, "no-such-group")).isEmpty();
    }

    @Test
    void createSnapshot_existingGroup_listedAndAvailableInTime() {
        createGroup("vibe-redis-production");

        CacheSnapshot started = caches().createSnapshot(REGION, "vibe-redis-production", "vibe-redis-20260101");
        letTimePass();

        assertThat(started.name()).isEqualTo("vibe-redis-20260101");
        assertThat(started.groupId()).isEqualTo("vibe-redis-production");
        assertThat(started.status()).isIn("creating", "available");
        assertThat(caches().listSnapshots(REGION, "vibe-redis-production"))
                .extracting(CacheSnapshot::name, CacheSnapshot::groupId, CacheSnapshot::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("vibe-redis-20260101", "vibe-redis-production",
                        "available"));
    }

    @Test
    void createSnapshot_sameNameTwice_isConflict() {
        createGroup("vibe-redis-production");
        caches().createSnapshot(REGION, "vibe-redis-production", "snap");

        assertThatThrownBy(() -> caches().createSnapshot(REGION, "vibe-redis-production", "snap"))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.CONFLICT));
    }

    @Test
    void createSnapshot_missingGroup_isNotFound() {
        assertThatThrownBy(() -> caches().createSnapshot(REGION, "no-such-group", "s"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("elasticache:CreateSnapshot");
                    assertThat(e.endpoint()).isEqualTo("elasticache/us-east-1");
                });
    }

    @Test
    void testFailover_nodeGroup_notAvailableThenThePrimaryMoved() {
        assumeTrue(answersTestFailover(), "this test bed does not answer TestFailover (see the subclass)");
        createGroup("vibe-redis-production");

        caches().testFailover(REGION, "vibe-redis-production", "0001");
        ReplicationGroup during = caches().findReplicationGroup(REGION, "vibe-redis-production").orElseThrow();
        letTimePass();
        ReplicationGroup after = caches().findReplicationGroup(REGION, "vibe-redis-production").orElseThrow();

        assertThat(during.isAvailable()).isFalse();
        assertThat(after.isAvailable()).isTrue();
        assertThat(after.nodeGroup("0001").orElseThrow().primaryNodeId()).isEqualTo("vibe-redis-production-002");
    }

    @Test
    void testFailover_missingGroup_isNotFound() {
        assumeTrue(answersTestFailover(), "this test bed does not answer TestFailover (see the subclass)");

        assertThatThrownBy(() -> caches().testFailover(REGION, "no-such-group", "0001"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("elasticache:TestFailover");
                });
    }
}
