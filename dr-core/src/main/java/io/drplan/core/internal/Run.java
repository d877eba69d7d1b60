package io.drplan.core.internal;

import io.drplan.core.CompensationStrategy;
import io.drplan.core.DrException;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionRefusedException;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.Output;
import io.drplan.core.Region;
import io.drplan.core.RetryPolicy;
import io.drplan.core.RunOptions;
import io.drplan.core.StepFailedException;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.Verdict;
import io.drplan.core.event.ApprovalDecidedEvent;
import io.drplan.core.event.ApprovalRequestedEvent;
import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.event.ExecutionFinishedEvent;
import io.drplan.core.event.ExecutionListener;
import io.drplan.core.event.ExecutionStartedEvent;
import io.drplan.core.event.StepCompensatedEvent;
import io.drplan.core.event.StepCompensationFailedEvent;
import io.drplan.core.event.StepFailedEvent;
import io.drplan.core.event.StepProgressedEvent;
import io.drplan.core.event.StepRetriedEvent;
import io.drplan.core.event.StepStartedEvent;
import io.drplan.core.event.StepSucceededEvent;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.ExecutionLock;
import io.drplan.core.spi.Notifier;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.Providers;
import io.drplan.core.step.Poll;
import io.drplan.core.step.Step;
import io.drplan.core.step.StepContext;
import io.drplan.core.time.Scheduler;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One execution of a plan: schedules the step graph with bounded parallelism, guards every call,
 * journals every transition, compensates on failure and builds the report. Internal.
 */
public final class Run {
    private static final Logger log = LoggerFactory.getLogger(Run.class);

    /** Lifecycle of a step within a run. */
    enum Status { PENDING, APPROVAL, RUNNING, SUCCEEDED, FAILED, CANCELLED, NOT_RUN, COMPENSATED, COMPENSATION_FAILED }

    private final DrPlan plan;
    private final EngineSettings cfg;
    private final Mode mode;
    private final RunOptions options;
    private final String id;
    private final PlanGraph graph;
    private final Scheduler scheduler;
    private final SplittableRandom random;
    private final Redactor redactor = new Redactor();
    private final StepState[] states;
    private final PriorityQueue<Integer> ready = new PriorityQueue<>();
    private final CompletableFuture<ExecutionReport> result = new CompletableFuture<>();
    private final List<String> notes = new ArrayList<>();
    private final boolean resumed;
    private Instant startedAt;
    private int running;
    private boolean stopping;
    private boolean cancelled;
    private boolean finishing;
    private String stopReason;
    private boolean compensationFailed;
    private boolean lockLost;
    private Instant lastRenewed;
    private Ctx compensating;
    private final int[] topologicalPosition;
    private ExecutionLock.Lease lease;
    private Scheduler.Cancellable renewal;

    static final class StepState {
        final Step step;
        final int index;
        Status status = Status.PENDING;
        int waiting;
        Instant start;
        Instant end;
        int attempts = 1;
        String error;
        final List<String> notes = new ArrayList<>();
        final Map<String, Integer> calls = new LinkedHashMap<>();
        Map<String, Object> outputs = Map.of();
        Ctx ctx;
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
        /** Decisions the step journaled before acting (kept across a crash). */
        final Map<String, Object> checkpoints = new LinkedHashMap<>();

        StepState(Step step, int index) {
            this.step = step;
            this.index = index;
        }
    }

    /** A new run; call {@link #start()}. */
    public Run(DrPlan plan, EngineSettings cfg, Mode mode, RunOptions options, JournalReplay replay) {
        this.plan = plan;
        this.cfg = cfg;
        this.mode = mode;
        this.options = options;
        this.scheduler = cfg.scheduler();
        this.random = new SplittableRandom(cfg.seeds().getAsLong());
        this.graph = plan.graph();
        this.resumed = replay != null;
        this.id = replay != null ? replay.executionId()
                : options.executionId() != null ? options.executionId() : newId();
        states = new StepState[graph.size()];
        topologicalPosition = new int[graph.size()];
        List<Step> order = graph.topologicalOrder();
        for (int i = 0; i < order.size(); i++) {
            topologicalPosition[graph.indexOf(order.get(i).id())] = i;
        }
        for (int i = 0; i < states.length; i++) {
            states[i] = new StepState(graph.step(i), i);
            states[i].waiting = graph.dependencies(i).length;
            redactor.addAll(graph.step(i).action().secrets());
        }
        if (replay != null) {
            replay.applyTo(this);
        }
    }

    private String newId() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    public String id() {
        return id;
    }

    public CompletableFuture<ExecutionReport> result() {
        return result;
    }

    Redactor redactor() {
        return redactor;
    }

    StepState state(String stepId) {
        return states[graph.indexOf(stepId)];
    }

    void restoreStartedAt(Instant at) {
        this.startedAt = at;
    }

