package io.drplan.core.internal;

import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.InventoryEntry;
import io.drplan.core.Mode;
import io.drplan.core.Objectives;
import io.drplan.core.PhaseReport;
import io.drplan.core.RunPhase;
import io.drplan.core.StepKind;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.Verdict;
import io.drplan.core.step.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a run's report from its final state: each step's outcome, the execution's state, the RTO
 * and RPO achieved (measured from the incident's start) and the verdict against the plan's
 * objectives. Pure: the same state gives the same report.
 */
final class ReportBuilder {
    private ReportBuilder() { }

    /**
     * @param incidentStartedAt when the incident began, or null to measure from the run's start
     * @param recoveredAt       when the last step ended, or null when the run did not recover
     * @param compensatedAll    every step to undo was undone
     */
    static ExecutionReport build(String executionId, DrPlan plan, PlanGraph graph, Mode mode, RunState state,
                                 Instant incidentStartedAt, Instant finishedAt, Instant recoveredAt,
                                 boolean compensatedAll, Redactor redactor) {
        Instant incident = incidentStartedAt != null ? incidentStartedAt : state.startedAt();
        boolean anyCompensated = false;
        Instant restorePoint = null;
        List<StepReport> steps = new ArrayList<>();
        List<InventoryEntry> inventory = new ArrayList<>();
        for (Step st : plan.orderedSteps()) {
            StepRecord s = state.record(st.id());
            boolean undone = s.compensatedAt != null && s.compensationError == null;
            for (InventoryEntry e : s.inventory) {
                inventory.add(new InventoryEntry(e.stepId(), e.effect(), e.resource(), e.before(), e.after(), undone));
            }
            anyCompensated |= s.status == StepStatus.COMPENSATED || s.compensatedAt != null && s.compensationError == null;
            Object rp = s.outputs.get("restorePoint");
            if (rp instanceof Instant at && (s.status == StepStatus.SUCCEEDED || s.status == StepStatus.COMPENSATED)
                    && (restorePoint == null || at.isBefore(restorePoint))) {
                restorePoint = at;
            }
            steps.add(new StepReport(st.id(), st.description(), s.status.outcome(), s.start, s.end, s.attempts,
                    s.calls, s.error, s.notes, JournalCodec.safeOutputs(s.outputs, redactor), s.compensatedAt,
                    s.compensationError, List.copyOf(new TreeSet<>(st.dependencies())), st.kind(),
                    phaseOf(plan, st), st.idempotent(), st.compensable()));
        }
        boolean failed = state.stopping();
        ExecutionState executionState = executionState(state.compensationFailed(), failed, anyCompensated,
                state.cancelled());
        Duration rto = recoveredAt == null ? null : Duration.between(incident, recoveredAt);
        Duration rpo = restorePoint == null ? null : Duration.between(restorePoint, incident);
        Duration criticalPath = graph.criticalPath(x -> x.estimate().toMillis()).duration();
        boolean failedBack = mode == Mode.DRILL && !failed && compensatedAll;
        return new ExecutionReport(executionId, plan.name(), mode, plan.source(), plan.target(), plan.tier(),
                plan.objectives(), incident, state.startedAt(), finishedAt, recoveredAt, executionState,
                verdict(rto, rpo, plan.objectives()), rto, restorePoint, rpo, criticalPath, failedBack, steps,
                state.notes(), measuredDataLoss(steps), phases(mode, steps, finishedAt, compensatedAll), inventory);
    }

    /**
     * VERIFICATION for an integrity or application check that comes after a step that changes
     * something (it checks the recovered service); FAILOVER for everything else.
     */
    static RunPhase phaseOf(DrPlan plan, Step step) {
        boolean check = step.kind() == StepKind.CHECK_INTEGRITY || step.kind().checksApplication();
        return check && afterChange(plan, step, new HashSet<>()) ? RunPhase.VERIFICATION : RunPhase.FAILOVER;
    }

    private static boolean afterChange(DrPlan plan, Step step, Set<String> seen) {
        for (String d : step.dependencies()) {
            if (seen.add(d)) {
                Step dep = plan.step(d).orElse(null);
                if (dep != null && (dep.mutating() || afterChange(plan, dep, seen))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The largest data loss the integrity checks that ran measured, or null. Report outputs hold it as
     * ISO-8601 text ({@code PT30M}), as the journal does.
     */
    static Duration measuredDataLoss(List<StepReport> steps) {
        Duration max = null;
        for (StepReport s : steps) {
            Duration d = s.kind() == StepKind.CHECK_INTEGRITY && s.ran() ? s.durationOutput("measuredLoss").orElse(null)
                    : null;
            if (d != null && (max == null || d.compareTo(max) > 0)) {
                max = d;
            }
        }
        return max;
    }

    /** The phases the steps ran in, and in a drill the undo that failed it back. */
    static List<PhaseReport> phases(Mode mode, List<StepReport> steps, Instant finishedAt, boolean compensatedAll) {
        List<PhaseReport> out = new ArrayList<>();
        Instant forwardEnd = null;
        for (RunPhase ph : List.of(RunPhase.FAILOVER, RunPhase.VERIFICATION)) {
            List<StepReport> of = steps.stream().filter(s -> s.phase() == ph).toList();
            Instant start = of.stream().map(StepReport::startedAt).filter(Objects::nonNull).min(Instant::compareTo)
                    .orElse(null);
            Instant end = of.stream().map(StepReport::finishedAt).filter(Objects::nonNull).max(Instant::compareTo)
                    .orElse(null);
            if (end != null && (forwardEnd == null || end.isAfter(forwardEnd))) {
                forwardEnd = end;
            }
            if (!of.isEmpty()) {
                out.add(new PhaseReport(ph, start, end, of.stream().map(StepReport::id).toList(),
                        ph == RunPhase.FAILOVER ? "the plan's steps" : "integrity and application checks",
                        of.stream().allMatch(s -> s.outcome() == StepOutcome.SUCCEEDED
                                || s.outcome() == StepOutcome.COMPENSATED)));
            }
        }
        List<String> undone = steps.stream().filter(s -> s.compensatedAt() != null).map(StepReport::id).toList();
        if (mode == Mode.DRILL && (!undone.isEmpty() || compensatedAll)) {
            out.add(new PhaseReport(RunPhase.FAILBACK, forwardEnd, finishedAt, undone,
                    "undo of the drill's steps (compensation): rollout restarts and Terraform are not undone",
                    compensatedAll));
        }
        return out;
    }

    /** How the execution ended: a failed undo first, then success, undone, cancelled or failed. */
    static ExecutionState executionState(boolean compensationFailed, boolean failed, boolean anyCompensated,
                                         boolean cancelled) {
        if (compensationFailed) {
            return ExecutionState.COMPENSATION_FAILED;
        } else if (!failed) {
            return ExecutionState.SUCCEEDED;
        } else if (anyCompensated) {
            return ExecutionState.COMPENSATED;
        }
        return cancelled ? ExecutionState.CANCELLED : ExecutionState.FAILED;
    }

    /**
     * The verdict against the objectives: FAILED when the run did not recover ({@code rto} null);
     * an unknown RPO ({@code rpo} null: nothing was restored) does not miss.
     */
    static Verdict verdict(Duration rto, Duration rpo, Objectives objectives) {
        if (rto == null) {
            return Verdict.FAILED;
        }
        boolean rtoOk = rto.compareTo(objectives.rto()) <= 0;
        boolean rpoOk = rpo == null || rpo.compareTo(objectives.rpo()) <= 0;
        return rtoOk && rpoOk ? Verdict.MET : !rtoOk && !rpoOk ? Verdict.RTO_AND_RPO_MISSED
                : !rtoOk ? Verdict.RTO_MISSED : Verdict.RPO_MISSED;
    }
}
