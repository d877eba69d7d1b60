package io.drplan.core.spi;

import io.drplan.core.Region;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Caches (ElastiCache Redis in the runbook): replication groups, failover and snapshots. */
public interface CacheProvider {

    /** The replication group, or empty when it does not exist. */
    Optional<ReplicationGroup> findReplicationGroup(Region region, String groupId);

    /** Starts a test failover of one node group (its primary moves to a replica). */
    void testFailover(Region region, String groupId, String nodeGroupId);

    /** Starts a snapshot of the replication group. */
    CacheSnapshot createSnapshot(Region region, String groupId, String snapshotName);

    /** Snapshots of the replication group, newest first. */
    List<CacheSnapshot> listSnapshots(Region region, String groupId);

    /**
     * The replication group's automatic-snapshot settings, read only (ElastiCache:
     * {@code DescribeReplicationGroups}), for audits against a backup policy. The default says the
     * provider cannot; override it.
     *
     * @throws ProviderException {@code NOT_FOUND} when the group does not exist
     */
    default CacheSnapshotSettings describeSnapshotSettings(Region region, String groupId) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " cannot describe snapshot settings; implement CacheProvider.describeSnapshotSettings");
    }

    /**
     * A replication group's automatic snapshots.
     *
     * @param retentionDays  how many days of daily snapshots are kept (0: automatic snapshots are off)
     * @param snapshotWindow the daily window, {@code hh:mm-hh:mm} in UTC, or {@code null}
     */
    record CacheSnapshotSettings(String groupId, int retentionDays, String snapshotWindow) { }

    /**
     * Deletes a replication group after a final snapshot {@code finalSnapshotName} of it
     * ({@code FinalSnapshotIdentifier}); there is no way to delete without one. Deleting a group that is
     * already gone, or already being deleted, is done.
     */
    void deleteReplicationGroup(Region region, String groupId, String finalSnapshotName);

    /** A replication group; {@code status} is e.g. {@code available}, {@code modifying}. */
    record ReplicationGroup(String id, Region region, String status, boolean automaticFailover,
                            List<NodeGroup> nodeGroups) {
        public ReplicationGroup {
            nodeGroups = List.copyOf(nodeGroups);
        }

        public boolean isAvailable() {
            return "available".equals(status);
        }

        public Optional<NodeGroup> nodeGroup(String nodeGroupId) {
            return nodeGroups.stream().filter(g -> g.id().equals(nodeGroupId)).findFirst();
        }
    }

    /** A shard: its primary node and where it runs. */
    record NodeGroup(String id, String status, String primaryNodeId, String primaryAvailabilityZone) { }

    /** A cache snapshot. */
    record CacheSnapshot(String name, String groupId, String status, Instant createdAt) { }
}
