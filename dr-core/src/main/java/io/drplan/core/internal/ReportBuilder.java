package io.drplan.core.internal;

import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.InventoryEntry;
import io.drplan.core.Mode;
import io.drplan.core.Objectives;
import io.drplan.core.StepReport;
import io.drplan.core.Verdict;
import io.drplan.core.step.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    static ExecutionReport build(String executionId, DrPlan plan, Mode mode, RunState state, Instant incidentStartedAt,
                                 Instant finishedAt, Instant recoveredAt, boolean compensatedAll, Redactor redactor) {
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
                    s.compensationError, List.copyOf(new TreeSet<>(st.dependencies()))));
        }
        boolean failed = state.stopping();
        ExecutionState executionState = executionState(state.compensationFailed(), failed, anyCompensated,
                state.cancelled());
        Duration rto = recoveredAt == null ? null : Duration.between(incident, recoveredAt);
        Duration rpo = restorePoint == null ? null : Duration.between(restorePoint, incident);
        Duration criticalPath = plan.graph().criticalPath(x -> x.estimate().toMillis()).duration();
        boolean failedBack = mode == Mode.DRILL && !failed && compensatedAll;
        return new ExecutionReport(executionId, plan.name(), mode, plan.source(), plan.target(), plan.tier(),
                plan.objectives(), incident, state.startedAt(), finishedAt, recoveredAt, executionState,
                verdict(rto, rpo, plan.objectives()), rto, restorePoint, rpo, criticalPath, failedBack, steps,
                state.notes(), inventory);
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
