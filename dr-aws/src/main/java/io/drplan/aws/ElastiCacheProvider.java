package io.drplan.aws;

import static io.drplan.aws.AwsCall.exec;
import static io.drplan.aws.AwsCall.run;

import io.drplan.core.spi.Operations;
import io.drplan.core.Region;
import io.drplan.core.spi.CacheProvider;
import io.drplan.core.spi.ProviderException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.AutomaticFailoverStatus;
import software.amazon.awssdk.services.elasticache.model.InvalidReplicationGroupStateException;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.NodeSnapshot;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.Snapshot;

/** ElastiCache (Redis) implementation of {@link CacheProvider}; every method is one API call. */
final class ElastiCacheProvider implements CacheProvider {
    private static final Logger log = LoggerFactory.getLogger(ElastiCacheProvider.class);
    private static final Comparator<CacheSnapshot> NEWEST_FIRST = Comparator.comparing(CacheSnapshot::createdAt,
            Comparator.nullsFirst(Comparator.<Instant>reverseOrder())).thenComparing(CacheSnapshot::name);

    private final AwsClients clients;

    ElastiCacheProvider(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public Optional<ReplicationGroup> findReplicationGroup(Region region, String groupId) {
        ElastiCacheClient ec = clients.elastiCache(region);
        try {
            return run(Operations.ELASTICACHE_DESCRIBE_REPLICATION_GROUPS, region,
                    "replication group '" + groupId + "'",
                    () -> ec.describeReplicationGroups(r -> r.replicationGroupId(groupId)))
                    .replicationGroups().stream().findFirst().map(g -> new ReplicationGroup(
                            g.replicationGroupId(), region, g.status(),
                            g.automaticFailover() == AutomaticFailoverStatus.ENABLED,
                            g.nodeGroups().stream().map(ElastiCacheProvider::toNodeGroup).toList()));
        } catch (ProviderException e) {
            if (e.getCause() instanceof ReplicationGroupNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void testFailover(Region region, String groupId, String nodeGroupId) {
        ElastiCacheClient ec = clients.elastiCache(region);
        exec(Operations.ELASTICACHE_TEST_FAILOVER, region,
                "node group '" + nodeGroupId + "' of replication group '" + groupId + "'",
                () -> ec.testFailover(r -> r.replicationGroupId(groupId).nodeGroupId(nodeGroupId)));
        log.info("started test failover of node group {} of {} in {}", nodeGroupId, groupId, region);
    }

    @Override
    public CacheSnapshot createSnapshot(Region region, String groupId, String snapshotName) {
        ElastiCacheClient ec = clients.elastiCache(region);
        Snapshot s = run(Operations.ELASTICACHE_CREATE_SNAPSHOT, region,
                "snapshot '" + snapshotName + "' of replication group '" + groupId + "'",
                () -> ec.createSnapshot(r -> r.replicationGroupId(groupId).snapshotName(snapshotName)).snapshot());
        log.info("started snapshot {} of {} in {}", snapshotName, groupId, region);
        return toSnapshot(s, groupId);
    }

    @Override
    public List<CacheSnapshot> listSnapshots(Region region, String groupId) {
        ElastiCacheClient ec = clients.elastiCache(region);
        return run(Operations.ELASTICACHE_DESCRIBE_SNAPSHOTS, region,
                "snapshots of replication group '" + groupId + "'",
                () -> ec.describeSnapshotsPaginator(r -> r.replicationGroupId(groupId)).snapshots().stream()
                        .map(s -> toSnapshot(s, groupId)).sorted(NEWEST_FIRST).toList());
    }

    /** {@code DescribeReplicationGroups}: SnapshotRetentionLimit and SnapshotWindow. */
    @Override
    public CacheSnapshotSettings describeSnapshotSettings(Region region, String groupId) {
        ElastiCacheClient ec = clients.elastiCache(region);
        var g = run(Operations.ELASTICACHE_DESCRIBE_REPLICATION_GROUPS, region, "replication group '" + groupId + "'",
                () -> ec.describeReplicationGroups(r -> r.replicationGroupId(groupId))).replicationGroups().get(0);
        return new CacheSnapshotSettings(g.replicationGroupId(),
                g.snapshotRetentionLimit() == null ? 0 : g.snapshotRetentionLimit(), g.snapshotWindow());
    }

    @Override
    public void deleteReplicationGroup(Region region, String groupId, String finalSnapshotName) {
        if (finalSnapshotName == null || finalSnapshotName.isBlank()) {
            throw new IllegalArgumentException("finalSnapshotName is required: drplan never deletes a replication"
                    + " group ('" + groupId + "') without a final snapshot");
        }
        ElastiCacheClient ec = clients.elastiCache(region);
        try {
            exec(Operations.ELASTICACHE_DELETE_REPLICATION_GROUP, region, "replication group '" + groupId + "'",
                    () -> ec.deleteReplicationGroup(r -> r.replicationGroupId(groupId).retainPrimaryCluster(false)
                            .finalSnapshotIdentifier(finalSnapshotName)));
        } catch (ProviderException e) {
            // A compensation retried, or run after someone else cleaned up: gone or going is done.
            if (e.getCause() instanceof ReplicationGroupNotFoundException) {
                log.info("replication group {} in {} is already gone; nothing to delete", groupId, region);
                return;
            }
            if (e.getCause() instanceof InvalidReplicationGroupStateException && findReplicationGroup(region, groupId)
                    .map(g -> "deleting".equals(g.status())).orElse(true)) {
                log.info("replication group {} in {} is already being deleted", groupId, region);
                return;
            }
            throw e;
        }
        log.info("started deletion of replication group {} in {} after final snapshot {}", groupId, region,
                finalSnapshotName);
    }

    @Override
    public String toString() {
        return "ElastiCacheProvider[" + clients + "]";
    }

    private static NodeGroup toNodeGroup(software.amazon.awssdk.services.elasticache.model.NodeGroup g) {
        // Cluster mode disabled: members carry CurrentRole. Cluster mode enabled: no roles, so no primary is named.
        Optional<NodeGroupMember> primary = g.nodeGroupMembers().stream()
                .filter(m -> "primary".equalsIgnoreCase(m.currentRole())).findFirst();
        return new NodeGroup(g.nodeGroupId(), g.status(),
                primary.map(NodeGroupMember::cacheClusterId).orElse(null),
                primary.map(NodeGroupMember::preferredAvailabilityZone).orElse(null));
    }

    /** A snapshot is as old as its oldest node snapshot; null while no node has been captured yet. */
    private static CacheSnapshot toSnapshot(Snapshot s, String groupId) {
        Instant created = s.nodeSnapshots().stream().map(NodeSnapshot::snapshotCreateTime).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        return new CacheSnapshot(s.snapshotName(), s.replicationGroupId() != null ? s.replicationGroupId() : groupId,
                s.snapshotStatus(), created);
    }
}
