package io.drplan.core.internal;

import io.drplan.core.CompensationStrategy;
import io.drplan.core.DrPlan;
import io.drplan.core.Durations;
import io.drplan.core.ExecutionRefusedException;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.RunOptions;
import io.drplan.core.StepFailedException;
import io.drplan.core.event.ExecutionFinishedEvent;
import io.drplan.core.event.ExecutionStartedEvent;
import io.drplan.core.event.StepFailedEvent;
import io.drplan.core.event.StepStartedEvent;
import io.drplan.core.event.StepSucceededEvent;
import io.drplan.core.spi.Notifier;
import io.drplan.core.step.Step;
import io.drplan.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a plan: starts ready steps with bounded parallelism, through their approval
 * when they need one, ends them, and when nothing more can run undoes what the plan says and
 * reports. The pieces it coordinates: {@link RunState} (what is known, changed by named
 * transitions), {@link Preflight}, {@link LeaseKeeper}, {@link ApprovalGate}, {@link Compensator},
 * {@link ReportBuilder}, {@link EventSink} (journal, listeners, notifiers; written off the lock),
 * and {@link RunStepContext} (guarded calls and polling for the step's action).
 *
 * <p>Bookkeeping runs under the lock of the {@link RunState}; actions, provider calls and journal
 * writes run outside it. Internal.
 */
public final class Run {
    private static final Logger log = LoggerFactory.getLogger(Run.class);

    private final DrPlan plan;
    private final EngineSettings settings;
    private final Mode mode;
    private final RunOptions options;
    private final String id;
    private final Scheduler scheduler;
    private final Jitter jitter;
    private final Redactor redactor = new Redactor();
    private final boolean resumed;
    private final PlanGraph graph;
    private final RunState state;
    private final EventSink events;
    private final LeaseKeeper lease;
    private final ApprovalGate approvals;
    private final Compensator compensator;
    private final InFlightCalls inFlight;
    private final RunAbort aborter;
    private final CompletableFuture<ExecutionReport> result = new CompletableFuture<>();
    /** The journal's last line was published: an error after it can only be reported to the caller. */
    private boolean finishedPublished;

    /** A new run, or (with {@code replay}) a crashed one rebuilt from its journal; call {@link #start()}. */
    public Run(DrPlan plan, EngineSettings settings, Mode mode, RunOptions options, JournalReplay replay) {
        this.plan = plan;
        this.settings = settings;
        this.mode = mode;
        this.options = options;
        this.scheduler = settings.scheduler();
        SplittableRandom random = new SplittableRandom(settings.seeds().getAsLong());
        this.jitter = new Jitter(random);
        this.resumed = replay != null;
        this.id = replay != null ? replay.executionId()
                : options.executionId() != null ? options.executionId()
                : new UUID(random.nextLong(), random.nextLong()).toString();
        this.graph = PlanGraph.of(plan.steps());
        this.state = new RunState(graph);
        for (Step s : plan.steps()) {
            redactor.addAll(s.action().secrets());
        }
        this.events = new EventSink(id, plan.name(), settings.journal(), settings.listeners(), settings.notifiers(),
                scheduler.executor(), redactor, state);
        this.lease = new LeaseKeeper(plan.name(), settings.lock(), settings.holder(), settings.leaseDuration(),
                scheduler, redactor);
        this.approvals = new ApprovalGate(plan, id, settings.approver(), settings.approvalTimeout(), scheduler, events,
                redactor, this::underLock);
        this.inFlight = new InFlightCalls(scheduler, settings.breakers(), this::underLock);
        this.aborter = new RunAbort(plan, id, graph, mode, options, state, scheduler, events, lease, redactor, result,
                () -> finishedPublished);
        this.compensator = new Compensator(plan, id, state, scheduler, events, redactor, this::newContext,
                this::underLock).rootCause(inFlight::rootCause);
        if (replay != null) {
            replay.applyTo(state);
        }
    }

    public String id() {
        return id;
    }

    public CompletableFuture<ExecutionReport> result() {
        return result;
    }

    // ------------------------------------------------------------------ start and stop

    /** Checks what can be checked without changing anything, takes the lock, and starts ready steps. */
    public void start() {
        // a resumed run does not check again what its completed steps used (a snapshot they deleted)
        // the checks read at once, in parallel; what they read is kept for their steps' actions
        Instant checkedAt = scheduler.now();
        List<String> problems = Preflight.problems(plan, settings.providers(), settings.approver(), checkedAt,
                s -> state.record(s.id()).status == StepStatus.PENDING, scheduler.executor(), stepId -> {
                    StepRecord r = state.record(stepId);
                    r.findingsAt = checkedAt;
                    return r.findings;
                });
        if (!problems.isEmpty()) {
            throw new ExecutionRefusedException("plan '" + plan.name() + "' cannot start; nothing was changed:\n  - "
                    + String.join("\n  - ", problems));
        }
        lease.acquire();
        try {
            begin();
        } catch (RuntimeException e) {
            // a run that could not start (a journal that cannot be written) stops everything it began
            abort(e);
            throw e;
        }
    }

    private void begin() {
        lease.keep(result::isDone, this::lockLost);
        synchronized (state) {
            state.begin(scheduler.now());
            if (options.force()) {
                state.notes().add("forced by the operator past safety guards");
            }
            if (resumed) {
                state.notes().add("resumed from the journal at " + scheduler.now());
            }
            events.publish(new ExecutionStartedEvent(id, scheduler.now(), plan.name(), mode.name(),
                    plan.source().code(), plan.target().code(), settings.holder(), resumed, List.copyOf(state.notes()),
                    options.incidentStartedAt() != null ? options.incidentStartedAt() : state.startedAt()));
            events.withMdc(null, () -> log.info("{} of plan {} started: {} -> {} (execution {})", mode, plan.name(),
                    plan.source(), plan.target(), id));
            events.notify(Notifier.Severity.INFO, plan.tier().escalation().get(0), "DR " + mode.name().toLowerCase()
                    + " started", "Plan " + plan.name() + " started: " + plan.source() + " -> " + plan.target());
            launchReadySteps();
            finishIfSettled();
        }
        events.flush();
    }

    /** Cancels: no new step starts, running steps are told to stop, then compensation per the plan. */
    public void cancel(String reason) {
        stop(true, reason == null ? "cancelled by the operator" : reason);
    }

    private void lockLost(String reason) {
        synchronized (state) {
            state.lostLock();
        }
        stop(true, reason);
    }

    private void stop(boolean cancel, String reason) {
        underLock(() -> {
            if (result.isDone()) {
                return;
            }
            if (state.finishing()) {
                if (compensator.cancelCurrent()) {
                    state.notes().add(redactor.redact(reason) + " (while undoing steps)");
                }
                return;
            }
            state.stop(redactor.redact(reason), cancel);
            for (StepRecord s : state.records()) {
                if (s.status == StepStatus.RUNNING || s.status == StepStatus.APPROVAL) {
                    cancelStep(s);
                }
            }
            finishIfSettled();
        });
    }

    /**
     * Runs engine bookkeeping under the run's lock, then writes the events it published. An
     * unexpected exception (a bug, a journal that cannot be written) must not vanish inside a
     * future callback and leave the run hanging: it ends the run instead.
     */
    private void underLock(Runnable r) {
        synchronized (state) {
            try {
                r.run();
            } catch (Throwable t) {
                abort(t);
            }
        }
        try {
            events.flush();
        } catch (RuntimeException e) {
            abort(e);
        }
    }

    private void abort(Throwable t) {
        aborter.abort(t);
    }

    // ------------------------------------------------------------------ steps

    private void launchReadySteps() {
        StepRecord s;
        while ((s = state.launchNext(settings.maxParallelism(), scheduler.now())) != null) {
            launch(s);
        }
    }

    private void launch(StepRecord s) {
        s.context = newContext(s);
        if (s.step.approvalRole() != null) {
            state.awaitApproval(s);
            approvals.request(s, new ApprovalGate.Decision() {
                @Override
                public void approved(StepRecord step) {
                    startAction(step);
                }

                @Override
                public void refused(StepRecord step, Throwable why) {
                    stepEnded(step, null, why);
                }
            });
        } else {
            // Dispatched, not called: a step that completes at once must not recurse into the next launch.
            scheduler.executor().execute(() -> underLock(() -> startAction(s)));
        }
    }

    private RunStepContext newContext(StepRecord s) {
        return new RunStepContext(s, state, plan, settings, options, mode, id, events, redactor, jitter);
    }

    /** Bookkeeping of a step's start, under the lock; its action then runs outside the lock. */
    private void startAction(StepRecord s) {
        if (s.context.isCancelled()) {
            stepEnded(s, null, new CancellationException("cancelled"));
            return;
        }
        state.actionStarted(s);
        // journaled only now, after any approval: a crash while waiting for approval leaves nothing in flight
        long startedLine = events.publish(new StepStartedEvent(id, scheduler.now(), s.id(), s.step.description(),
                s.step.kind()));
        events.withMdc(s.id(), () -> log.info("step {} started: {}", s.id(), s.step.description()));
        s.timeout = scheduler.schedule(s.step.timeout(), () -> underLock(() -> timedOut(s)));
        scheduler.executor().execute(() -> invokeAction(s, startedLine));
    }

    /** Runs a step's action without the run's lock, so that an action may wait on its own calls. */
    private void invokeAction(StepRecord s, long startedLine) {
        CompletionStage<Map<String, Object>> stage;
        try {
            // the action acts only once the journal says it started: a crash then finds it in flight
            events.awaitWritten(startedLine);
            stage = s.inFlightAtCrash && !s.step.idempotent()
                    ? InterruptedStep.adoptOrRefuse(s, options, state)
                    : s.step.action().execute(s.context);
            if (stage == null) {
                stage = CompletableFuture.completedFuture(Map.of());
            }
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((out, err) -> underLock(() -> {
            if (s.status == StepStatus.RUNNING) {
                stepEnded(s, out, err);
            }
        }));
    }

    private void timedOut(StepRecord s) {
        if (s.status == StepStatus.RUNNING) {
            if (s.changesInFlight > 0) {
                // the change may land after all: undo it to be safe rather than orphan it
                s.changedSomething = true;
                s.notes.add("a change was still in flight when the step timed out; it is undone to be safe");
            }
            s.context.cancel();
            stepEnded(s, null, new StepFailedException("step '" + s.id() + "' timed out after "
                    + Durations.format(s.step.timeout()) + "; raise its timeout(..) if the cloud is slow"
                    + inFlight.rootCause(s)));
        }
    }

    private void stepEnded(StepRecord s, Map<String, Object> out, Throwable err) {
        if (s.timeout != null) {
            s.timeout.cancel();
        }
        // no call of the step starts after it ended, even one still waiting for its turn
        s.context.cancel();
        if (s.callsInFlight > 0) {
            inFlight.waitFor(s, this::finishIfSettled);
        }
        Instant at = scheduler.now();
        if (err == null) {
            state.succeeded(s, at, out);
            events.publish(new StepSucceededEvent(id, at, s.id(), JournalCodec.safeOutputs(s.outputs, redactor),
                    s.adopted));
            events.withMdc(s.id(), () -> log.info("step {} succeeded in {}", s.id(),
                    Durations.format(Duration.between(s.start, s.end))));
        } else {
            Throwable cause = Failures.unwrap(err);
            boolean cancel = cause instanceof CancellationException && s.context.isCancelled();
            String error = Failures.describe(cause, redactor);
            if (!cancel && s.failingError != null && !error.contains(s.failingError) && !error.contains("timed out")) {
                // "circuit open" alone hides why: name the first underlying error too
                error = error + inFlight.rootCause(s);
            }
            state.failed(s, at, cancel, cancel ? "cancelled: " + state.stopReason() : error);
            events.publish(new StepFailedEvent(id, at, s.id(), s.status.name(), s.error));
            if (!cancel) {
                events.withMdc(s.id(), () -> log.warn("step {} failed: {}", s.id(), s.error));
                List<String> chain = plan.tier().escalation();
                events.notify(Notifier.Severity.CRITICAL, chain.get(chain.size() - 1), "DR step failed: " + s.id(),
                        "Plan " + plan.name() + ": step " + s.id() + " failed: " + s.error);
            }
            // Steps already running in other branches finish (so that what they did can be undone
            // cleanly); nothing new starts. Steps still waiting for approval stop here.
            for (StepRecord o : state.records()) {
                if (o.status == StepStatus.APPROVAL) {
                    cancelStep(o);
                }
            }
        }
        launchReadySteps();
        finishIfSettled();
    }

    /** Tells a running step to stop; a step waiting for approval stops at once. */
    private void cancelStep(StepRecord s) {
        s.context.cancel();
        if (s.status == StepStatus.APPROVAL) {
            stepEnded(s, null, new CancellationException("stopped while waiting for approval"));
        }
    }

    // ------------------------------------------------------------------ finish

    private void finishIfSettled() {
        if (result.isDone() || !state.settled()) {
            return;
        }
        state.finish();
        boolean failed = state.stopping();
        Instant recoveredAt = failed ? null : state.lastEnd();
        // a drill undoes everything at the end, unless a fail-back plan of its own follows (then only on failure)
        CompensationStrategy strategy = mode != Mode.DRILL ? plan.compensation()
                : options.failbackPlanned() ? CompensationStrategy.ON_FAILURE : CompensationStrategy.ALWAYS;
        boolean compensate = !state.lockLost() && (strategy == CompensationStrategy.ALWAYS
                || strategy == CompensationStrategy.ON_FAILURE && failed);
        if (compensate) {
            compensator.undo(state.toUndo(), undoneAll -> complete(recoveredAt, undoneAll));
        } else {
            complete(recoveredAt, false);
        }
    }

    private void complete(Instant recoveredAt, boolean compensatedAll) {
        ExecutionReport report = ReportBuilder.build(id, plan, graph, mode, state, options.incidentStartedAt(),
                scheduler.now(), recoveredAt, compensatedAll, redactor);
        long finishedLine = events.publish(new ExecutionFinishedEvent(id, scheduler.now(), report.state().name(),
                report.verdict().name()));
        finishedPublished = true;
        events.withMdc(null, () -> log.info("{} of plan {} finished: {} (verdict {})", mode, plan.name(),
                report.state(), report.verdict()));
        events.notify(report.state() == ExecutionState.SUCCEEDED ? Notifier.Severity.INFO
                        : Notifier.Severity.CRITICAL, plan.tier().escalation().get(0),
                "DR " + mode.name().toLowerCase() + " finished: " + report.state(),
                "Plan " + plan.name() + " finished " + report.state() + ", verdict " + report.verdict());
        lease.release(false);
        // after the notifications just dispatched, so that on virtual time they have gone out when the caller wakes
        scheduler.executor().execute(() -> {
            try {
                events.awaitWritten(finishedLine);
            } catch (RuntimeException e) {
                abort(e);
                return;
            }
            result.complete(report);
        });
    }
}
