package io.drplan.core.internal;

import io.drplan.core.DrPlan;
import io.drplan.core.Region;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Providers;
import io.drplan.core.step.PreflightContext;
import io.drplan.core.step.Step;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.ArrayList;
import java.util.List;

/**
 * What can be checked before a run changes anything: every provider, cluster and approver its steps
 * need, then (for the steps that have them) each step's own read-only check of the ids it will use.
 */
public final class Preflight {
    private Preflight() { }

    /**
     * {@link #problems(DrPlan, Providers, Approver)}, then every step's {@link
     * io.drplan.core.step.StepAction#preflight} check (for the steps whose providers are there), all
     * problems at once.
     */
    public static List<String> problems(DrPlan plan, Providers providers, Approver approver, Instant now,
                                        Predicate<Step> toCheck) {
        List<String> problems = new ArrayList<>(problems(plan, providers, approver));
        PlanGraph graph = PlanGraph.of(plan.steps());
        for (Step s : plan.orderedSteps()) {
            if (!toCheck.test(s) || !canRun(s, providers)) {
                continue;   // done before a restart, or already a problem: its provider or cluster is missing
            }
            PreflightContext ctx = context(plan, providers, now, upstream(graph, s));
            try {
                for (String p : s.action().preflight(ctx)) {
                    problems.add("step '" + s.id() + "': " + p);
                }
            } catch (io.drplan.core.spi.ProviderException e) {
                if (!e.isRetryable()) {   // a throttled or failing endpoint proves nothing; the step retries
                    problems.add("step '" + s.id() + "': its check could not be made: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                problems.add("step '" + s.id() + "': its check could not be made: " + e.getMessage());
            }
        }
        return problems.stream().distinct().toList();
    }

    /** The operations of every step {@code s} depends on, directly or not. */
    private static List<Operation> upstream(PlanGraph g, Step s) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        todo.add(g.indexOf(s.id()));
        List<Operation> ops = new ArrayList<>();
        while (!todo.isEmpty()) {
            for (int d : g.dependencies(todo.poll())) {
                if (seen.add(d)) {
                    ops.addAll(g.step(d).operations());
                    todo.add(d);
                }
            }
        }
        return ops;
    }

    private static PreflightContext context(DrPlan plan, Providers providers, Instant now, List<Operation> upstream) {
        return new Context(providers, plan.source(), plan.target(), now, upstream);
    }

    /** What a step's check sees: read-only providers, the plan's regions, the time and its upstream calls. */
    private record Context(Providers providers, Region source, Region target, Instant now,
                           List<Operation> upstreamOperations) implements PreflightContext { }

    /** Whether the providers and clusters {@code s} needs were added. */
    public static boolean canRun(Step s, Providers providers) {
        for (Operation op : s.operations()) {
            String kind = Providers.kindFor(op.service());
            if (kind != null && !providers.has(kind)) {
                return false;
            }
        }
        return s.action().clusters().stream().allMatch(providers::hasCluster);
    }

    /** The problems that stop {@code plan} from starting, each with its fix; empty when it may start. */
    public static List<String> problems(DrPlan plan, Providers providers, Approver approver) {
        List<String> problems = new ArrayList<>();
        for (Step s : plan.steps()) {
            for (Operation op : s.operations()) {
                String kind = Providers.kindFor(op.service());
                if (kind != null && !providers.has(kind)) {
                    problems.add("step '" + s.id() + "' calls " + op + " but no " + kind
                            + " provider was added; add one with Providers.builder()." + kind + "(..)");
                    break;
                }
            }
            for (String c : s.action().clusters()) {
                if (!providers.hasCluster(c)) {
                    problems.add("step '" + s.id() + "' uses cluster '" + c + "', which was not added; add it with"
                            + " Providers.builder().cluster(..)");
                }
            }
            if (s.approvalRole() != null && approver == null) {
                problems.add("step '" + s.id() + "' needs approval by " + s.approvalRole()
                        + " but the engine has no approver; add one with DrEngine.builder().approver(..)");
            }
        }
        return problems.stream().distinct().toList();
    }
}
