package io.drplan.core.step;

import static io.drplan.core.spi.Operations.K8S_LIST_SERVICES;

import io.drplan.core.StepKind;
import io.drplan.core.spi.ClusterProvider.ServiceInfo;
import io.drplan.core.spi.Operation;
import java.util.ArrayList;
import java.util.List;

/** Procedure 3, step 6: the services named with {@code expect(..)} exist ({@code s.checkServices(cluster, namespace)}). */
public final class ServicesCheckStep extends HealthCheckStep<ServicesCheckStep> {
    private final String cluster;
    private final String namespace;
    private final List<String> names = new ArrayList<>();

    ServicesCheckStep(PlanRegions regions, String cluster, String namespace) {
        super(regions, StepKind.CHECK_SERVICES);
        this.cluster = cluster;
        this.namespace = namespace;
    }

    /** These services must exist. */
    public ServicesCheckStep expect(String... serviceNames) {
        names.addAll(List.of(serviceNames));
        return this;
    }

    @Override
    Check check() {
        return new Services(cluster, namespace, List.copyOf(names));
    }

    private record Services(String cluster, String namespace, List<String> names) implements ClusterCheck {
        @Override
        public String description() {
            return "Check services " + names + " exist in " + namespace + " on " + cluster;
        }

        @Override
        public Operation operation() {
            return K8S_LIST_SERVICES;
        }

        @Override
        public void validate(List<String> p) {
            checkNamespaced(cluster, namespace, p);
        }

        @Override
        public Poll<String> poll(StepContext ctx) {
            List<String> have = ctx.providers().cluster(cluster).services(namespace).stream().map(ServiceInfo::name)
                    .toList();
            List<String> missing = names.stream().filter(n -> !have.contains(n)).toList();
            return missing.isEmpty() ? Poll.done("services " + names + " present")
                    : Poll.pending("missing services " + missing);
        }
    }
}
