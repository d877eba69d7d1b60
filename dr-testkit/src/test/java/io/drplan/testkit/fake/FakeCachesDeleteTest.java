package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.CacheProvider.CacheSnapshot;
import io.drplan.core.spi.CacheProvider.ReplicationGroup;
import io.drplan.core.spi.ProviderException;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Deleting a fake replication group takes its final snapshot first, as ElastiCache's FinalSnapshotIdentifier does. */
class FakeCachesDeleteTest {
    private static final Region EAST = Region.of("us-east-1");
    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.vibePlatform(time);
    private final FakeCaches caches = cloud.caches();

    @Test
    void deleteReplicationGroup_deletingThenGone_leavingItsFinalSnapshot() {
        caches.deleteReplicationGroup(EAST, "vibe-redis-production", "drplan-final-e1-cache");

        assertThat(caches.findReplicationGroup(EAST, "vibe-redis-production").map(ReplicationGroup::status))
                .contains("deleting");
        time.advance(Duration.ofHours(1));
        assertThat(caches.findReplicationGroup(EAST, "vibe-redis-production")).isEmpty();
        assertThat(caches.listSnapshots(EAST, "vibe-redis-production")).extracting(CacheSnapshot::name, CacheSnapshot::status)
                .contains(org.assertj.core.groups.Tuple.tuple("drplan-final-e1-cache", "available"));
        // a retried compensation is done
        caches.deleteReplicationGroup(EAST, "vibe-redis-production", "drplan-final-e1-cache");
    }

    @Test
    void deleteReplicationGroup_withoutAFinalSnapshotName_isRefused() {
        assertThatThrownBy(() -> caches.deleteReplicationGroup(EAST, "vibe-redis-production", null))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("FinalSnapshotIdentifier is required: name the final snapshot"
                            + " of replication group 'vibe-redis-production'");
                });
        assertThat(caches.findReplicationGroup(EAST, "vibe-redis-production").orElseThrow().isAvailable()).isTrue();
    }
}
