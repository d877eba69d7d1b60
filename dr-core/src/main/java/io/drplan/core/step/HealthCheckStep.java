package io.drplan.core.step;

import io.drplan.core.StepKind;
import io.drplan.core.internal.PlanChecks;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Waits until something is healthy, polling with backoff until the step's timeout. One builder per
 * thing checked, each with only the options that apply to it: {@link TargetHealthCheckStep}
 * (load-balancer targets), {@link HttpCheckStep} (the runbook's
 * {@code curl -f https://api.vibe.dev/health}), {@link PodsCheckStep}, {@link ServicesCheckStep}
 * (the runbook's "Verify application health"), {@link NodesCheckStep} and
 * {@link ApiServerCheckStep} ("Check EKS cluster health"). An unreachable endpoint counts as "not
 * healthy yet", not as a reason to stop waiting. Output: {@code summary}, the last poll's answer.
 *
 * @param <S> the concrete builder, so that chains keep their type
 */
public abstract sealed class HealthCheckStep<S extends HealthCheckStep<S>> extends StepBuilder<S>
        permits TargetHealthCheckStep, HttpCheckStep, PodsCheckStep, ServicesCheckStep, NodesCheckStep,
        ApiServerCheckStep {

    private Duration pollEvery = Duration.ofSeconds(10);

    HealthCheckStep(PlanRegions regions, StepKind kind) {
        super(regions, kind);
    }

    /** First interval between polls (10 s by default; later ones grow). */
    public final S pollEvery(Duration interval) {
        this.pollEvery = interval;
        return self();
    }

    /** What this kind of check asks, with the settings given so far. */
    abstract Check check();

    @Override
    final StepAction action() {
        return new Action(check(), pollEvery);
    }

    /** One kind of check, its settings frozen: what it says, calls and asks on each poll. */
    interface Check {
        String description();

        Operation operation();

        /** The endpoint whose circuit breaker and rate limit the polls go through. */
        String endpoint();

        /** The clusters it talks to. */
        default List<String> clusters() {
            return List.of();
        }

        /** Adds each problem with its settings to {@code problems}. */
        void validate(List<String> problems);

        /** One look: done with a summary, or pending with what is missing. */
        Poll<String> poll(StepContext ctx);
    }

    /** A check of one cluster: polls go through the cluster's endpoint. */
    interface ClusterCheck extends Check {
        String cluster();

        @Override
        default String endpoint() {
            return Ops.k8s(cluster());
        }

        @Override
        default List<String> clusters() {
            return List.of(cluster());
        }
    }

    /** The cluster and namespace of a pods or services check are set. */
    static void checkNamespaced(String cluster, String namespace, List<String> problems) {
        require("cluster", cluster, "\"dr-cluster\"", problems);
        require("namespace", namespace, "\"vibe-production\"", problems);
    }

    /** A minimum count (targets, pods, nodes) must not be negative. */
    static void checkMinimum(int minimum, List<String> problems) {
        if (minimum < 0) {
            problems.add("minimum must not be negative but was " + minimum);
        }
    }

    private record Action(Check check, Duration pollEvery) implements StepAction {
        @Override
        public String description() {
            return check.description();
        }

        @Override
        public List<Operation> operations() {
            return List.of(check.operation());
        }

        @Override
        public List<String> clusters() {
            return check.clusters();
        }


        @Override
        public List<String> validate() {
            List<String> p = problems();
            check.validate(p);
            PlanChecks.positive("pollEvery", pollEvery, p);
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            return ctx.await(description(), check.operation(), check.endpoint(), pollEvery, () -> poll(ctx))
                    .thenApply(summary -> Map.<String, Object>of("summary", summary));
        }

        /** Unreachable endpoints are "not healthy yet", not a reason to stop waiting. */
        private Poll<String> poll(StepContext ctx) {
            try {
                return check.poll(ctx);
            } catch (ProviderException e) {
                if (e.isRetryable()) {
                    return Poll.pending("unreachable: " + e.getMessage());
                }
                throw e;
            }
        }
    }
}
