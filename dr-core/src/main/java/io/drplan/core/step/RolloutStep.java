package io.drplan.core.step;

import static io.drplan.core.spi.Operations.K8S_GET_DEPLOYMENT;

import io.drplan.core.StepKind;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.spi.ClusterProvider.RolloutStatus;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Deployment rollouts, one builder per change: {@link RolloutRestartStep} (after a configuration
 * change), {@link RolloutUndoStep} (the runbook's "Rollback after deployment": history, undo,
 * status) and {@link ScaleStep}. Each starts its change on every deployment, then waits until every
 * replica is updated, ready and available; a rollout that cannot finish (as {@code kubectl rollout
 * status} says) fails the step at once.
 *
 * @param <S> the concrete builder, so that chains keep their type
 */
public abstract sealed class RolloutStep<S extends RolloutStep<S>> extends StepBuilder<S>
        permits RolloutRestartStep, RolloutUndoStep, ScaleStep {

    final String cluster;
    final String namespace;
    final List<String> deployments;

    RolloutStep(PlanRegions regions, StepKind kind, String cluster, String namespace, List<String> deployments) {
        super(regions, kind);
        this.cluster = cluster;
        this.namespace = namespace;
        this.deployments = List.copyOf(deployments);
    }

    /** What this kind of rollout does to each deployment, with the settings given so far. */
    abstract Change change();

    @Override
    final StepAction action() {
        return new Action(cluster, namespace, deployments, change());
    }

    /** One kind of rollout, its settings frozen. */
    interface Change {
        /** What it does, e.g. "Restart", "Scale to 3 replicas". */
        String verb();

        /** The calls it makes besides waiting. */
        List<Operation> operations();

        /** Adds each problem with its own settings to {@code problems}. */
        default void validate(List<String> problems) { }

        /** Starts the change on deployment {@code d}, putting what an undo needs into {@code out}. */
        CompletionStage<Void> start(StepContext ctx, Deployment d, Map<String, Object> out);

        /** The calls {@link #undo} makes; none when the change is not undone. */
        default List<Operation> undoOperations() {
            return List.of();
        }

        /** Undoes the change on {@code d}, given the outputs {@link #start} wrote. */
        default CompletionStage<Void> undo(StepContext ctx, Deployment d, Map<String, Object> outputs) {
            return Steps.DONE;
        }
    }

    /** One deployment of the step, and how to reach its cluster. */
    record Deployment(String cluster, String namespace, String name, ClusterProvider provider) {
        String endpoint() {
            return Ops.k8s(cluster);
        }

        io.drplan.core.Resource resource() {
            return io.drplan.core.Resource.deployment(cluster, namespace, name);
        }
    }

    private record Action(String cluster, String namespace, List<String> deployments, Change change)
            implements StepAction {
        @Override
        public Map<String, Object> settings() {
            return Map.of("cluster", cluster, "namespace", namespace, "deployments", deployments);
        }

        @Override
        public String description() {
            return change.verb() + " " + String.join(", ", deployments) + " in " + namespace + " on " + cluster;
        }

        @Override
        public List<Operation> operations() {
            List<Operation> ops = new ArrayList<>(change.operations());
            ops.add(K8S_GET_DEPLOYMENT);
            return ops;
        }

        @Override
        public List<String> clusters() {
            return List.of(cluster);
        }


        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("cluster", cluster, "\"dr-cluster\"", p);
            require("namespace", namespace, "\"vibe-production\"", p);
            if (deployments.isEmpty() || deployments.stream().anyMatch(d -> d == null || d.isBlank())) {
                p.add("deployments " + deployments + " must name at least one deployment, e.g. \"vibe-backend\"");
            }
            change.validate(p);
            return p;
        }

        /** The deployments exist, unless an earlier step applies the infrastructure they run on. */
        @Override
        public List<String> preflight(PreflightContext ctx) {
            if (ctx.upstreamOperations().contains(io.drplan.core.spi.Operations.TERRAFORM_APPLY)) {
                return List.of();
            }
            ClusterProvider c = ctx.providers().cluster(cluster);
            List<String> problems = new ArrayList<>();
            for (String d : deployments) {
                try {
                    c.rolloutStatus(namespace, d);
                } catch (ProviderException e) {
                    if (e.isRetryable()) {
                        continue;   // proves nothing: the step retries when it runs
                    }
                    problems.add(e.reason() == ProviderException.Reason.NOT_FOUND
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
        public List<Operation> compensationOperations() {
            return change.undoOperations();
        }

        private Deployment deployment(StepContext ctx, String name) {
            return new Deployment(cluster, namespace, name, ctx.providers().cluster(cluster));
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Map<String, Object> out = new LinkedHashMap<>();
            CompletionStage<Void> chain = Steps.DONE;
            for (String d : deployments) {
                chain = chain.thenCompose(x -> change.start(ctx, deployment(ctx, d), out));
            }
            return chain.thenCompose(x -> {
                CompletionStage<Void> all = Steps.DONE;
                for (String d : deployments) {
                    all = all.thenCombine(awaitRollout(ctx, deployment(ctx, d)), (a, b) -> null);
                }
                return all;
            }).thenApply(x -> out);
        }

        private CompletionStage<RolloutStatus> awaitRollout(StepContext ctx, Deployment d) {
            return ctx.await(d.name() + " rolled out", K8S_GET_DEPLOYMENT, d.endpoint(), Duration.ofSeconds(10), () -> {
                RolloutStatus s = d.provider().rolloutStatus(namespace, d.name());
                if (s.failure() != null) {
                    // kubectl rollout status gives up here too: waiting longer cannot help
                    throw new io.drplan.core.StepFailedException("the rollout of " + d.name() + " in " + namespace
                            + " on " + cluster + " cannot finish: " + s.failure() + " (" + s + "); look at its pods and"
                            + " events, then undo it or fix and restart it");
                }
                return s.isComplete() ? Poll.done(s) : Poll.pending(s.toString());
            });
        }

        @Override
        public CompletionStage<Void> compensate(StepContext ctx, Map<String, Object> outputs) {
            CompletionStage<Void> chain = Steps.DONE;
            for (String d : deployments) {
                chain = chain.thenCompose(x -> change.undo(ctx, deployment(ctx, d), outputs));
            }
            return chain;
        }
    }
}
