package io.drplan.core.internal;

import io.drplan.core.Durations;
import io.drplan.core.DrPlan;
import io.drplan.core.StepFailedException;
import io.drplan.core.event.StepCompensatedEvent;
import io.drplan.core.event.StepCompensationFailedEvent;
import io.drplan.core.spi.Notifier;
import io.drplan.core.time.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes a run's steps one at a time, in the order given, each within its step's timeout. When
 * undoing a step fails, undoing stops there: people must act, and the steps left are noted.
 */
final class Compensator {
    private static final Logger log = LoggerFactory.getLogger(Compensator.class);

    private final DrPlan plan;
    private final String executionId;
    private final RunState state;
    private final Scheduler scheduler;
    private final EventSink events;
    private final Redactor redactor;
    private final Function<StepRecord, RunStepContext> contexts;
    private final Consumer<Runnable> underRunLock;
    private RunStepContext current;
    /** Why a step's calls were failing (see the run's root cause), appended to a failed undo's error. */
    private Function<StepRecord, String> rootCause = s -> "";

    /**
     * @param contexts     a new context for a step's compensation
     * @param underRunLock runs bookkeeping under the run's lock (and ends the run on a bug)
     */
    Compensator(DrPlan plan, String executionId, RunState state, Scheduler scheduler, EventSink events,
                Redactor redactor, Function<StepRecord, RunStepContext> contexts, Consumer<Runnable> underRunLock) {
        this.plan = plan;
        this.executionId = executionId;
        this.state = state;
        this.scheduler = scheduler;
        this.events = events;
        this.redactor = redactor;
        this.contexts = contexts;
        this.underRunLock = underRunLock;
    }

    /**
     * Undoes {@code order} (call under the run's lock); {@code whenDone} is told, under the lock,
     * whether every step was undone.
     */
    void undo(List<StepRecord> order, Consumer<Boolean> whenDone) {
        undoFrom(order, 0, whenDone);
    }

    /** How a failed undo names the root cause behind it ("" for none). */
    Compensator rootCause(Function<StepRecord, String> rootCause) {
        this.rootCause = rootCause;
        return this;
    }

    /** Tells the compensation under way to stop (call under the run's lock); false when none is. */
    boolean cancelCurrent() {
        if (current == null) {
            return false;
        }
        current.cancel();
        return true;
    }

    private void undoFrom(List<StepRecord> order, int i, Consumer<Boolean> whenDone) {
        if (i == order.size()) {
            current = null;
            whenDone.accept(true);
            return;
        }
        StepRecord s = order.get(i);
        RunStepContext ctx = contexts.apply(s);
        s.context = ctx;
        current = ctx;
        events.withMdc(s.id(), () -> log.info("compensating step {}", s.id()));
        CompletableFuture<Void> done = new CompletableFuture<>();
        // undoing has the step's own timeout: a compensation that never ends must not hold the lock forever
        Scheduler.Cancellable timer = scheduler.schedule(s.step.timeout(), () -> {
            ctx.cancel();
            done.completeExceptionally(new StepFailedException("undoing step '" + s.id() + "' timed out after "
                    + Durations.format(s.step.timeout())));
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
        done.whenComplete((v, e) -> underRunLock.accept(() -> {
            timer.cancel();
            if (e == null) {
                state.undone(s, scheduler.now());
                events.publish(new StepCompensatedEvent(executionId, s.compensatedAt, s.id()));
                scheduler.executor().execute(() -> underRunLock.accept(() -> undoFrom(order, i + 1, whenDone)));
                return;
            }
            current = null;
            String error = Failures.describe(Failures.unwrap(e), redactor);
            if (s.failingError != null && !error.contains(s.failingError)) {
                error = error + rootCause.apply(s);
            }
            state.undoFailed(s, scheduler.now(), error);
            events.publish(new StepCompensationFailedEvent(executionId, s.compensatedAt, s.id(), s.compensationError));
            events.withMdc(s.id(), () -> log.warn("compensation of step {} failed: {}; the remaining {} step(s)"
                    + " were left as they are", s.id(), s.compensationError, order.size() - i - 1));
            List<String> chain = plan.tier().escalation();
            events.notify(Notifier.Severity.CRITICAL, chain.get(chain.size() - 1), "DR compensation failed: " + s.id(),
                    "Plan " + plan.name() + ": undoing " + s.id() + " failed: " + s.compensationError
                            + ". People must act.");
            for (int j = i + 1; j < order.size(); j++) {
                order.get(j).notes.add("not undone: the compensation of '" + s.id()
                        + "' failed first, so undoing stopped");
            }
            whenDone.accept(false);
        }));
    }
}
