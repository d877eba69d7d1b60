package io.drplan.core.step;

import static io.drplan.core.spi.Operations.K8S_LIST_NODES;

import io.drplan.core.StepKind;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.spi.Operation;
import java.util.List;

/** "Check EKS cluster health": waits for at least {@code minimum(..)} Ready nodes ({@code s.checkNodes(cluster)}). */
public final class NodesCheckStep extends HealthCheckStep<NodesCheckStep> {
    private final String cluster;
    private int minimum = 1;

    NodesCheckStep(PlanRegions regions, String cluster) {
        super(regions, StepKind.CHECK_NODES);
        this.cluster = cluster;
    }

    /** At least this many Ready nodes (1 by default). */
    public NodesCheckStep minimum(int minimum) {
        this.minimum = minimum;
        return this;
    }

    @Override
    Check check() {
        return new Nodes(cluster, minimum);
    }

    private record Nodes(String cluster, int minimum) implements ClusterCheck {
        @Override
        public String description() {
            return "Wait for " + minimum + "+ Ready nodes on " + cluster;
        }

        @Override
        public Operation operation() {
            return K8S_LIST_NODES;
        }

        @Override
        public void validate(List<String> p) {
            require("cluster", cluster, "\"dr-cluster\"", p);
            checkMinimum(minimum, p);
        }

        @Override
        public Poll<String> poll(StepContext ctx) {
            long ready = ctx.providers().cluster(cluster).nodes().stream().filter(ClusterProvider.NodeInfo::ready).count();
            String s = ready + " nodes Ready";
            return ready >= minimum ? Poll.done(s) : Poll.pending(s);
        }
    }
}
