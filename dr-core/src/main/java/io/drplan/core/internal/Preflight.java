package io.drplan.core.internal;

import io.drplan.core.DrPlan;
import io.drplan.core.Region;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Providers;
import io.drplan.core.step.PreflightContext;
import io.drplan.core.step.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What can be checked before a run changes anything: every provider, cluster and approver its steps
 * need, then (for the steps that have them) each step's own read-only check of the ids it will use.
 */
public final class Preflight {
    private Preflight() { }

    /**
     * {@link #problems(DrPlan, Providers, Approver)}, then every step's {@link
     * io.drplan.core.step.StepAction#preflight} check (for the steps whose providers are there), all
     * problems at once. The checks are made one after the other and keep nothing.
     */
    public static List<String> problems(DrPlan plan, Providers providers, Approver approver, Instant now,
                                        Predicate<Step> toCheck) {
        return problems(plan, providers, approver, now, toCheck, Runnable::run, id -> null);
    }

    /**
     * Like {@link #problems(DrPlan, Providers, Approver, Instant, Predicate)}, with the checks (and
     * the reads each check {@linkplain PreflightContext#fork forks}) started at once on
     * {@code executor}, and what each check keeps put in {@code findings.apply(stepId)} (ignored
     * when that is null). The problems come in plan order, whatever order the reads end in.
     */
    public static List<String> problems(DrPlan plan, Providers providers, Approver approver, Instant now,
                                        Predicate<Step> toCheck, Executor executor,
                                        Function<String, Map<String, Object>> findings) {
        List<String> problems = new ArrayList<>(problems(plan, providers, approver));
        PlanGraph graph = PlanGraph.of(plan.steps());
        List<Supplier<List<String>>> checks = new ArrayList<>();
        for (Step s : plan.orderedSteps()) {
            if (!toCheck.test(s) || !canRun(s, providers)) {
                continue;   // done before a restart, or already a problem: its provider or cluster is missing
            }
            PreflightContext ctx = new Context(providers, plan.source(), plan.target(), now, upstream(graph, s),
                    executor, findings.apply(s.id()));
            checks.add(Fork.start(() -> check(s, ctx), executor));
        }
        for (Supplier<List<String>> c : checks) {
            problems.addAll(c.get());
        }
        return problems.stream().distinct().toList();
    }

    private static List<String> check(Step s, PreflightContext ctx) {
        List<String> problems = new ArrayList<>();
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
        return problems;
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

    /**
     * What a step's check sees: read-only providers, the plan's regions, the time and its upstream
     * calls; where its forked reads run and where what it keeps goes (nowhere when {@code kept} is null).
     */
    private record Context(Providers providers, Region source, Region target, Instant now,
                           List<Operation> upstreamOperations, Executor executor, Map<String, Object> kept)
            implements PreflightContext {
        @Override
        public <T> Supplier<T> fork(Supplier<T> read) {
            return Fork.start(read, executor);
        }

        @Override
        public void keep(String key, Object finding) {
            if (kept != null && finding != null) {
                kept.put(key, finding);
            }
        }
    }

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
