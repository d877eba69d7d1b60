package io.drplan.core;

import io.drplan.core.internal.PlanGraph.CriticalPath;
import io.drplan.core.spi.Operation;
import io.drplan.core.step.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dry run of a plan: its steps in order with the calls each will make and when each can start
 * at the earliest, the critical path with estimated durations, whether the RTO is reachable, and
 * the permissions the run needs (when the engine's providers know them). Computing it changes
 * nothing anywhere.
 *
 * @param permissions permissions needed (e.g. IAM actions), empty when no provider catalog knows them
 */
public record PlanPreview(DrPlan plan, List<PreviewStep> steps, List<String> criticalPath,
                          Duration criticalPathDuration, boolean rtoReachable, List<String> permissions) {

    /** One step in the preview. */
    public record PreviewStep(Step step, Duration earliestStart, Duration estimate, boolean critical) { }

    /** Builds the preview; {@code permissions} as resolved by the caller (may be empty). */
    public static PlanPreview of(DrPlan plan, List<String> permissions) {
        CriticalPath cp = plan.graph().criticalPath(s -> s.estimate().toMillis());
        Set<String> critical = new LinkedHashSet<>(cp.stepIds());
        List<PreviewStep> steps = new ArrayList<>();
        for (Step s : plan.orderedSteps()) {
            steps.add(new PreviewStep(s, cp.earliestStart().get(s.id()), s.estimate(), critical.contains(s.id())));
        }
        boolean reachable = cp.duration().compareTo(plan.objectives().rto()) <= 0;
        return new PlanPreview(plan, List.copyOf(steps), cp.stepIds(), cp.duration(), reachable,
                List.copyOf(new TreeSet<>(permissions)));
    }

    /** The same preview with the permissions a provider catalog resolved. */
    public PlanPreview withPermissions(List<String> resolved) {
        return new PlanPreview(plan, steps, criticalPath, criticalPathDuration, rtoReachable,
                List.copyOf(new TreeSet<>(resolved)));
    }

    /** Every distinct operation the plan's steps will call, undoing them included. */
    public Set<Operation> operations() {
        Set<Operation> ops = new LinkedHashSet<>();
        steps.forEach(s -> {
            ops.addAll(s.step().operations());
            if (s.step().compensate()) {
                ops.addAll(s.step().action().compensationOperations());
            }
        });
        return ops;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("Plan ").append(plan.name()).append(": fail over ").append(plan.source()).append(" -> ")
                .append(plan.target()).append(" (").append(plan.tier()).append(": ").append(plan.tier().action())
                .append(")\n");
        sb.append("Objectives: ").append(plan.objectives()).append('\n');
        sb.append("Steps (").append(steps.size()).append(", in dependency order; * = critical path):\n");
        for (PreviewStep p : steps) {
            Step s = p.step();
            sb.append(String.format("  %s %-22s +%-8s ~%-8s %s%n", p.critical() ? "*" : " ", s.id(),
                    Durations.format(p.earliestStart()), Durations.format(p.estimate()), s.description()));
            if (!s.dependencies().isEmpty()) {
                sb.append("      after ").append(new TreeSet<>(s.dependencies())).append('\n');
            }
            if (s.approvalRole() != null) {
                sb.append("      needs approval by ").append(s.approvalRole()).append('\n');
            }
            sb.append("      calls ").append(s.operations()).append('\n');
        }
        sb.append("Critical path: ").append(String.join(" -> ", criticalPath)).append(" = ")
                .append(Durations.format(criticalPathDuration)).append('\n');
        sb.append("RTO ").append(Durations.format(plan.objectives().rto())).append(": ")
                .append(rtoReachable ? "reachable" : "NOT reachable").append(" (critical path ")
                .append(Durations.format(criticalPathDuration)).append(")\n");
        if (!permissions.isEmpty()) {
            sb.append("Permissions needed: ").append(permissions).append('\n');
        }
        return sb.toString();
    }
}
