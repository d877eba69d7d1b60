package io.drplan.core.step;

import static io.drplan.core.spi.Operations.K8S_LIST_PODS;

import io.drplan.core.StepKind;
import io.drplan.core.spi.ClusterProvider.PodInfo;
import io.drplan.core.spi.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Procedure 3, step 6: waits until all pods of a namespace (those with the given labels) are ready,
 * and at least {@code minimum(..)} of them ({@code s.checkPods(cluster, namespace)}).
 */
public final class PodsCheckStep extends HealthCheckStep<PodsCheckStep> {
    private final String cluster;
    private final String namespace;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private int minimum = 1;

    PodsCheckStep(PlanRegions regions, String cluster, String namespace) {
        super(regions, StepKind.CHECK_PODS);
        this.cluster = cluster;
        this.namespace = namespace;
    }

    /** Only the pods with this label. */
    public PodsCheckStep label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** At least this many ready pods (1 by default). */
    public PodsCheckStep minimum(int minimum) {
        this.minimum = minimum;
        return this;
    }

    @Override
    Check check() {
        return new Pods(cluster, namespace, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels)), minimum);
    }

    private record Pods(String cluster, String namespace, Map<String, String> labels, int minimum)
            implements ClusterCheck {
        @Override
        public String description() {
            return "Wait for " + minimum + "+ ready pods" + (labels.isEmpty() ? "" : " " + labels) + " in " + namespace
                    + " on " + cluster;
        }

        @Override
        public Operation operation() {
            return K8S_LIST_PODS;
        }

        @Override
        public void validate(List<String> p) {
            checkNamespaced(cluster, namespace, p);
            checkMinimum(minimum, p);
        }

        @Override
        public Poll<String> poll(StepContext ctx) {
            List<PodInfo> pods = ctx.providers().cluster(cluster).pods(namespace, labels);
            long ready = pods.stream().filter(PodInfo::ready).count();
            String s = ready + "/" + pods.size() + " pods ready";
            return ready >= minimum && ready == pods.size() ? Poll.done(s) : Poll.pending(s);
        }
    }
}
