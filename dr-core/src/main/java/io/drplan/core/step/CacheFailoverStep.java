package io.drplan.core.step;

import static io.drplan.core.step.Ops.CACHE_DESCRIBE;
import static io.drplan.core.step.Ops.CACHE_TEST_FAILOVER;

import io.drplan.core.Region;
import io.drplan.core.spi.CacheProvider;
import io.drplan.core.spi.CacheProvider.NodeGroup;
import io.drplan.core.spi.CacheProvider.ReplicationGroup;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's Procedure 2: checks a replication group's status and, when its primary did not
 * fail over by itself, starts a test failover of the node group, waits until the group is
 * available and checks the primary moved. Outputs: {@code primaryNodeId}, {@code availabilityZone}.
 */
public final class CacheFailoverStep extends StepBuilder<CacheFailoverStep> {
    /** How long a cache failover usually takes. */
    public static final Duration DEFAULT_ESTIMATE = Duration.ofMinutes(3);

    private final String groupId;
    private String nodeGroup = "0001";
    private String region;

    CacheFailoverStep(PlanRegions regions, String groupId) {
        super(regions);
        this.groupId = groupId;
        this.region = regions.source();
    }

    /** The node group (shard) to fail over; {@code 0001} by default. */
    public CacheFailoverStep nodeGroup(String nodeGroup) {
        this.nodeGroup = nodeGroup;
        return this;
    }

    /** The group's region (the plan's source region by default). */
    public CacheFailoverStep in(String region) {
        this.region = region;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(groupId, nodeGroup, region);
    }

    private record Action(String groupId, String nodeGroup, String regionCode) implements StepAction {
        @Override
        public String description() {
            return "Fail over node group " + nodeGroup + " of cache " + groupId + " in " + regionCode;
        }

        @Override
        public List<Operation> operations() {
            return List.of(CACHE_DESCRIBE, CACHE_TEST_FAILOVER);
        }

        @Override
        public Duration estimate() {
            return DEFAULT_ESTIMATE;
        }

        @Override
        public Set<String> outputs() {
            return Set.of("primaryNodeId", "availabilityZone");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("cacheFailover replication group id", groupId, "\"vibe-redis-production\"", p);
            require("nodeGroup", nodeGroup, ".nodeGroup(\"0001\")", p);
            region("in (region)", regionCode, p);
            return p;
        }

        @Override
        public boolean idempotent() {
            return false;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Region region = Region.of(regionCode);
            CacheProvider caches = ctx.providers().caches();
            String ep = Ops.aws("elasticache", region);
            return ctx.call(CACHE_DESCRIBE, ep, () -> node(caches.findReplicationGroup(region, groupId), region))
                    .thenCompose(before -> {
                        ctx.progress("primary of " + nodeGroup + " is " + before.primaryNodeId() + " in "
                                + before.primaryAvailabilityZone());
                        return ctx.call(CACHE_TEST_FAILOVER, ep, () -> {
                            caches.testFailover(region, groupId, nodeGroup);
                            return null;
                        }).thenCompose(x -> ctx.await(groupId + " available with a new primary", CACHE_DESCRIBE, ep,
                                Duration.ofSeconds(15), () -> {
                                    Optional<ReplicationGroup> g = caches.findReplicationGroup(region, groupId);
                                    Optional<NodeGroup> n = g.flatMap(v -> v.nodeGroup(nodeGroup));
                                    if (g.isPresent() && g.get().isAvailable() && n.isPresent()
                                            && !n.get().primaryNodeId().equals(before.primaryNodeId())) {
                                        return Poll.done(n.get());
                                    }
                                    return Poll.pending(g.map(ReplicationGroup::status).orElse("gone"));
                                }));
                    }).thenApply(after -> {
                        ctx.note("primary is now " + after.primaryNodeId() + " in " + after.primaryAvailabilityZone());
                        return Map.of("primaryNodeId", after.primaryNodeId(),
                                "availabilityZone", after.primaryAvailabilityZone());
                    });
        }

        private NodeGroup node(Optional<ReplicationGroup> group, Region region) {
            ReplicationGroup g = Steps.orElseThrow(group, "replication group '" + groupId + "' does not exist in "
                    + region + "; check the id and region");
            return Steps.orElseThrow(g.nodeGroup(nodeGroup), "replication group '" + groupId + "' has no node group '"
                    + nodeGroup + "'; it has " + g.nodeGroups().stream().map(NodeGroup::id).toList());
        }
    }
}
