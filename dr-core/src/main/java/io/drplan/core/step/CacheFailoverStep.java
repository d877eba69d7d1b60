package io.drplan.core.step;

import static io.drplan.core.spi.Operations.ELASTICACHE_DESCRIBE_REPLICATION_GROUPS;
import static io.drplan.core.spi.Operations.ELASTICACHE_TEST_FAILOVER;

import io.drplan.core.StepKind;
import io.drplan.core.Region;
import io.drplan.core.spi.CacheProvider;
import io.drplan.core.spi.CacheProvider.NodeGroup;
import io.drplan.core.spi.CacheProvider.ReplicationGroup;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The runbook's Procedure 2, as it reads: (1) check the replication group's {@code Status}; (2) only
 * if automatic failover did not happen, start a test failover of the node group and wait until the
 * group is available with a new primary.
 *
 * <ul>
 *   <li>A group that is not {@code available} (automatic failover in progress, say) is waited on
 *       first; if its primary then moved, automatic failover did the work and no test failover is
 *       started.</li>
 *   <li>With {@link #expectedPrimary} the step knows which node was primary before the incident:
 *       automatic failover that already finished is seen too.</li>
 *   <li>A group that is available with its primary where it was is a working cache: the step refuses
 *       to fail it over unless the run is forced or a drill (and says so in the report), as
 *       {@code verifyRegionDown} does for a region.</li>
 *   <li>Cluster mode enabled: ElastiCache names no primary ({@code CurrentRole} is only reported
 *       with cluster mode disabled), so the failover counts as done once the group and node group
 *       were seen changing and are {@code available} again.</li>
 * </ul>
 * Outputs: {@code failover} ({@code automatic} or {@code test-failover}) and, when ElastiCache names
 * the primary, {@code primaryNodeId} and {@code availabilityZone}.
 *
 * <pre>{@code
 * s.cacheFailover("vibe-redis-production").nodeGroup("0001").expectedPrimary("vibe-redis-production-001")
 * }</pre>
 */
public final class CacheFailoverStep extends StepBuilder<CacheFailoverStep> {

    private final String groupId;
    private String nodeGroup = "0001";
    private String region;
    private String expectedPrimary;

    CacheFailoverStep(PlanRegions regions, String groupId) {
        super(regions, StepKind.CACHE_FAILOVER);
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

    /**
     * The node that is primary of the node group in normal times: when another node is primary,
     * automatic failover already happened and no test failover is started.
     */
    public CacheFailoverStep expectedPrimary(String cacheClusterId) {
        this.expectedPrimary = cacheClusterId;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(groupId, nodeGroup, region, expectedPrimary);
    }

    private record Action(String groupId, String nodeGroup, String regionCode, String expectedPrimary)
            implements StepAction {
        @Override
        public String description() {
            return "Fail over node group " + nodeGroup + " of cache " + groupId + " in " + regionCode
                    + " unless automatic failover did";
        }

        @Override
        public List<Operation> operations() {
            Operation.Target group = Ops.in(regionCode, "replicationgroup", groupId);
            return List.of(Ops.on(ELASTICACHE_DESCRIBE_REPLICATION_GROUPS, group), Ops.on(ELASTICACHE_TEST_FAILOVER, group));
        }


        @Override
        public Set<String> outputs() {
            return Set.of("failover", "primaryNodeId", "availabilityZone");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("cacheFailover replication group id", groupId, "\"vibe-redis-production\"", p);
            require("nodeGroup", nodeGroup, ".nodeGroup(\"0001\")", p);
            region("in (region)", regionCode, p);
            if (expectedPrimary != null && expectedPrimary.isBlank()) {
                p.add("expectedPrimary is blank; give the node id, e.g. .expectedPrimary(\"vibe-redis-production-001\")");
            }
            return p;
        }


        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Region region = Region.of(regionCode);
            CacheProvider caches = ctx.providers().caches();
            String ep = Ops.aws("elasticache", region);
            return ctx.call(ELASTICACHE_DESCRIBE_REPLICATION_GROUPS, ep, () -> group(caches.findReplicationGroup(region, groupId), region))
                    .thenCompose(first -> {
                        NodeGroup start = node(first);
                        ctx.progress(groupId + " is " + first.status() + " (automatic failover "
                                + (first.automaticFailover() ? "enabled" : "disabled") + "); primary of " + nodeGroup
                                + " is " + primaryOf(start));
                        if (first.isAvailable() && "available".equals(start.status())) {
                            return evaluate(ctx, caches, region, ep, first, start, start);
                        }
                        // Step 1 of the runbook: the status says something is going on; let it finish first.
                        ctx.note(groupId + " was " + first.status() + " (node group " + nodeGroup + " " + start.status()
                                + "): waited until available before deciding");
                        return awaitAvailable(ctx, caches, region, ep, null, new AtomicBoolean(true))
                                .thenCompose(settled -> evaluate(ctx, caches, region, ep, first, start, settled));
                    });
        }

        /** Step 2 of the runbook: fail over only when automatic failover did not. */
        private CompletionStage<Map<String, Object>> evaluate(StepContext ctx, CacheProvider caches, Region region,
                                                              String ep, ReplicationGroup group, NodeGroup start,
                                                              NodeGroup now) {
            String was = expectedPrimary != null ? expectedPrimary : start.primaryNodeId();
            if (group.automaticFailover() && was != null && now.primaryNodeId() != null
                    && !was.equals(now.primaryNodeId())) {
                ctx.note("automatic failover already happened: the primary of node group " + nodeGroup + " moved from "
                        + was + " to " + primaryOf(now) + "; no test failover was started");
                return CompletableFuture.completedFuture(outputs("automatic", now));
            }
            if (!ctx.forced() && !ctx.drill()) {
                return Steps.failed("replication group " + groupId + " is available and the primary of node group "
                        + nodeGroup + " is " + (now.primaryNodeId() == null ? "not named by ElastiCache (cluster mode"
                        + " enabled)" : "still " + primaryOf(now)) + ": there is no failure to fail over from; refusing to"
                        + " fail over a working cache; run with force() if the primary is unreachable anyway");
            }
            if (!group.automaticFailover()) {
                return Steps.failed("replication group " + groupId + " has automatic failover disabled, and a test"
                        + " failover needs it: enable it (aws elasticache modify-replication-group --replication-group-id "
                        + groupId + " --automatic-failover-enabled --apply-immediately) or promote a replica by hand");
            }
            ctx.note("the primary of node group " + nodeGroup + " was healthy; test failover because "
                    + (ctx.drill() ? "this is a drill" : "the operator forced it"));
            AtomicBoolean changed = new AtomicBoolean(false);
            return ctx.call(ELASTICACHE_TEST_FAILOVER, ep, () -> {
                caches.testFailover(region, groupId, nodeGroup);
                return null;
            }).thenCompose(x -> awaitAvailable(ctx, caches, region, ep, now.primaryNodeId(), changed)).thenApply(after -> {
                ctx.note(after.primaryNodeId() == null
                        ? "node group " + nodeGroup + " is available again after the test failover (cluster mode enabled:"
                        + " ElastiCache does not name the new primary)"
                        : "primary is now " + primaryOf(after));
                return outputs("test-failover", after);
            });
        }

        /**
         * Waits until the group and node group are available and, when {@code primaryBefore} is known,
         * have another primary; when it is not (cluster mode enabled), until they were seen changing.
         */
        private CompletionStage<NodeGroup> awaitAvailable(StepContext ctx, CacheProvider caches, Region region,
                                                          String ep, String primaryBefore, AtomicBoolean seenChanging) {
            String what = primaryBefore == null ? groupId + " available" : groupId + " available with a new primary";
            return ctx.await(what, ELASTICACHE_DESCRIBE_REPLICATION_GROUPS, ep, Duration.ofSeconds(15), () -> {
                Optional<ReplicationGroup> g = caches.findReplicationGroup(region, groupId);
                Optional<NodeGroup> n = g.flatMap(v -> v.nodeGroup(nodeGroup));
                boolean available = g.isPresent() && g.get().isAvailable() && n.isPresent()
                        && "available".equals(n.get().status());
                if (!available) {
                    seenChanging.set(true);
                    return Poll.pending(g.map(v -> v.status() + n.map(x -> ", node group " + x.status()).orElse(""))
                            .orElse("gone"));
                }
                boolean moved = primaryBefore != null ? !Objects.equals(primaryBefore, n.get().primaryNodeId())
                        : seenChanging.get();
                return moved ? Poll.done(n.get()) : Poll.pending("available, primary still " + primaryOf(n.get()));
            });
        }

        private Map<String, Object> outputs(String how, NodeGroup n) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("failover", how);
            if (n.primaryNodeId() != null) {
                out.put("primaryNodeId", n.primaryNodeId());
            }
            if (n.primaryAvailabilityZone() != null) {
                out.put("availabilityZone", n.primaryAvailabilityZone());
            }
            return out;
        }

        private static String primaryOf(NodeGroup n) {
            return n.primaryNodeId() == null ? "not named (cluster mode enabled)"
                    : n.primaryNodeId() + (n.primaryAvailabilityZone() == null ? "" : " in " + n.primaryAvailabilityZone());
        }

        private ReplicationGroup group(Optional<ReplicationGroup> group, Region region) {
            return Steps.orElseThrow(group, "replication group '" + groupId + "' does not exist in " + region
                    + "; check the id and region");
        }

        private NodeGroup node(ReplicationGroup g) {
            return Steps.orElseThrow(g.nodeGroup(nodeGroup), "replication group '" + groupId + "' has no node group '"
                    + nodeGroup + "'; it has " + g.nodeGroups().stream().map(NodeGroup::id).toList());
        }
    }
}
