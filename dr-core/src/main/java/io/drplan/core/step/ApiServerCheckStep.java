package io.drplan.core.step;

import static io.drplan.core.spi.Operations.K8S_HEALTHZ;

import io.drplan.core.StepKind;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.spi.Operation;
import java.util.List;

/** "Check EKS cluster health": the API server answers {@code /healthz} and {@code /readyz} ({@code s.checkApiServer(cluster)}). */
public final class ApiServerCheckStep extends HealthCheckStep<ApiServerCheckStep> {
    private final String cluster;

    ApiServerCheckStep(PlanRegions regions, String cluster) {
        super(regions, StepKind.CHECK_API_SERVER);
        this.cluster = cluster;
    }

    @Override
    Check check() {
        return new ApiServer(cluster);
    }

    private record ApiServer(String cluster) implements ClusterCheck {
        @Override
        public String description() {
            return "Check the API server of " + cluster + " is live and ready";
        }

        @Override
        public Operation operation() {
            return K8S_HEALTHZ;
        }

        @Override
        public void validate(List<String> p) {
            require("cluster", cluster, "\"dr-cluster\"", p);
        }

        @Override
        public Poll<String> poll(StepContext ctx) {
            ClusterProvider.ApiHealth h = ctx.providers().cluster(cluster).apiHealth();
            String s = "live=" + h.live() + " ready=" + h.ready();
            return h.live() && h.ready() ? Poll.done(s) : Poll.pending(s + " " + h.detail());
        }
    }
}
