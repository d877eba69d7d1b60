package io.drplan.core.internal;

import io.drplan.core.step.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The state of one run: each step's record, which steps are ready, and whether the run is going
 * forward, stopping or finishing. Every change is a named transition, used both by the live run
 * and by {@link JournalReplay} when it rebuilds a crashed run. Not thread-safe: the run calls it
 * under its lock (this object's monitor).
 */
final class RunState {
    private final PlanGraph graph;
    private final StepRecord[] records;
    private final int[] topologicalPosition;
    private final PriorityQueue<Integer> ready = new PriorityQueue<>();
    private final List<String> notes = new ArrayList<>();
    private Instant startedAt;
    private int running;
    private boolean stopping;
    private boolean cancelled;
    private boolean finishing;
    private String stopReason;
    private boolean compensationFailed;
    private boolean lockLost;
    private boolean aborted;

    RunState(PlanGraph graph) {
        this.graph = graph;
        records = new StepRecord[graph.size()];
        topologicalPosition = new int[graph.size()];
        List<Step> order = graph.topologicalOrder();
        for (int i = 0; i < order.size(); i++) {
            topologicalPosition[graph.indexOf(order.get(i).id())] = i;
        }
        for (int i = 0; i < records.length; i++) {
            records[i] = new StepRecord(graph.step(i), i, graph.dependencies(i).length);
        }
    }

    StepRecord record(String stepId) {
        return records[graph.indexOf(stepId)];
    }

    List<StepRecord> records() {
        return List.of(records);
    }

    List<String> notes() {
        return notes;
    }

    Instant startedAt() {
        return startedAt;
    }

    boolean stopping() {
        return stopping;
    }

    boolean cancelled() {
        return cancelled;
    }

    boolean finishing() {
        return finishing;
    }

    String stopReason() {
        return stopReason;
    }

    boolean compensationFailed() {
        return compensationFailed;
    }

    boolean lockLost() {
        return lockLost;
    }

    // ------------------------------------------------------------------ rebuilt from the journal

    void restoreStartedAt(Instant at) {
        startedAt = at;
    }

    /** A step completed before a crash: it is not run again, and its dependents may be ready. */
    void restoreSucceeded(String stepId, Instant start, Instant end, Map<String, Object> outputs, int attempts) {
        StepRecord s = record(stepId);
        s.status = StepStatus.SUCCEEDED;
        s.start = start;
        s.end = end;
        s.outputs = Map.copyOf(outputs);
        s.attempts = attempts;
        s.notes.add("completed before the restart; restored from the journal, not run again");
        for (int d : graph.dependents(s.index)) {
            records[d].unmetDependencies--;
        }
    }

    /** A step failed before a crash: the resumed run stops going forward and undoes. */
    void restoreFailed(String stepId, Instant start, Instant end, String error, boolean wasCancelled) {
        StepRecord s = record(stepId);
        s.status = wasCancelled ? StepStatus.CANCELLED : StepStatus.FAILED;
        s.start = start;
        s.end = end;
        s.error = error;
        s.notes.add("failed before the restart");
        stopping = true;
        cancelled |= wasCancelled;
        if (stopReason == null) {
            stopReason = "step '" + stepId + "' " + (wasCancelled ? "was cancelled" : "failed") + " before the restart";
        }
    }

    /** A step was undone before a crash: it is not undone twice. */
    void restoreCompensated(String stepId, Instant at) {
        StepRecord s = record(stepId);
        if (s.status == StepStatus.SUCCEEDED) {
            s.status = StepStatus.COMPENSATED;
        }
        s.compensatedAt = at;
        s.notes.add("undone before the restart");
    }

    /** What a step created, changed or deleted before a crash stays in the report's inventory. */
    void restoreInventory(String stepId, io.drplan.core.InventoryEntry e) {
        if (e != null) {
            record(stepId).inventory.add(e);
        }
    }

    /** A step was running at the crash: whether it took effect must be checked before it runs again. */
    void restoreInFlight(String stepId, Map<String, Object> checkpoints) {
        StepRecord s = record(stepId);
        s.inFlightAtCrash = true;
        s.checkpoints.putAll(checkpoints);
    }

    // ------------------------------------------------------------------ going forward

    /** The run begins (again): steps whose dependencies are met become ready. */
    void begin(Instant now) {
        if (startedAt == null) {
            startedAt = now;
        }
        for (StepRecord s : records) {
            if (s.status == StepStatus.PENDING && s.unmetDependencies == 0) {
                ready.add(s.index);
            }
        }
    }

    /** The next ready step, counted as running, or null when none may start now. */
    StepRecord launchNext(int maxParallelism, Instant now) {
        if (stopping || running >= maxParallelism || ready.isEmpty()) {
            return null;
        }
        StepRecord s = records[ready.poll()];
        running++;
        s.start = now;
        return s;
    }

    void awaitApproval(StepRecord s) {
        s.status = StepStatus.APPROVAL;
    }

    void actionStarted(StepRecord s) {
        s.status = StepStatus.RUNNING;
    }

    /** A step succeeded: dependents whose dependencies are now all met become ready. */
    void succeeded(StepRecord s, Instant at, Map<String, Object> outputs) {
        running--;
        s.end = at;
        s.status = StepStatus.SUCCEEDED;
        s.outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        for (int d : graph.dependents(s.index)) {
            if (--records[d].unmetDependencies == 0 && records[d].status == StepStatus.PENDING) {
                ready.add(d);
            }
        }
    }

    /** A step failed or was cancelled: the run stops going forward (the first failure names why). */
    void failed(StepRecord s, Instant at, boolean wasCancelled, String error) {
        running--;
        s.end = at;
        s.status = wasCancelled ? StepStatus.CANCELLED : StepStatus.FAILED;
        s.error = error;
        if (!stopping) {
            stopping = true;
            stopReason = "step '" + s.id() + "' " + (wasCancelled ? "was cancelled" : "failed");
        }
    }

    /** Someone stopped the run (the operator, a lost lock): nothing new starts. */
    void stop(String reason, boolean cancel) {
        if (!stopping) {
            stopReason = reason;
            notes.add(reason);
        }
        stopping = true;
        cancelled |= cancel;
    }

    void lostLock() {
        lockLost = true;
    }

    /** An engine error ended the run: nothing goes on. */
    void abort() {
        finishing = true;
        stopping = true;
        aborted = true;
    }

    boolean aborted() {
        return aborted;
    }

    /**
     * After an engine error: steps still running or waiting for approval end FAILED with
     * {@code error} (returned); those that never started are marked so.
     */
    List<StepRecord> interrupted(Instant at, String error) {
        List<StepRecord> stopped = new ArrayList<>();
        for (StepRecord s : records) {
            if (s.status == StepStatus.RUNNING || s.status == StepStatus.APPROVAL) {
                s.status = StepStatus.FAILED;
                s.end = at;
                s.error = error;
                stopped.add(s);
                if (s.changesInFlight > 0 || s.changedSomething) {
                    s.notes.add("it had changed something, or a change was in flight: check its resources by hand");
                }
            } else if (s.status == StepStatus.PENDING) {
                s.status = StepStatus.NOT_RUN;
            }
        }
        if (stopReason == null) {
            stopReason = error;
        }
        return stopped;
    }

    /** Nothing runs and nothing more will start: the run can finish. */
    boolean settled() {
        if (running > 0 || finishing) {
            return false;
        }
        for (StepRecord s : records) {
            // nothing is undone while a call of a step that ended may still land
            if (s.callsInFlight > 0 && !s.stoppedWaitingForCalls) {
                return false;
            }
        }
        if (stopping) {
            return true;
        }
        for (StepRecord s : records) {
            if (s.status == StepStatus.PENDING) {
                return false;
            }
        }
        return true;
    }

    /** The run finishes: steps that never started are marked so. */
    void finish() {
        finishing = true;
        for (StepRecord s : records) {
            if (s.status == StepStatus.PENDING) {
                s.status = StepStatus.NOT_RUN;
                if (s.inFlightAtCrash) {
                    s.notes.add("it was running when the previous process stopped; whether it took effect is"
                            + " unknown: check by hand");
                }
            }
        }
    }

    /**
     * The steps to undo, in reverse dependency order (a step before every step it depends on):
     * those that succeeded, and those that failed after changing something (a restore that started).
     */
    List<StepRecord> toUndo() {
        List<StepRecord> done = new ArrayList<>();
        for (StepRecord s : records) {
            boolean partial = (s.status == StepStatus.FAILED || s.status == StepStatus.CANCELLED) && s.changedSomething;
            if ((s.status == StepStatus.SUCCEEDED || partial) && s.step.compensate()) {
                done.add(s);
            }
        }
        done.sort(Comparator.comparingInt((StepRecord s) -> topologicalPosition[s.index]).reversed());
        return done;
    }

    /** When the last step ended (the run's start when none did). */
    Instant lastEnd() {
        Instant last = startedAt;
        for (StepRecord s : records) {
            if (s.end != null && s.end.isAfter(last)) {
                last = s.end;
            }
        }
        return last;
    }

    void undone(StepRecord s, Instant at) {
        s.compensatedAt = at;
        if (s.status == StepStatus.SUCCEEDED) {
            s.status = StepStatus.COMPENSATED;
        } else {
            s.notes.add("its partial effect was undone");
        }
    }

    void undoFailed(StepRecord s, Instant at, String error) {
        s.compensatedAt = at;
        if (s.status == StepStatus.SUCCEEDED) {
            s.status = StepStatus.COMPENSATION_FAILED;
        }
        s.compensationError = error;
        compensationFailed = true;
    }
}
