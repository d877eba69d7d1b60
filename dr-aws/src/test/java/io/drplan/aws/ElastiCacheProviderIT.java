package io.drplan.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.Region;
import io.drplan.core.spi.CacheProvider;
import io.drplan.core.spi.CacheProvider.CacheSnapshot;
import io.drplan.core.spi.CacheProvider.NodeGroup;
import io.drplan.core.spi.CacheProvider.ReplicationGroup;
import io.drplan.core.spi.ProviderException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

@ExtendWith(MotoServerExtension.class)
class ElastiCacheProviderIT {
    private static final Region EAST = Region.of("us-east-1");
    private static final String GROUP = "vibe-redis-production";

    private CacheProvider caches;
    private ElastiCacheClient sdk;

    @BeforeEach
    void setUp(MotoServer moto) {
        caches = moto.providers().caches();
        sdk = moto.sdk(ElastiCacheClient.builder(), "us-east-1");
    }

    private void createGroup() {
        sdk.createReplicationGroup(r -> r.replicationGroupId(GROUP).replicationGroupDescription("Vibe cache")
                .engine("redis").cacheNodeType("cache.t4g.medium").numCacheClusters(2)
                .automaticFailoverEnabled(true));
    }

    @Test
    void findReplicationGroup_existing_returnsStatusAndPrimaryOfEachNodeGroup() {
        createGroup();

        ReplicationGroup group = caches.findReplicationGroup(EAST, GROUP).orElseThrow();

        assertThat(group.id()).isEqualTo(GROUP);
        assertThat(group.region()).isEqualTo(EAST);
        assertThat(group.status()).isEqualTo("available");
        assertThat(group.isAvailable()).isTrue();
        assertThat(group.automaticFailover()).isTrue();
        assertThat(group.nodeGroups()).containsExactly(
                new NodeGroup("0001", "available", GROUP + "-001", "us-east-1a"));
    }

    @Test
    void findReplicationGroup_missing_isEmpty() {
        assertThat(caches.findReplicationGroup(EAST, "no-such-group")).isEmpty();
    }

    @Test
    void createSnapshot_existingGroup_snapshotIsListedAndInMoto() {
        createGroup();

        CacheSnapshot snapshot = caches.createSnapshot(EAST, GROUP, "vibe-redis-20260101");

        assertThat(snapshot.name()).isEqualTo("vibe-redis-20260101");
        assertThat(snapshot.groupId()).isEqualTo(GROUP);
        assertThat(snapshot.status()).isEqualTo("available");
        assertThat(caches.listSnapshots(EAST, GROUP)).extracting(CacheSnapshot::name)
                .containsExactly("vibe-redis-20260101");
        assertThat(sdk.describeSnapshots(r -> r.snapshotName("vibe-redis-20260101")).snapshots().get(0)
                .replicationGroupId()).isEqualTo(GROUP);
    }

    @Test
    void createSnapshot_missingGroup_isNotFound() {
        assertThatThrownBy(() -> caches.createSnapshot(EAST, "no-such-group", "s"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("elasticache:CreateSnapshot");
                    assertThat(e.endpoint()).isEqualTo("elasticache/us-east-1");
                    assertThat(e.getMessage()).contains("ReplicationGroupNotFoundFault");
                });
    }

    @Test
    void createSnapshot_sameNameTwice_isConflict() {
        createGroup();
        caches.createSnapshot(EAST, GROUP, "snap");

        assertThatThrownBy(() -> caches.createSnapshot(EAST, GROUP, "snap"))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.CONFLICT));
    }
}
