package io.drplan.testkit.fake;

import io.drplan.core.Region;
import io.drplan.core.spi.CacheProvider;
import io.drplan.core.spi.ProviderException.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A fake of ElastiCache replication groups (cluster mode disabled or enabled): a test failover puts the group and node group in
 * {@code modifying} for {@link io.drplan.testkit.FakeCloud.Timings#cacheFailover()}, then the node
 * group's primary swaps with its first replica (node and AZ); snapshots are {@code creating} for
 * {@code cacheSnapshot()}. Endpoint {@code elasticache/<region>}.
 *
 * <pre>{@code
 * cloud.caches().addReplicationGroup(east, "sessions", g -> g.automaticFailover(true)
 *     .nodeGroup("0001", "sessions-0001-001", "us-east-1a", "sessions-0001-002", "us-east-1b"));
 * }</pre>
 */
public final class FakeCaches implements CacheProvider {
    private final Simulation sim;
    private final Map<Region, Map<String, Group>> groups = new HashMap<>();
    private final Map<Region, List<Snapshot>> snapshots = new HashMap<>();

    FakeCaches(Simulation sim) {
        this.sim = sim;
    }

    /** Adds an {@code available} replication group. */
    public FakeCaches addReplicationGroup(Region region, String groupId, Consumer<GroupSpec> spec) {
        GroupSpec s = new GroupSpec();
        spec.accept(s);
        Group g = new Group(Objects.requireNonNull(groupId, "groupId"), region, s.automaticFailover, s.clusterMode);
        g.nodeGroups.addAll(s.nodeGroups);
        in(region).put(groupId, g);
        return this;
    }

    /** Adds an {@code available} snapshot of a group taken at {@code createdAt}. */
    public FakeCaches addSnapshot(Region region, String groupId, String snapshotName, Instant createdAt) {
        Snapshot s = new Snapshot(snapshotName, groupId, createdAt);
        s.status = "available";
        snapshots.computeIfAbsent(region, r -> new ArrayList<>()).add(s);
        return this;
    }

    /** Puts a replication group in any status at once (e.g. {@code modifying}, {@code snapshotting}). */
    public FakeCaches setStatus(Region region, String groupId, String status) {
        Group g = in(region).get(groupId);
        if (g == null) {
            throw new IllegalArgumentException("no replication group '" + groupId + "' in " + region);
        }
        g.status = Objects.requireNonNull(status, "status");
        return this;
    }

    @Override
    public Optional<ReplicationGroup> findReplicationGroup(Region region, String groupId) {
        return sim.call("elasticache:DescribeReplicationGroups", endpoint(region), region,
                () -> Optional.ofNullable(in(region).get(groupId)).map(Group::view));
    }

    @Override
    public void testFailover(Region region, String groupId, String nodeGroupId) {
        String op = "elasticache:TestFailover";
        String endpoint = endpoint(region);
        sim.run(op, endpoint, region, () -> {
            Group g = require(op, region, groupId);
            Node ng = g.nodeGroups.stream().filter(n -> n.id.equals(nodeGroupId)).findFirst()
                    .orElseThrow(() -> Simulation.error(Reason.NOT_FOUND, op, endpoint, "node group '" + nodeGroupId
                            + "' not found in replication group '" + groupId + "'; its node groups are "
                            + g.nodeGroups.stream().map(n -> n.id).toList()));
            if (!g.automaticFailover) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "replication group '" + groupId
                        + "' has automatic failover disabled; enable it before a test failover");
            }
            if (!"available".equals(g.status)) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "replication group '" + groupId + "' is "
                        + g.status + ", not available; wait until it is available");
            }
            if (ng.replicaNode == null) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "node group '" + nodeGroupId
                        + "' has no replica to fail over to; add a replica first");
            }
            failover(g, ng);
        });
    }

    @Override
    public CacheSnapshot createSnapshot(Region region, String groupId, String snapshotName) {
        String op = "elasticache:CreateSnapshot";
        String endpoint = endpoint(region);
        return sim.call(op, endpoint, region, () -> {
            require(op, region, groupId);
            List<Snapshot> list = snapshots.computeIfAbsent(region, r -> new ArrayList<>());
            if (list.stream().anyMatch(s -> s.name.equals(snapshotName))) {
                throw Simulation.error(Reason.CONFLICT, op, endpoint, "cache snapshot '" + snapshotName
                        + "' already exists in " + region + "; choose another name");
            }
            Snapshot s = new Snapshot(snapshotName, groupId, sim.now());
            list.add(s);
            sim.after(sim.timings().cacheSnapshot(), () -> s.status = "available");
            return s.view();
        });
    }

    @Override
    public List<CacheSnapshot> listSnapshots(Region region, String groupId) {
        return sim.call("elasticache:DescribeSnapshots", endpoint(region), region,
                () -> snapshots.getOrDefault(region, List.of()).stream().filter(s -> s.groupId.equals(groupId))
                        .sorted(Comparator.comparing((Snapshot s) -> s.createdAt).reversed()).map(Snapshot::view)
                        .toList());
    }

    void availabilityZoneFailed(Region region, String zone) {
        for (Group g : in(region).values()) {
            for (Node n : g.nodeGroups) {
                if (zone.equals(n.primaryAz) && g.automaticFailover && n.replicaNode != null) {
                    failover(g, n);
                }
            }
        }
    }

    private void failover(Group g, Node ng) {
        g.status = "modifying";
        ng.status = "modifying";
        sim.after(sim.timings().cacheFailover(), () -> {
            String node = ng.primaryNode;
            String az = ng.primaryAz;
            ng.primaryNode = ng.replicaNode;
            ng.primaryAz = ng.replicaAz;
            ng.replicaNode = node;
            ng.replicaAz = az;
            ng.status = "available";
            g.status = "available";
        });
    }

    @Override
    public void deleteReplicationGroup(Region region, String groupId, String finalSnapshotName) {
        String op = "elasticache:DeleteReplicationGroup";
        String endpoint = endpoint(region);
        sim.run(op, endpoint, region, () -> {
            if (finalSnapshotName == null || finalSnapshotName.isBlank()) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "FinalSnapshotIdentifier is required:"
                        + " name the final snapshot of replication group '" + groupId + "'");
            }
            Group g = in(region).get(groupId);
            if (g == null || "deleting".equals(g.status)) {
                return;   // gone or going: a retried compensation is done
            }
            List<Snapshot> list = snapshots.computeIfAbsent(region, r -> new ArrayList<>());
            if (list.stream().anyMatch(s -> s.name.equals(finalSnapshotName))) {
                throw Simulation.error(Reason.CONFLICT, op, endpoint, "cache snapshot '" + finalSnapshotName
                        + "' already exists in " + region + "; choose another final snapshot name");
            }
            Snapshot s = new Snapshot(finalSnapshotName, groupId, sim.now());
            list.add(s);
            g.status = "deleting";
            sim.after(sim.timings().cacheSnapshot(), () -> {
                s.status = "available";
                in(region).remove(groupId, g);
            });
        });
    }

    private Group require(String op, Region region, String groupId) {
        Group g = in(region).get(groupId);
        if (g == null) {
            throw Simulation.error(Reason.NOT_FOUND, op, endpoint(region), "replication group '" + groupId
                    + "' not found in " + region + "; check the id and the region");
        }
        return g;
    }

    private Map<String, Group> in(Region region) {
        return groups.computeIfAbsent(Objects.requireNonNull(region, "region"), r -> new LinkedHashMap<>());
    }

    private static String endpoint(Region region) {
        return "elasticache/" + region;
    }

    // ---------------------------------------------------------------- snapshot settings (read by audits)

    private final Map<Region, Map<String, CacheSnapshotSettings>> snapshotSettings = new HashMap<>();

    /**
     * Sets a group's automatic-snapshot settings. A group without them has CreateReplicationGroup's
     * defaults: retention 0 (automatic snapshots off), no window.
     */
    public FakeCaches setSnapshotSettings(Region region, String groupId, int retentionDays, String snapshotWindow) {
        snapshotSettings.computeIfAbsent(region, r -> new HashMap<>()).put(groupId,
                new CacheSnapshotSettings(groupId, retentionDays, snapshotWindow));
        return this;
    }

    @Override
    public CacheSnapshotSettings describeSnapshotSettings(Region region, String groupId) {
        return sim.call("elasticache:DescribeReplicationGroups", endpoint(region), region, () -> {
            if (!in(region).containsKey(groupId)) {
                throw Simulation.error(Reason.NOT_FOUND, "elasticache:DescribeReplicationGroups", endpoint(region),
                        "replication group '" + groupId + "' not found in " + region + " (ReplicationGroupNotFoundFault)");
            }
            return snapshotSettings.getOrDefault(region, Map.of()).getOrDefault(groupId,
                    new CacheSnapshotSettings(groupId, 0, null));
        });
    }

    @Override
    public String toString() {
        return "FakeCaches" + groups;
    }

    /** Settings of a seeded replication group. */
    public static final class GroupSpec {
        private boolean automaticFailover = true;
        private boolean clusterMode;
        private final List<Node> nodeGroups = new ArrayList<>();

        private GroupSpec() { }

        public GroupSpec automaticFailover(boolean enabled) {
            this.automaticFailover = enabled;
            return this;
        }

        /**
         * Cluster mode enabled: as ElastiCache, the group then names no primary node
         * ({@code CurrentRole} is reported only with cluster mode disabled), and automatic failover
         * is always on.
         */
        public GroupSpec clusterMode(boolean enabled) {
            this.clusterMode = enabled;
            if (enabled) {
                automaticFailover = true;
            }
            return this;
        }

        /** A node group with its primary and one replica ({@code replicaNode} may be null for none). */
        public GroupSpec nodeGroup(String id, String primaryNode, String primaryAz, String replicaNode, String replicaAz) {
            Node n = new Node(id);
            n.primaryNode = primaryNode;
            n.primaryAz = primaryAz;
            n.replicaNode = replicaNode;
            n.replicaAz = replicaAz;
            nodeGroups.add(n);
            return this;
        }
    }

    private static final class Group {
        final String id;
        final Region region;
        final boolean automaticFailover;
        final boolean clusterMode;
        final List<Node> nodeGroups = new ArrayList<>();
        String status = "available";

        Group(String id, Region region, boolean automaticFailover, boolean clusterMode) {
            this.id = id;
            this.region = region;
            this.automaticFailover = automaticFailover;
            this.clusterMode = clusterMode;
        }

        ReplicationGroup view() {
            return new ReplicationGroup(id, region, status, automaticFailover, nodeGroups.stream()
                    .map(n -> clusterMode ? new NodeGroup(n.id, n.status, null, null)
                            : new NodeGroup(n.id, n.status, n.primaryNode, n.primaryAz)).toList());
        }

        @Override
        public String toString() {
            return id + "=" + status;
        }
    }

    private static final class Node {
        final String id;
        String status = "available";
        String primaryNode;
        String primaryAz;
        String replicaNode;
        String replicaAz;

        Node(String id) {
            this.id = id;
        }
    }

    private static final class Snapshot {
        final String name;
        final String groupId;
        final Instant createdAt;
        String status = "creating";

        Snapshot(String name, String groupId, Instant createdAt) {
            this.name = name;
            this.groupId = groupId;
            this.createdAt = createdAt;
        }

        CacheSnapshot view() {
            return new CacheSnapshot(name, groupId, status, createdAt);
        }
    }
}
