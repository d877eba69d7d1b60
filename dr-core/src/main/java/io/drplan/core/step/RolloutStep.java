package io.drplan.core.step;

import io.drplan.core.spi.Operations;
import static io.drplan.core.spi.Operations.K8S_GET_DEPLOYMENT;
import static io.drplan.core.spi.Operations.K8S_LIST_REPLICASETS;
import static io.drplan.core.spi.Operations.K8S_PATCH_DEPLOYMENT;

import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.spi.ClusterProvider.RolloutStatus;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Deployment rollouts: {@code rolloutRestart} (after a configuration change),
 * {@code rolloutUndo} (the runbook's "Rollback after deployment": history, undo, status) and
 * {@code scale}. Each waits until every replica is updated, ready and available. A scale is undone
 * by scaling back.
 */
public final class RolloutStep extends StepBuilder<RolloutStep> {
    /** How long a rollout usually takes. */
    public static final Duration DEFAULT_ESTIMATE = Duration.ofMinutes(3);

    enum Kind { RESTART, UNDO, SCALE }

    private final Kind kind;
    private final String cluster;
    private final String namespace;
    private final List<String> deployments;
    private long toRevision;
    private int replicas = -1;

    RolloutStep(PlanRegions regions, Kind kind, String cluster, String namespace, List<String> deployments) {
        super(regions);
        this.kind = kind;
        this.cluster = cluster;
        this.namespace = namespace;
        this.deployments = List.copyOf(deployments);
    }

    /** For an undo: the revision to go back to (the previous one by default). */
    public RolloutStep toRevision(long revision) {
        this.toRevision = revision;
        return this;
    }

    /** For a scale: the replica count. */
    public RolloutStep replicas(int replicas) {
        this.replicas = replicas;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(kind, cluster, namespace, deployments, toRevision, replicas);
    }

    private record Action(Kind kind, String cluster, String namespace, List<String> deployments, long toRevision,
                          int replicas) implements StepAction {
        @Override
        public Map<String, Object> settings() {
            return Map.of("cluster", cluster, "namespace", namespace, "deployments", deployments);
        }

        @Override
        public String description() {
            String what = switch (kind) {
                case RESTART -> "Restart";
                case UNDO -> "Roll back" + (toRevision > 0 ? " to revision " + toRevision : "");
                case SCALE -> "Scale to " + replicas + " replicas";
            };
            return what + " " + String.join(", ", deployments) + " in " + namespace + " on " + cluster;
        }

        @Override
        public List<Operation> operations() {
            return kind == Kind.UNDO ? List.of(K8S_LIST_REPLICASETS, K8S_PATCH_DEPLOYMENT, K8S_GET_DEPLOYMENT)
                    : List.of(K8S_PATCH_DEPLOYMENT, K8S_GET_DEPLOYMENT);
        }

        @Override
        public List<String> clusters() {
            return List.of(cluster);
        }

        @Override
        public Duration estimate() {
            return DEFAULT_ESTIMATE;
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("cluster", cluster, "\"dr-cluster\"", p);
            require("namespace", namespace, "\"vibe-production\"", p);
            if (deployments.isEmpty() || deployments.stream().anyMatch(d -> d == null || d.isBlank())) {
                p.add("deployments " + deployments + " must name at least one deployment, e.g. \"vibe-backend\"");
            }
            if (kind == Kind.SCALE && replicas < 0) {
                p.add("replicas is " + (replicas == -1 ? "missing" : "negative (" + replicas + ")")
                        + "; set .replicas(3)");
            }
            if (kind == Kind.UNDO && toRevision < 0) {
                p.add("toRevision must not be negative but was " + toRevision);
            }
            return p;
        }

        /** The deployments exist, unless an earlier step applies the infrastructure they run on. */
        @Override
        public List<String> preflight(PreflightContext ctx) {
            if (ctx.upstreamOperations().contains(Operations.TERRAFORM_APPLY)) {
                return List.of();
            }
            ClusterProvider c = ctx.providers().cluster(cluster);
            List<String> problems = new java.util.ArrayList<>();
            for (String d : deployments) {
                try {
                    c.rolloutStatus(namespace, d);
                } catch (io.drplan.core.spi.ProviderException e) {
                    if (e.isRetryable()) {
                        continue;   // proves nothing: the step retries when it runs
                    }
                    problems.add(e.reason() == io.drplan.core.spi.ProviderException.Reason.NOT_FOUND
                            ? "deployment '" + namespace + "/" + d + "' does not exist on cluster " + cluster + " ("
                            + e.getMessage() + "); check the names: kubectl --context " + cluster + " -n " + namespace
                            + " get deployments"
                            : "deployment '" + namespace + "/" + d + "' on cluster " + cluster + " could not be read: "
                            + e.getMessage());
                }
            }
            return problems;
        }

        @Override
        public boolean compensable() {
            return kind == Kind.SCALE;
        }

        @Override
        public List<Operation> compensationOperations() {
            return kind == Kind.SCALE ? List.of(K8S_PATCH_DEPLOYMENT) : List.of();
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            ClusterProvider c = ctx.providers().cluster(cluster);
            String ep = Ops.k8s(cluster);
            Map<String, Object> out = new LinkedHashMap<>();
            CompletionStage<Void> chain = Steps.DONE;
            for (String d : deployments) {
                chain = chain.thenCompose(x -> start(ctx, c, ep, d, out));
            }
            List<CompletionStage<RolloutStatus>> waits = new ArrayList<>();
            return chain.thenCompose(x -> {
                for (String d : deployments) {
                    waits.add(ctx.await(d + " rolled out", K8S_GET_DEPLOYMENT, ep, Duration.ofSeconds(10), () -> {
                        RolloutStatus s = c.rolloutStatus(namespace, d);
                        if (s.failure() != null) {
                            // kubectl rollout status gives up here too: waiting longer cannot help
                            throw new io.drplan.core.StepFailedException("the rollout of " + d + " in " + namespace
                                    + " on " + cluster + " cannot finish: " + s.failure() + " (" + s + "); look at"
                                    + " its pods and events, then undo it or fix and restart it");
                        }
                        return s.isComplete() ? Poll.done(s) : Poll.pending(s.toString());
                    }));
                }
                CompletionStage<Void> all = Steps.DONE;
                for (CompletionStage<RolloutStatus> w : waits) {
                    all = all.thenCombine(w, (a, b) -> null);
                }
                return all;
            }).thenApply(x -> out);
        }

        private CompletionStage<Void> start(StepContext ctx, ClusterProvider c, String ep, String d,
                                            Map<String, Object> out) {
            return switch (kind) {
                case RESTART -> ctx.call(K8S_PATCH_DEPLOYMENT, ep, () -> {
                    c.rolloutRestart(namespace, d);
                    ctx.changed(io.drplan.core.Resource.deployment(cluster, namespace, d), null, "restarted");
                    return null;
                });
                case UNDO -> ctx.call(K8S_LIST_REPLICASETS, ep, () -> c.rolloutHistory(namespace, d))
                        .thenCompose(history -> {
                            if (history.size() < 2 && toRevision == 0) {
                                return Steps.failed("deployment " + d + " has " + history.size()
                                        + " revision(s); there is nothing to roll back to");
                            }
                            ctx.progress(d + " revisions " + history.stream().map(r -> r.number()).toList());
                            return ctx.call(K8S_PATCH_DEPLOYMENT, ep, () -> {
                                c.rolloutUndo(namespace, d, toRevision);
                                ctx.changed(io.drplan.core.Resource.deployment(cluster, namespace, d), null,
                                        "rolled back" + (toRevision > 0 ? " to revision " + toRevision : ""));
                                return null;
                            });
                        });
                case SCALE -> ctx.call(K8S_PATCH_DEPLOYMENT, ep, () -> c.scale(namespace, d, replicas))
                        .thenAccept(prev -> {
                            out.put("previousReplicas." + d, prev);
                            ctx.changed(io.drplan.core.Resource.deployment(cluster, namespace, d), prev + " replicas",
                                    replicas + " replicas");
                        });
            };
        }

        @Override
        public CompletionStage<Void> compensate(StepContext ctx, Map<String, Object> outputs) {
            ClusterProvider c = ctx.providers().cluster(cluster);
            CompletionStage<Void> chain = Steps.DONE;
            for (String d : deployments) {
                Object prev = outputs.get("previousReplicas." + d);
                if (prev instanceof Number n) {
                    chain = chain.thenCompose(x -> ctx.call(K8S_PATCH_DEPLOYMENT, Ops.k8s(cluster),
                            () -> c.scale(namespace, d, n.intValue())).thenApply(v -> null));
                }
            }
            return chain;
        }
    }
}
