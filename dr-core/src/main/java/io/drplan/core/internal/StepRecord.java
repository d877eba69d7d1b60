package io.drplan.core.internal;

import io.drplan.core.step.Step;
import io.drplan.core.time.Scheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run knows about one of its steps. Read and written under the run's lock; its status
 * changes only through {@link RunState}'s transitions.
 */
final class StepRecord {
    final Step step;
    final int index;
    StepStatus status = StepStatus.PENDING;
    /** Dependencies not yet succeeded: the step is ready at zero. */
    int unmetDependencies;
    Instant start;
    Instant end;
    int attempts = 1;
    String error;
    final List<String> notes = new ArrayList<>();
    final Map<String, Integer> calls = new LinkedHashMap<>();
    Map<String, Object> outputs = Map.of();
    /** The context of the step's current action or compensation. */
    RunStepContext context;
    Scheduler.Cancellable timeout;
    Instant compensatedAt;
    String compensationError;
    boolean inFlightAtCrash;
    /** In flight at the crash and its effect was found: adopted, not run again. */
    boolean adopted;
    /** A call that changes something succeeded: a failed step may have left a partial effect. */
    boolean changedSomething;
    /** Calls that change something, sent and not yet answered. */
    int changesInFlight;
    /** Calls dispatched (past the breaker, maybe waiting for their turn) and not yet answered or abandoned. */
    int callsInFlight;
    /** Told once {@link #callsInFlight} drops to zero; set by the run while it waits for them. */
    Runnable onCallsSettled;
    /** The run stopped waiting for this step's calls (they outlived its timeout once more). */
    boolean stoppedWaitingForCalls;
    /** The first error of the step's calls since the last one that succeeded (the root cause), or null. */
    String failingError;
    Instant failingSince;
    String failingEndpoint;
    /** What the step created, changed or deleted, in order (undone is set by the report). */
    final List<io.drplan.core.InventoryEntry> inventory = new ArrayList<>();
    /** What the step's preflight check read in this run, for its action (each given once), and when. */
    final Map<String, Object> findings = new java.util.concurrent.ConcurrentHashMap<>();
    Instant findingsAt;
    /** Decisions the step journaled before acting (kept across a crash). */
    final Map<String, Object> checkpoints = new LinkedHashMap<>();

    StepRecord(Step step, int index, int dependencies) {
        this.step = step;
        this.index = index;
        this.unmetDependencies = dependencies;
    }

    String id() {
        return step.id();
    }

    void countCall(String operation) {
        calls.merge(operation, 1, Integer::sum);
    }
}
