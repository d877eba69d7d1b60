package io.drplan.core.internal;

import io.drplan.core.StepFailedException;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.step.Poll;
import io.drplan.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Waits for a condition by probing it through guarded calls, backing off by 1.5 each time up to
 * the engine's maximum interval (with 10% jitter), and reporting each new status once as progress.
 *
 * <p>A step whose estimate is long (at least {@value #SPARSE_MIN_FACTOR} maximum intervals, a
 * 25-minute restore) is polled sparsely while it can hardly be done: during the first
 * {@value #DENSE_FROM_PERCENT}% of its estimate the intervals go on growing by 1.5 past the maximum,
 * up to a tenth of the estimate (at most {@value #SPARSE_MIN_FACTOR} maximum intervals), and the last
 * of them ends where that part ends; from there on, at the maximum interval
 * as for any wait. The WaitBench (examples) measures the effect: fewer calls than the SDK's fixed
 * 30-second waiter, and half its detection lag, when the restore takes its estimate within 30%.
 */
final class Poller {
    static final int SPARSE_MIN_FACTOR = 10;
    static final int DENSE_FROM_PERCENT = 70;
    private final GuardedCall calls;
    private final Scheduler scheduler;
    private final Duration maxInterval;
    private final Jitter jitter;
    private final BooleanSupplier cancelled;
    private final Consumer<String> progress;
    private final Supplier<Instant> stepStart;
    private final Duration estimate;
    private String lastProgress;

    Poller(GuardedCall calls, Scheduler scheduler, Duration maxInterval, Jitter jitter, BooleanSupplier cancelled,
           Consumer<String> progress) {
        this(calls, scheduler, maxInterval, jitter, cancelled, progress, () -> null, Duration.ZERO);
    }

    /** A poller for a step that started at {@code stepStart} (null until it has) and is expected to take {@code estimate}. */
    Poller(GuardedCall calls, Scheduler scheduler, Duration maxInterval, Jitter jitter, BooleanSupplier cancelled,
           Consumer<String> progress, Supplier<Instant> stepStart, Duration estimate) {
        this.stepStart = stepStart;
        this.estimate = estimate == null ? Duration.ZERO : estimate;
        this.calls = calls;
        this.scheduler = scheduler;
        this.maxInterval = maxInterval;
        this.jitter = jitter;
        this.cancelled = cancelled;
        this.progress = progress;
    }

    <T> CompletionStage<T> await(String what, Operation operation, String endpoint, Duration firstInterval,
                                 Supplier<Poll<T>> probe) {
        CompletableFuture<T> f = new CompletableFuture<>();
        poll(what, operation, endpoint, probe, min(firstInterval, maxInterval), f);
        return f;
    }

    private <T> void poll(String what, Operation op, String endpoint, Supplier<Poll<T>> probe, Duration interval,
                          CompletableFuture<T> f) {
        calls.call(op, endpoint, probe).whenComplete((p, e) -> {
            try {
                answered(what, op, endpoint, probe, interval, f, p, e);
            } catch (RuntimeException bug) {
                f.completeExceptionally(bug);   // a null Poll, a journal that fails: the step fails, never hangs
            }
        });
    }

    private <T> void answered(String what, Operation op, String endpoint, Supplier<Poll<T>> probe, Duration interval,
                              CompletableFuture<T> f, Poll<T> p, Throwable e) {
        if (e != null) {
            if (!transient_(e) || cancelled.getAsBoolean()) {
                f.completeExceptionally(e);
                return;
            }
            // An unreachable endpoint, a 5xx or an open circuit breaker while the work goes on in the
            // cloud: keep waiting (the step's timeout bounds it), probing again with the same backoff,
            // so that an 8-second blip never fails a 90-minute restore. An open breaker refuses the
            // probes without sending them until it half-opens and lets one through.
            String status = what + ": " + Failures.describe(Failures.unwrap(e), new Redactor())
                    + "; still waiting";
            if (!status.equals(lastProgress)) {
                lastProgress = status;
                progress.accept(status);
            }
            Duration next = min(Duration.ofMillis((long) (interval.toMillis() * 1.5)), maxInterval);
            scheduler.schedule(jitter.apply(interval, 0.1), () -> poll(what, op, endpoint, probe, next, f));
        } else if (p == null) {
            f.completeExceptionally(new StepFailedException("waiting for " + what + ": the probe answered null"));
        } else if (p.done()) {
            f.complete(p.value());
        } else if (cancelled.getAsBoolean()) {
            f.completeExceptionally(new CancellationException("stopped waiting for " + what));
        } else {
            String status = what + ": " + p.status();
            if (!status.equals(lastProgress)) {
                lastProgress = status;
                progress.accept(status);
            }
            Duration grown = Duration.ofMillis((long) (interval.toMillis() * 1.5));
            Instant denseFrom = denseFrom();
            Instant now = scheduler.now();
            if (denseFrom != null && now.isBefore(denseFrom)) {
                // sparse: the wait can hardly be over yet; the last sparse poll lands where the dense part begins
                Duration wait = min(jitter.apply(interval, 0.1), Duration.between(now, denseFrom));
                Duration next = min(grown, min(estimate.dividedBy(10), maxInterval.multipliedBy(SPARSE_MIN_FACTOR)));
                scheduler.schedule(wait, () -> poll(what, op, endpoint, probe, next, f));
                return;
            }
            Duration current = min(interval, maxInterval);
            Duration next = min(grown, maxInterval);
            scheduler.schedule(jitter.apply(current, 0.1), () -> poll(what, op, endpoint, probe, next, f));
        }
    }

    private static boolean transient_(Throwable e) {
        return Failures.unwrap(e) instanceof ProviderException pe && pe.isRetryable();
    }

    /** Where polling at the maximum interval begins, or null when the step's estimate is too short to matter. */
    private Instant denseFrom() {
        if (estimate.compareTo(maxInterval.multipliedBy(SPARSE_MIN_FACTOR)) < 0) {
            return null;
        }
        Instant start = stepStart.get();
        return start == null ? null : start.plus(estimate.multipliedBy(DENSE_FROM_PERCENT).dividedBy(100));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
