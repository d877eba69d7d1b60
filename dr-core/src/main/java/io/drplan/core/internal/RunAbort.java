package io.drplan.core.internal;

import io.drplan.core.DrException;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Mode;
import io.drplan.core.RunOptions;
import io.drplan.core.event.ExecutionFinishedEvent;
import io.drplan.core.event.StepFailedEvent;
import io.drplan.core.time.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a {@link Run} ends after an engine error (a bug, a journal that cannot be written). Internal. */
final class RunAbort {
    private static final Logger log = LoggerFactory.getLogger(Run.class);

    private final DrPlan plan;
    private final String id;
    private final PlanGraph graph;
    private final Mode mode;
    private final RunOptions options;
    private final RunState state;
    private final Scheduler scheduler;
    private final EventSink events;
    private final LeaseKeeper lease;
    private final Redactor redactor;
    private final CompletableFuture<ExecutionReport> result;
    private final BooleanSupplier finishedPublished;

    RunAbort(DrPlan plan, String id, PlanGraph graph, Mode mode, RunOptions options, RunState state, Scheduler scheduler,
             EventSink events, LeaseKeeper lease, Redactor redactor, CompletableFuture<ExecutionReport> result,
             BooleanSupplier finishedPublished) {
        this.plan = plan;
        this.id = id;
        this.graph = graph;
        this.mode = mode;
        this.options = options;
        this.state = state;
        this.scheduler = scheduler;
        this.events = events;
        this.lease = lease;
        this.redactor = redactor;
        this.result = result;
        this.finishedPublished = finishedPublished;
    }

    /**
     * Ends the run after an engine error: the caller learns at once, every step is told to stop,
     * timers stop, and the lock is released last. Once steps have started, the run still ends the
     * way every run does: a FAILED report naming the error and the steps it interrupted, and the
     * journal's {@code execution.finished} line (nothing is undone: the engine's own state is in
     * doubt, so the report says what may remain). Before any step started, the caller gets the error.
     */
    void abort(Throwable t) {
        ExecutionReport report = null;
        long finishedLine = -1;
        DrException error;
        synchronized (state) {
            Throwable cause = Failures.unwrap(t);
            String what = Failures.describe(cause, redactor);
            log.error("drplan engine error in execution {} of plan {}: {}", id, plan.name(), what);
            if (result.isDone() || state.aborted()) {
                return;
            }
            state.abort();
            error = new DrException("internal error in execution " + id + ": " + what
                    + "; the journal holds what happened so far", cause);
            boolean acted = false;
            for (StepRecord s : state.records()) {
                if (s.context != null) {
                    s.context.cancel();
                }
                if (s.timeout != null) {
                    s.timeout.cancel();
                }
                acted |= s.status != StepStatus.PENDING && s.status != StepStatus.APPROVAL
                        && s.status != StepStatus.NOT_RUN;
            }
            if (acted && !finishedPublished.getAsBoolean()) {
                try {
                    List<StepRecord> stopped = state.interrupted(scheduler.now(), "internal error: " + what);
                    state.notes().add("internal error: " + what + "; the run stopped there and undid nothing:"
                            + " check by hand what its steps changed");
                    report = ReportBuilder.build(id, plan, graph, mode, state, options.incidentStartedAt(), scheduler.now(),
                            null, false, redactor);
                    for (StepRecord s : stopped) {
                        events.publish(new StepFailedEvent(id, s.end, s.id(), s.status.name(), s.error));
                    }
                    finishedLine = events.publish(new ExecutionFinishedEvent(id, scheduler.now(),
                            report.state().name(), report.verdict().name()));
                } catch (RuntimeException again) {
                    log.error("drplan could not write the report of execution {}: {}", id,
                            Failures.describe(again, redactor));
                    report = null;
                }
            }
        }
        lease.release(true);
        if (report == null) {
            result.completeExceptionally(error);
            return;
        }
        ExecutionReport finished = report;
        long line = finishedLine;
        // off the lock: the journal is written once the caller's bookkeeping lets go of it
        scheduler.executor().execute(() -> {
            try {
                events.awaitWritten(line);
            } catch (RuntimeException journalDown) {
                // the journal lacks its end (the host's storage failed, as in a crash): the caller gets the
                // error, and the execution stays unfinished in the journal, to be resumed
                log.error("drplan could not journal the end of execution {}: {}; its report:\n{}", id,
                        Failures.describe(journalDown, redactor), finished);
                result.completeExceptionally(error);
                return;
            }
            result.complete(finished);
        });
    }
}