    /** Marks a step that failed before a crash: the resumed run stops going forward and undoes. */
    void restoreFailed(String stepId, Instant start, Instant end, String error, boolean wasCancelled) {
        StepState s = state(stepId);
        s.status = wasCancelled ? Status.CANCELLED : Status.FAILED;
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

    /** Marks a step undone before a crash, so that it is not undone twice. */
    void restoreCompensated(String stepId, Instant at) {
        StepState s = state(stepId);
        if (s.status == Status.SUCCEEDED) {
            s.status = Status.COMPENSATED;
        }
        s.compensatedAt = at;
        s.notes.add("undone before the restart");
    }

    /** Marks a step completed before a crash, so that it is not run again. */
    void restoreSucceeded(String stepId, Instant start, Instant end, Map<String, Object> outputs, int attempts) {
        StepState s = state(stepId);
        s.status = Status.SUCCEEDED;
        s.start = start;
        s.end = end;
        s.outputs = Map.copyOf(outputs);
        s.attempts = attempts;
        s.notes.add("completed before the restart; restored from the journal, not run again");
        for (int d : graph.dependents(s.index)) {
            states[d].waiting--;
        }
    }

    // ------------------------------------------------------------------ start

    /** Takes the lock, checks what can be checked without changing anything, and starts ready steps. */
    public void start() {
        List<String> preflight = preflight();
        if (!preflight.isEmpty()) {
            throw new ExecutionRefusedException("plan '" + plan.name() + "' cannot start; nothing was changed:\n  - "
                    + String.join("\n  - ", preflight));
        }
        Optional<ExecutionLock.Lease> l = cfg.lock().tryAcquire(plan.name(), cfg.holder(), cfg.leaseDuration());
        if (l.isEmpty()) {
            String holder = cfg.lock().currentHolder(plan.name()).orElse("another execution");
            throw new ExecutionRefusedException("plan '" + plan.name() + "' is already being executed by " + holder
                    + "; wait for it to finish or stop it first (nothing was changed)");
        }
        lease = l.get();
        try {
            begin();
        } catch (RuntimeException e) {
            // a run that could not start (a journal that cannot be written) stops everything it began
            abort(e);
            throw e;
        }
    }

    private void begin() {
        lastRenewed = scheduler.now();
        scheduleRenewal();
        synchronized (this) {
            if (startedAt == null) {
                startedAt = scheduler.now();
            }
            if (options.force()) {
                notes.add("forced by the operator past safety guards");
            }
            if (resumed) {
                notes.add("resumed from the journal at " + scheduler.now());
            }
            emit(new ExecutionStartedEvent(id, scheduler.now(), plan.name(), mode.name(), plan.source().code(),
                    plan.target().code(), cfg.holder(), resumed, List.copyOf(notes),
                    options.incidentStartedAt() != null ? options.incidentStartedAt() : startedAt));
            withMdc(null, () -> log.info("{} of plan {} started: {} -> {} (execution {})", mode, plan.name(),
                    plan.source(), plan.target(), id));
            notify(Notifier.Severity.INFO, plan.tier().escalation().get(0), "DR " + mode.name().toLowerCase()
                    + " started", "Plan " + plan.name() + " started: " + plan.source() + " -> " + plan.target());
            for (StepState s : states) {
                if (s.status == Status.PENDING && s.waiting == 0) {
                    ready.add(s.index);
                }
            }
            pump();
            finishIfDone();
        }
    }

    private List<String> preflight() {
        List<String> problems = new ArrayList<>();
        Providers p = cfg.providers();
        for (Step s : plan.steps()) {
            for (Operation op : s.operations()) {
                String kind = Providers.kindFor(op.service());
                if (kind != null && !p.has(kind)) {
                    problems.add("step '" + s.id() + "' calls " + op + " but no " + kind
                            + " provider was added; add one with Providers.builder()." + kind + "(..)");
                    break;
                }
            }
            for (String c : s.action().clusters()) {
                if (!p.hasCluster(c)) {
                    problems.add("step '" + s.id() + "' uses cluster '" + c + "', which was not added; add it with"
                            + " Providers.builder().cluster(..)");
                }
            }
            if (s.approvalRole() != null && cfg.approver() == null) {
                problems.add("step '" + s.id() + "' needs approval by " + s.approvalRole()
                        + " but the engine has no approver; add one with DrEngine.builder().approver(..)");
            }
        }
        return problems.stream().distinct().toList();
    }

    private void scheduleRenewal() {
        Duration every = cfg.leaseDuration().dividedBy(3);
        renewal = scheduler.schedule(every, () -> {
            synchronized (this) {
                if (result.isDone() || lease == null) {
                    return;
                }
            }
            boolean kept;
            String why = "another holder took it over";
            try {
                kept = lease.renew();
            } catch (RuntimeException e) {
                // A blip of the lock's backend is not a lost lock while the lease still runs.
                if (Duration.between(lastRenewed, scheduler.now()).plus(every).compareTo(cfg.leaseDuration()) < 0) {
                    log.warn("renewing the execution lock of plan {} failed, trying again in {}: {}", plan.name(),
                            io.drplan.core.Durations.format(every), redactor.redact(e.toString()));
                    scheduleRenewal();
                    return;
                }
                kept = false;
                why = "renewing it failed until the lease ran out: " + redactor.redact(e.getMessage());
            }
            if (kept) {
                lastRenewed = scheduler.now();
                scheduleRenewal();
                return;
            }
            String reason = "lost the execution lock of plan '" + plan.name() + "' (" + why + "); stopped so that"
                    + " two executions never act at once, and nothing was undone: another holder may be acting";
            synchronized (this) {
                lockLost = true;
            }
            stop(true, reason);
        });
    }

    /** Cancels: no new step starts, running steps are told to stop, then compensation per the plan. */
    public void cancel(String reason) {
        stop(true, reason == null ? "cancelled by the operator" : reason);
    }

    private synchronized void stop(boolean cancel, String reason) {
        if (result.isDone()) {
            return;
        }
        if (finishing) {
            if (compensating != null) {
                notes.add(redactor.redact(reason) + " (while undoing steps)");
                compensating.cancel();
            }
            return;
        }
        if (!stopping) {
            stopReason = redactor.redact(reason);
            notes.add(stopReason);
        }
        stopping = true;
        cancelled |= cancel;
        for (StepState s : states) {
            if (s.status == Status.RUNNING || s.status == Status.APPROVAL) {
                cancelStep(s);
            }
        }
        if (running == 0) {
            finishIfDone();
        }
    }

    // ------------------------------------------------------------------ scheduling

    private void pump() {
        while (!stopping && running < cfg.maxParallelism() && !ready.isEmpty()) {
            launch(states[ready.poll()]);
        }
    }

    private void launch(StepState s) {
        running++;
        s.start = scheduler.now();
        s.ctx = new Ctx(s);
        if (s.step.approvalRole() != null) {
            s.status = Status.APPROVAL;
            requestApproval(s, plan.tier().escalation().indexOf(s.step.approvalRole()), s.step.approvalRole());
        } else {
            // Dispatched, not called: a step that completes at once must not recurse into the next launch.
            scheduler.executor().execute(() -> guarded(() -> runAction(s)));
        }
    }

    /**
     * Runs engine bookkeeping under the run's lock. An unexpected exception (a bug) must not vanish
     * inside a future callback and leave the run hanging: it fails the run instead.
     */
    private void guarded(Runnable r) {
        synchronized (this) {
            try {
                r.run();
            } catch (Throwable t) {
                abort(t);
            }
        }
    }

    /**
     * Ends the run after an engine error (a bug, or a journal that cannot be written): the caller
     * learns at once, every step is told to stop, timers stop, and the lock is released last.
     */
    private synchronized void abort(Throwable t) {
        String what = describe(unwrap(t));
        log.error("drplan engine error in execution {} of plan {}: {}", id, plan.name(), what);
        if (result.isDone()) {
            return;
        }
        finishing = true;
        stopping = true;
        result.completeExceptionally(new DrException("internal error in execution " + id + ": " + what
                + "; the journal holds what happened so far", unwrap(t)));
        for (StepState st : states) {
            if (st.ctx != null) {
                st.ctx.cancel();
            }
            if (st.timeout != null) {
                st.timeout.cancel();
            }
        }
        if (renewal != null) {
            renewal.cancel();
        }
        if (lease != null) {
            try {
                lease.close();
            } catch (RuntimeException e) {
                log.warn("releasing the lock of plan {} failed: {}", plan.name(), redactor.redact(e.toString()));
            }
        }
    }

    private void requestApproval(StepState s, int roleIndex, String role) {
        Duration timeout = cfg.approvalTimeout();
        emit(new ApprovalRequestedEvent(id, scheduler.now(), s.step.id(), role, timeout));
        notify(Notifier.Severity.WARNING, role, "Approval needed: " + s.step.id(),
                "Plan " + plan.name() + " waits for " + role + " to approve: " + s.step.description());
        CompletableFuture<Approver.Decision> answer = new CompletableFuture<>();
        Scheduler.Cancellable timer = scheduler.schedule(timeout, () -> answer.complete(null));
        CompletionStage<Approver.Decision> asked;
        try {
            asked = cfg.approver().request(new Approver.ApprovalRequest(plan.name(), s.step.id(),
                    s.step.description(), role, timeout));
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        asked.whenComplete((d, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            } else {
                answer.complete(d);
            }
        });
        CompletionStage<Approver.Decision> request = asked;
        answer.whenComplete((d, e) -> guarded(() -> {
            timer.cancel();
            // withdraw a request nobody answered (timeout, escalation, cancel), so the approver drops it
            request.toCompletableFuture().cancel(false);
            if (s.status != Status.APPROVAL) {
                return;
            }
            if (e != null) {
                onStepDone(s, null, new StepFailedException("asking " + role + " for approval failed: "
                        + unwrap(e).getMessage()));
            } else if (d == null) {
                List<String> chain = plan.tier().escalation();
                int next = roleIndex + 1;
                emit(new ApprovalDecidedEvent(id, scheduler.now(), s.step.id(), role, false, "",
                        "no answer within " + timeout));
                if (!s.ctx.isCancelled() && next > 0 && next < chain.size()) {
                    s.notes.add(role + " did not answer within " + timeout + "; escalated to " + chain.get(next));
                    requestApproval(s, next, chain.get(next));
                } else {
                    onStepDone(s, null, new StepFailedException("approval by " + role + " was not given within "
                            + timeout + "; nobody is left to escalate to"));
                }
            } else {
                emit(new ApprovalDecidedEvent(id, scheduler.now(), s.step.id(), role, d.approved(), d.by(),
                        redactor.redact(d.comment())));
                if (d.approved()) {
                    s.notes.add("approved by " + d.by() + " (" + role + ")");
                    runAction(s);
                } else {
                    onStepDone(s, null, new StepFailedException("rejected by " + d.by() + " (" + role + "): "
                            + d.comment()));
                }
            }
        }));
    }

    /** Bookkeeping of a step's start, under the lock; its action then runs outside the lock. */
    private void runAction(StepState s) {
        if (s.ctx.isCancelled()) {
            onStepDone(s, null, new CancellationException("cancelled"));
            return;
        }
        s.status = Status.RUNNING;
        // journaled only now, after any approval: a crash while waiting for approval leaves nothing in flight
        emit(new StepStartedEvent(id, scheduler.now(), s.step.id(), s.step.description()));
        withMdc(s.step.id(), () -> log.info("step {} started: {}", s.step.id(), s.step.description()));
        s.timeout = scheduler.schedule(s.step.timeout(), () -> guarded(() -> onTimeout(s)));
        scheduler.executor().execute(() -> invokeAction(s));
    }

    /** Runs a step's action without holding the run's lock, so that an action may wait on its own calls. */
    private void invokeAction(StepState s) {
        CompletionStage<Map<String, Object>> stage;
        try {
            stage = s.inFlightAtCrash && !s.step.action().idempotent() ? adoptOrRefuse(s) : s.step.action().execute(s.ctx);
            if (stage == null) {
                stage = CompletableFuture.completedFuture(Map.of());
            }
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((out, err) -> guarded(() -> {
            if (s.status == Status.RUNNING) {
                onStepDone(s, out, err);
            }
        }));
    }

    /** An interrupted step that must not run twice: adopt its effect, run it when absent, or stop. */
    private CompletionStage<Map<String, Object>> adoptOrRefuse(StepState s) {
        if (options.rerunAfterCrash().contains(s.step.id())) {
            s.ctx.note("run again after the crash, as the operator asked");
            return s.step.action().execute(s.ctx);
        }
        if (!s.step.action().canAdopt()) {
            return CompletableFuture.failedFuture(new StepFailedException("step '" + s.step.id() + "' ("
                    + s.step.description() + ") was running when the previous process stopped, and drplan cannot tell"
                    + " whether it took effect; it must not run twice, so it was not run again. Check by hand, then"
                    + " resume with RunOptions.defaults().rerunAfterCrash(\"" + s.step.id() + "\") if it did not"));
        }
        return s.step.action().adopt(s.ctx).thenCompose(found -> {
            if (found.isPresent()) {
                synchronized (this) {
                    s.adopted = true;
                }
                s.ctx.note("its effect was found after the crash; adopted, not redone");
                return CompletableFuture.completedFuture(found.get());
            }
            s.ctx.note("its effect was not found after the crash; run again");
            return s.step.action().execute(s.ctx);
        });
    }

    private void onTimeout(StepState s) {
        if (s.status == Status.RUNNING) {
            if (s.changesInFlight > 0) {
                // the change may land after all: undo it to be safe rather than orphan it
                s.changedSomething = true;
                s.notes.add("a change was still in flight when the step timed out; it is undone to be safe");
            }
            s.ctx.cancel();
            onStepDone(s, null, new StepFailedException("step '" + s.step.id() + "' timed out after "
                    + io.drplan.core.Durations.format(s.step.timeout()) + "; raise its timeout(..) if the cloud is slow"));
        }
    }

    private void onStepDone(StepState s, Map<String, Object> out, Throwable err) {
        if (s.timeout != null) {
            s.timeout.cancel();
        }
        running--;
        s.end = scheduler.now();
        if (err == null) {
            s.status = Status.SUCCEEDED;
            s.outputs = out == null ? Map.of() : Map.copyOf(out);
            emit(new StepSucceededEvent(id, s.end, s.step.id(), JournalCodec.safeOutputs(s.outputs, redactor),
                    s.adopted));
            withMdc(s.step.id(), () -> log.info("step {} succeeded in {}", s.step.id(),
                    io.drplan.core.Durations.format(Duration.between(s.start, s.end))));
            for (int d : graph.dependents(s.index)) {
                if (--states[d].waiting == 0 && states[d].status == Status.PENDING) {
                    ready.add(d);
                }
            }
        } else {
            Throwable cause = unwrap(err);
            boolean cancel = cause instanceof CancellationException && s.ctx.isCancelled();
            s.status = cancel ? Status.CANCELLED : Status.FAILED;
            s.error = cancel ? "cancelled: " + stopReason : describe(cause);
            emit(new StepFailedEvent(id, s.end, s.step.id(), s.status.name(), s.error));
            if (!cancel) {
                withMdc(s.step.id(), () -> log.warn("step {} failed: {}", s.step.id(), s.error));
                notify(Notifier.Severity.CRITICAL, escalationTop(), "DR step failed: " + s.step.id(),
                        "Plan " + plan.name() + ": step " + s.step.id() + " failed: " + s.error);
            }
            if (!stopping) {
                stopping = true;
                stopReason = "step '" + s.step.id() + "' " + (cancel ? "was cancelled" : "failed");
            }
            // Steps already running in other branches finish (so that what they did can be undone
            // cleanly); nothing new starts. Steps still waiting for approval stop here.
            for (StepState o : states) {
                if (o.status == Status.APPROVAL) {
                    cancelStep(o);
                }
            }
        }
        pump();
        finishIfDone();
    }

    /** Tells a running step to stop; a step waiting for approval stops at once. */
    private void cancelStep(StepState s) {
        s.ctx.cancel();
        if (s.status == Status.APPROVAL) {
            onStepDone(s, null, new CancellationException("stopped while waiting for approval"));
        }
    }

    private String escalationTop() {
        List<String> chain = plan.tier().escalation();
        return chain.get(chain.size() - 1);
    }

    private void finishIfDone() {
        if (running > 0 || finishing || result.isDone()) {
            return;
        }
        boolean allDone = true;
        for (StepState s : states) {
            if (s.status == Status.PENDING) {
                allDone = false;
            }
        }
        if (!allDone && !stopping) {
            return;
        }
        finishing = true;
        for (StepState s : states) {
            if (s.status == Status.PENDING) {
                s.status = Status.NOT_RUN;
                if (s.inFlightAtCrash) {
                    s.notes.add("it was running when the previous process stopped; whether it took effect is"
                            + " unknown: check by hand");
                }
            }
        }
        boolean failed = stopping;
        Instant recoveredAt = failed ? null : lastEnd();
        CompensationStrategy strategy = mode == Mode.DRILL ? CompensationStrategy.ALWAYS : plan.compensation();
        boolean compensate = !lockLost && (strategy == CompensationStrategy.ALWAYS
                || strategy == CompensationStrategy.ON_FAILURE && failed);
        if (compensate) {
            List<StepState> done = new ArrayList<>();
            for (StepState s : states) {
                // A failed step that changed something (a restore that started) is undone too.
                boolean partial = (s.status == Status.FAILED || s.status == Status.CANCELLED) && s.changedSomething;
                if ((s.status == Status.SUCCEEDED || partial) && s.step.compensate()) {
                    done.add(s);
                }
            }
            // Reverse dependency order: a step is undone before every step it depends on.
            done.sort(Comparator.comparingInt((StepState s) -> topologicalPosition[s.index]).reversed());
            compensateNext(done, 0, recoveredAt);
        } else {
            complete(recoveredAt, false);
        }
    }

    private Instant lastEnd() {
        Instant last = startedAt;
        for (StepState s : states) {
            if (s.end != null && s.end.isAfter(last)) {
                last = s.end;
            }
        }
        return last;
    }

    private void compensateNext(List<StepState> order, int i, Instant recoveredAt) {
        if (i == order.size()) {
            compensating = null;
            complete(recoveredAt, true);
            return;
        }
        StepState s = order.get(i);
        Ctx ctx = new Ctx(s);
        s.ctx = ctx;
        compensating = ctx;
        withMdc(s.step.id(), () -> log.info("compensating step {}", s.step.id()));
        CompletableFuture<Void> done = new CompletableFuture<>();
        // undoing has the step's own timeout: a compensation that never ends must not hold the lock forever
        Scheduler.Cancellable timer = scheduler.schedule(s.step.timeout(), () -> {
            ctx.cancel();
            done.completeExceptionally(new StepFailedException("undoing step '" + s.step.id() + "' timed out after "
                    + io.drplan.core.Durations.format(s.step.timeout())));
        });
        scheduler.executor().execute(() -> {
            CompletionStage<Void> undo;
            try {
                undo = s.step.action().compensate(ctx, s.outputs);
            } catch (RuntimeException e) {
                undo = CompletableFuture.failedFuture(e);
            }
            undo.whenComplete((v, e) -> {
                if (e == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(e);
                }
            });
        });
        done.whenComplete((v, e) -> guarded(() -> {
            timer.cancel();
            s.compensatedAt = scheduler.now();
            boolean partial = s.status != Status.SUCCEEDED;
            if (e == null) {
                if (partial) {
                    s.notes.add("its partial effect was undone");
                } else {
                    s.status = Status.COMPENSATED;
                }
                emit(new StepCompensatedEvent(id, s.compensatedAt, s.step.id()));
                scheduler.executor().execute(() -> guarded(() -> compensateNext(order, i + 1, recoveredAt)));
                return;
            }
            if (!partial) {
                s.status = Status.COMPENSATION_FAILED;
            }
            compensationFailed = true;
            compensating = null;
            s.compensationError = describe(unwrap(e));
            emit(new StepCompensationFailedEvent(id, s.compensatedAt, s.step.id(), s.compensationError));
            withMdc(s.step.id(), () -> log.warn("compensation of step {} failed: {}; the remaining {} step(s)"
                    + " were left as they are", s.step.id(), s.compensationError, order.size() - i - 1));
            notify(Notifier.Severity.CRITICAL, escalationTop(), "DR compensation failed: " + s.step.id(),
                    "Plan " + plan.name() + ": undoing " + s.step.id() + " failed: " + s.compensationError
                            + ". People must act.");
            for (int j = i + 1; j < order.size(); j++) {
                order.get(j).notes.add("not undone: the compensation of '" + s.step.id()
                        + "' failed first, so undoing stopped");
            }
            complete(recoveredAt, false);
        }));
    }

    private void complete(Instant recoveredAt, boolean compensatedAll) {
        ExecutionReport report = buildReport(recoveredAt, compensatedAll);
        emit(new ExecutionFinishedEvent(id, scheduler.now(), report.state().name(), report.verdict().name()));
        withMdc(null, () -> log.info("{} of plan {} finished: {} (verdict {})", mode, plan.name(), report.state(),
                report.verdict()));
        notify(report.state() == ExecutionState.SUCCEEDED ? Notifier.Severity.INFO : Notifier.Severity.CRITICAL,
                plan.tier().escalation().get(0), "DR " + mode.name().toLowerCase() + " finished: " + report.state(),
                "Plan " + plan.name() + " finished " + report.state() + ", verdict " + report.verdict());
        if (renewal != null) {
            renewal.cancel();
        }
        try {
            lease.close();
        } catch (RuntimeException e) {
            log.debug("releasing the lock of plan {} failed: {}", plan.name(), e.toString());
        }
        // after the notifications just dispatched, so that on virtual time they have gone out when the caller wakes
        scheduler.executor().execute(() -> result.complete(report));
    }

    private ExecutionReport buildReport(Instant recoveredAt, boolean compensatedAll) {
        Instant finished = scheduler.now();
        Instant incident = options.incidentStartedAt() != null ? options.incidentStartedAt() : startedAt;
        boolean anyCompensationFailed = compensationFailed;
        boolean anyCompensated = false;
        Instant restorePoint = null;
        List<StepReport> steps = new ArrayList<>();
        for (Step st : plan.orderedSteps()) {
            StepState s = state(st.id());
            anyCompensated |= s.status == Status.COMPENSATED || s.compensatedAt != null && s.compensationError == null;
            Object rp = s.outputs.get("restorePoint");
            if (rp instanceof Instant at && (s.status == Status.SUCCEEDED || s.status == Status.COMPENSATED)
                    && (restorePoint == null || at.isBefore(restorePoint))) {
                restorePoint = at;
            }
            steps.add(new StepReport(st.id(), st.description(), outcome(s.status), s.start, s.end, s.attempts,
                    s.calls, s.error, s.notes, JournalCodec.safeOutputs(s.outputs, redactor), s.compensatedAt,
                    s.compensationError, List.copyOf(new java.util.TreeSet<>(st.dependencies()))));
        }
        boolean failed = stopping;
        ExecutionState state;
        if (anyCompensationFailed) {
            state = ExecutionState.COMPENSATION_FAILED;
        } else if (!failed) {
            state = ExecutionState.SUCCEEDED;
        } else if (anyCompensated) {
            state = ExecutionState.COMPENSATED;
        } else {
            state = cancelled ? ExecutionState.CANCELLED : ExecutionState.FAILED;
        }
        Duration rto = recoveredAt == null ? null : Duration.between(incident, recoveredAt);
        Duration rpo = restorePoint == null ? null : Duration.between(restorePoint, incident);
        Verdict verdict;
        if (recoveredAt == null) {
            verdict = Verdict.FAILED;
        } else {
            boolean rtoOk = rto.compareTo(plan.objectives().rto()) <= 0;
            boolean rpoOk = rpo == null || rpo.compareTo(plan.objectives().rpo()) <= 0;
            verdict = rtoOk && rpoOk ? Verdict.MET : !rtoOk && !rpoOk ? Verdict.RTO_AND_RPO_MISSED
                    : !rtoOk ? Verdict.RTO_MISSED : Verdict.RPO_MISSED;
        }
        Duration cp = graph.criticalPath(x -> x.estimate().toMillis()).duration();
        boolean failedBack = mode == Mode.DRILL && !failed && compensatedAll;
        return new ExecutionReport(id, plan.name(), mode, plan.source(), plan.target(), plan.tier(),
                plan.objectives(), incident, startedAt, finished, recoveredAt, state, verdict, rto, restorePoint, rpo, cp,
                failedBack, steps, notes);
    }

    private static StepOutcome outcome(Status s) {
        return switch (s) {
            case SUCCEEDED -> StepOutcome.SUCCEEDED;
            case FAILED -> StepOutcome.FAILED;
            case CANCELLED, APPROVAL, RUNNING -> StepOutcome.CANCELLED;
            case COMPENSATED -> StepOutcome.COMPENSATED;
            case COMPENSATION_FAILED -> StepOutcome.COMPENSATION_FAILED;
            default -> StepOutcome.NOT_RUN;
        };
    }

    // ------------------------------------------------------------------ events

    private void emit(ExecutionEvent e) {
        if (cfg.journal() != null) {
            cfg.journal().append(id, JournalCodec.encode(e, redactor));
        }
        for (ExecutionListener l : cfg.listeners()) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                log.warn("listener {} failed on {}: {}", l, e.type(), redactor.redact(ex.toString()));
            }
        }
    }

