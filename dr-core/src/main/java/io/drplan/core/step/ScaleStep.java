package io.drplan.core.step;

import static io.drplan.core.spi.Operations.K8S_PATCH_DEPLOYMENT;

import io.drplan.core.StepKind;
import io.drplan.core.spi.Operation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Scales a deployment to {@code replicas(n)} and waits until it has them
 * ({@code s.scale(cluster, namespace, deployment).replicas(3)}). Undone by scaling back to the count
 * it had.
 */
public final class ScaleStep extends RolloutStep<ScaleStep> {
    private int replicas = -1;

    ScaleStep(PlanRegions regions, String cluster, String namespace, String deployment) {
        super(regions, StepKind.SCALE, cluster, namespace, List.of(deployment));
    }

    /** The replica count (required). */
    public ScaleStep replicas(int replicas) {
        this.replicas = replicas;
        return this;
    }

    @Override
    Change change() {
        return new Scale(replicas);
    }

    private record Scale(int replicas) implements Change {
        private static final String PREVIOUS = "previousReplicas.";

        @Override
        public String verb() {
            return "Scale to " + replicas + " replicas";
        }

        @Override
        public List<Operation> operations() {
            return List.of(K8S_PATCH_DEPLOYMENT);
        }

        @Override
        public void validate(List<String> p) {
            if (replicas < 0) {
                p.add("replicas is " + (replicas == -1 ? "missing" : "negative (" + replicas + ")")
                        + "; set .replicas(3)");
            }
        }

        @Override
        public CompletionStage<Void> start(StepContext ctx, Deployment d, Map<String, Object> out) {
            return ctx.call(K8S_PATCH_DEPLOYMENT, d.endpoint(), () -> d.provider().scale(d.namespace(), d.name(), replicas))
                    .thenAccept(prev -> {
                        out.put(PREVIOUS + d.name(), prev);
                        ctx.changed(d.resource(), prev + " replicas", replicas + " replicas");
                    });
        }

        @Override
        public List<Operation> undoOperations() {
            return List.of(K8S_PATCH_DEPLOYMENT);
        }

        @Override
        public CompletionStage<Void> undo(StepContext ctx, Deployment d, Map<String, Object> outputs) {
            if (!(outputs.get(PREVIOUS + d.name()) instanceof Number n)) {
                return Steps.DONE;
            }
            return ctx.call(K8S_PATCH_DEPLOYMENT, d.endpoint(), () -> d.provider().scale(d.namespace(), d.name(),
                    n.intValue())).thenApply(v -> null);
        }
    }
}
