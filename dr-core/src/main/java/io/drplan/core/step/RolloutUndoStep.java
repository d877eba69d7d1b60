package io.drplan.core.step;

import static io.drplan.core.spi.Operations.K8S_LIST_REPLICASETS;
import static io.drplan.core.spi.Operations.K8S_PATCH_DEPLOYMENT;

import io.drplan.core.StepKind;
import io.drplan.core.spi.Operation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's "Rollback after deployment": {@code kubectl rollout history}, {@code rollout undo}
 * (to the previous revision, or {@code toRevision(..)}) and {@code rollout status}
 * ({@code s.rolloutUndo(cluster, namespace, deployment)}).
 */
public final class RolloutUndoStep extends RolloutStep<RolloutUndoStep> {
    private long toRevision;

    RolloutUndoStep(PlanRegions regions, String cluster, String namespace, String deployment) {
        super(regions, StepKind.ROLLOUT_UNDO, cluster, namespace, List.of(deployment));
    }

    /** The revision to go back to (the previous one by default). */
    public RolloutUndoStep toRevision(long revision) {
        this.toRevision = revision;
        return this;
    }

    @Override
    Change change() {
        return new Undo(toRevision);
    }

    private record Undo(long toRevision) implements Change {
        @Override
        public String verb() {
            return "Roll back" + (toRevision > 0 ? " to revision " + toRevision : "");
        }

        @Override
        public List<Operation> operations() {
            return List.of(K8S_LIST_REPLICASETS, K8S_PATCH_DEPLOYMENT);
        }

        @Override
        public void validate(List<String> p) {
            if (toRevision < 0) {
                p.add("toRevision must not be negative but was " + toRevision);
            }
        }

        @Override
        public CompletionStage<Void> start(StepContext ctx, Deployment d, Map<String, Object> out) {
            return ctx.call(K8S_LIST_REPLICASETS, d.endpoint(), () -> d.provider().rolloutHistory(d.namespace(), d.name()))
                    .thenCompose(history -> {
                        if (history.size() < 2 && toRevision == 0) {
                            return Steps.failed("deployment " + d.name() + " has " + history.size()
                                    + " revision(s); there is nothing to roll back to");
                        }
                        ctx.progress(d.name() + " revisions " + history.stream().map(r -> r.number()).toList());
                        return ctx.call(K8S_PATCH_DEPLOYMENT, d.endpoint(), () -> {
                            d.provider().rolloutUndo(d.namespace(), d.name(), toRevision);
                            ctx.changed(d.resource(), null, "rolled back" + (toRevision > 0 ? " to revision "
                                    + toRevision : ""));
                            return null;
                        });
                    });
        }
    }
}
