package io.drplan.core.step;

import static io.drplan.core.spi.Operations.K8S_PATCH_DEPLOYMENT;

import io.drplan.core.StepKind;
import io.drplan.core.spi.Operation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Procedure 3, step 4: {@code kubectl rollout restart} of deployments, waiting until every replica is
 * new and ready ({@code s.rolloutRestart(cluster, namespace, deployments...)}). Not undone: a restart
 * has nothing to put back.
 */
public final class RolloutRestartStep extends RolloutStep<RolloutRestartStep> {
    RolloutRestartStep(PlanRegions regions, String cluster, String namespace, List<String> deployments) {
        super(regions, StepKind.ROLLOUT_RESTART, cluster, namespace, deployments);
    }

    @Override
    Change change() {
        return new Restart();
    }

    private record Restart() implements Change {
        @Override
        public String verb() {
            return "Restart";
        }

        @Override
        public List<Operation> operations() {
            return List.of(K8S_PATCH_DEPLOYMENT);
        }

        @Override
        public CompletionStage<Void> start(StepContext ctx, Deployment d, Map<String, Object> out) {
            return ctx.call(K8S_PATCH_DEPLOYMENT, d.endpoint(), () -> {
                d.provider().rolloutRestart(d.namespace(), d.name());
                ctx.changed(d.resource(), null, "restarted");
                return null;
            });
        }
    }
}