    /** Delivered off the run's lock: a slow or dead webhook must not hold up the failover. */
    private void notify(Notifier.Severity severity, String role, String title, String text) {
        Notifier.Notification n = new Notifier.Notification(plan.name(), severity, role, title, redactor.redact(text));
        for (Notifier notifier : cfg.notifiers()) {
            scheduler.executor().execute(() -> {
                try {
                    notifier.notify(n);
                } catch (RuntimeException e) {
                    log.warn("notifier {} failed: {}", notifier, redactor.redact(e.toString()));
                }
            });
        }
    }

    private void withMdc(String stepId, Runnable r) {
        MDC.put("drplan.plan", plan.name());
        MDC.put("drplan.execution", id);
        if (stepId != null) {
            MDC.put("drplan.step", stepId);
        }
        try {
            r.run();
        } finally {
            MDC.remove("drplan.plan");
            MDC.remove("drplan.execution");
            MDC.remove("drplan.step");
        }
    }

    private String describe(Throwable t) {
        String m = t.getMessage();
        String what = t instanceof DrException ? m : t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return redactor.redact(what);
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ------------------------------------------------------------------ step context

    private final class Ctx implements StepContext {
        private final StepState s;
        private final Retry retry;
        private volatile boolean cancelledCtx;
        private String lastProgress;

        Ctx(StepState s) {
            this.s = s;
            RetryPolicy p = s.step.retry();
            this.retry = Retry.of(plan.name() + "/" + s.step.id(), RetryConfig.custom()
                    .maxAttempts(p.maxAttempts())
                    .retryOnException(t -> unwrap(t) instanceof ProviderException pe && pe.isRetryable())
                    .intervalBiFunction((attempt, either) -> jittered(p.delayBefore(attempt), p.jitter()).toMillis())
                    .failAfterMaxAttempts(false)
                    .build());
        }

        void cancel() {
            cancelledCtx = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelledCtx;
        }

        @Override
        public String stepId() {
            return s.step.id();
        }

        @Override
        public String planName() {
            return plan.name();
        }

        @Override
        public Region source() {
            return plan.source();
        }

        @Override
        public Region target() {
            return plan.target();
        }

        @Override
        public Providers providers() {
            return cfg.providers();
        }

        @Override
        public Instant now() {
            return scheduler.now();
        }

        @Override
        public boolean forced() {
            return options.force();
        }

        @Override
        public boolean drill() {
            return mode == Mode.DRILL;
        }

        @Override
        public <T> T output(Output<T> output) {
            StepState producer = state(output.stepId());
            Object v = producer.outputs.get(output.name());
            if (v == null) {
                throw new StepFailedException("step '" + output.stepId() + "' has no value for output '" + output.name()
                        + "' (it is " + producer.status + ")");
            }
            if (output.type() == Integer.class && v instanceof Number n) {
                return output.type().cast(n.intValue());
            }
            if (output.type() == Instant.class && v instanceof String str) {
                return output.type().cast(Instant.parse(str));
            }
            return output.type().cast(v);
        }

        @Override
        public void progress(String message) {
            String m = redactor.redact(message);
            synchronized (Run.this) {
                emit(new StepProgressedEvent(id, scheduler.now(), s.step.id(), m));
            }
            withMdc(s.step.id(), () -> log.debug("{}: {}", s.step.id(), m));
        }

        @Override
        public void checkpoint(String key, Object value) {
            synchronized (Run.this) {
                s.checkpoints.put(key, value);
                emit(new io.drplan.core.event.StepCheckpointedEvent(id, scheduler.now(), s.step.id(), key,
                        value instanceof Instant at ? at.toString() : value));
            }
        }

        @Override
        public Optional<Object> checkpointed(String key) {
            synchronized (Run.this) {
                return Optional.ofNullable(s.checkpoints.get(key));
            }
        }

        @Override
        public void note(String message) {
            synchronized (Run.this) {
                s.notes.add(redactor.redact(message));
            }
        }

        @Override
        public <T> CompletionStage<T> call(Operation operation, String endpoint, Supplier<T> call) {
            CompletableFuture<T> f = new CompletableFuture<>();
            attempt(operation, endpoint, call, retry.asyncContext(), f, 1);
            return f;
        }

        private <T> void attempt(Operation op, String endpoint, Supplier<T> call, Retry.AsyncContext<T> rc,
                                 CompletableFuture<T> f, int attempt) {
            if (cancelledCtx) {
                f.completeExceptionally(new CancellationException("step '" + s.step.id() + "' was stopped"));
                return;
            }
            CircuitBreaker cb = cfg.breakers().circuitBreaker(endpoint);
            if (!cb.tryAcquirePermission()) {
                synchronized (Run.this) {
                    count(op);
                }
                f.completeExceptionally(new ProviderException(ProviderException.Reason.UNAVAILABLE, op.toString(),
                        endpoint, "the circuit breaker for " + endpoint + " is open after repeated failures; " + op
                        + " fails fast until it half-opens (" + cb.getCircuitBreakerConfig()
                        .getWaitIntervalFunctionInOpenState().apply(1) + " ms)"));
                return;
            }
            Runnable invoke = () -> scheduler.executor().execute(() -> {
                Instant t0 = scheduler.now();
                T value;
                boolean change = !op.isReadOnly();
                if (change) {
                    synchronized (Run.this) {
                        s.changesInFlight++;
                    }
                }
                try {
                    value = call.get();
                } catch (Throwable e) {
                    if (change) {
                        synchronized (Run.this) {
                            s.changesInFlight--;
                        }
                    }
                    long took = Duration.between(t0, scheduler.now()).toNanos();
                    cb.onError(took, TimeUnit.NANOSECONDS, e);
                    long delay;
                    try {
                        synchronized (Run.this) {
                            count(op);
                            delay = rc.onError(e);
                            if (delay >= 0 && !cancelledCtx) {
                                s.attempts++;
                                emit(new StepRetriedEvent(id, scheduler.now(), s.step.id(), op.toString(), attempt + 1,
                                        Duration.ofMillis(delay), describe(e)));
                            }
                        }
                    } catch (RuntimeException journalDown) {
                        f.completeExceptionally(journalDown);
                        return;
                    }
                    if (delay < 0 || cancelledCtx) {
                        f.completeExceptionally(e);
                    } else {
                        scheduler.schedule(Duration.ofMillis(delay), () -> attempt(op, endpoint, call, rc, f, attempt + 1));
                    }
                    return;
                }
                cb.onSuccess(Duration.between(t0, scheduler.now()).toNanos(), TimeUnit.NANOSECONDS);
                synchronized (Run.this) {
                    count(op);
                    if (change) {
                        s.changesInFlight--;
                        s.changedSomething = true;
                    }
                }
                rc.onComplete();
                f.complete(value);
            });
            Duration wait = cfg.rateLimits().reserve(endpoint);
            if (wait.isZero()) {
                invoke.run();
            } else {
                scheduler.schedule(wait, invoke);
            }
        }

        private void count(Operation op) {
            s.calls.merge(op.toString(), 1, Integer::sum);
        }

        @Override
        public <T> CompletionStage<T> await(String what, Operation operation, String endpoint, Duration firstInterval,
                                            Supplier<Poll<T>> probe) {
            CompletableFuture<T> f = new CompletableFuture<>();
            poll(what, operation, endpoint, probe, min(firstInterval, cfg.maxPollInterval()), f);
            return f;
        }

        private <T> void poll(String what, Operation op, String endpoint, Supplier<Poll<T>> probe, Duration interval,
                              CompletableFuture<T> f) {
            call(op, endpoint, probe).whenComplete((p, e) -> {
                try {
                    pollAnswered(what, op, endpoint, probe, interval, f, p, e);
                } catch (RuntimeException bug) {
                    f.completeExceptionally(bug);   // a null Poll, a journal that fails: the step fails, never hangs
                }
            });
        }

        private <T> void pollAnswered(String what, Operation op, String endpoint, Supplier<Poll<T>> probe,
                                      Duration interval, CompletableFuture<T> f, Poll<T> p, Throwable e) {
            if (e != null) {
                f.completeExceptionally(e);
            } else if (p == null) {
                f.completeExceptionally(new StepFailedException("waiting for " + what + ": the probe answered null"));
            } else if (p.done()) {
                f.complete(p.value());
            } else if (cancelledCtx) {
                f.completeExceptionally(new CancellationException("stopped waiting for " + what));
            } else {
                String status = what + ": " + p.status();
                if (!status.equals(lastProgress)) {
                    lastProgress = status;
                    progress(status);
                }
                Duration next = min(Duration.ofMillis((long) (interval.toMillis() * 1.5)), cfg.maxPollInterval());
                scheduler.schedule(jittered(interval, 0.1), () -> poll(what, op, endpoint, probe, next, f));
            }
        }

        private Duration jittered(Duration d, double jitter) {
            if (jitter <= 0) {
                return d;
            }
            double factor;
            synchronized (random) {
                factor = 1 + (random.nextDouble() * 2 - 1) * jitter;
            }
            return Duration.ofMillis(Math.max(0, (long) (d.toMillis() * factor)));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** For the journal codec: every step state. */
    Collection<StepState> states() {
        return List.of(states);
    }
}
