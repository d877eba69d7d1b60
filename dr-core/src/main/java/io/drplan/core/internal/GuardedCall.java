package io.drplan.core.internal;

import io.drplan.core.RetryPolicy;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.time.Scheduler;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A step's calls to a provider, guarded: the endpoint's rate limit spaces them, its circuit
 * breaker fails them fast after repeated failures, and retryable errors are retried with the
 * step's backoff. Calls run on the scheduler's executor, never on the caller's thread.
 */
final class GuardedCall {
    /** What the step's record learns about each call; called from the calls' threads. */
    interface Observer {
        /** The circuit breaker refused the call: it counts, and was not sent. */
        void rejected(Operation op);

        /** The call passed the breaker and waits for its turn (rate limit) before it is sent. */
        default void dispatched(Operation op) { }

        /** A dispatched call was not sent: its step had stopped by its turn. */
        default void abandoned(Operation op) { }

        /** The call is about to be sent. */
        void sending(Operation op);

        /** The call answered (or threw). */
        void answered(Operation op, boolean succeeded);

        /** The call threw {@code error} (told before {@link #answered}): the underlying cause of what follows. */
        default void failed(Operation op, String endpoint, Throwable error) { }

        /** The call failed and is tried again after {@code delay}; may throw when that cannot be journaled. */
        void retrying(Operation op, int nextAttempt, Duration delay, Throwable error);
    }

    private final Retry retry;
    private final CircuitBreakerRegistry breakers;
    private final EndpointRateLimits rateLimits;
    private final Scheduler scheduler;
    private final BooleanSupplier cancelled;
    private final String stepId;
    private final Observer observer;

    GuardedCall(String name, String stepId, RetryPolicy policy, Jitter jitter, CircuitBreakerRegistry breakers,
                EndpointRateLimits rateLimits, Scheduler scheduler, BooleanSupplier cancelled, Observer observer) {
        this.stepId = stepId;
        this.breakers = breakers;
        this.rateLimits = rateLimits;
        this.scheduler = scheduler;
        this.cancelled = cancelled;
        this.observer = observer;
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .retryOnException(t -> Failures.unwrap(t) instanceof ProviderException pe && pe.isRetryable())
                .intervalBiFunction((attempt, either) -> jitter.apply(policy.delayBefore(attempt), policy.jitter())
                        .toMillis())
                .failAfterMaxAttempts(false)
                .build());
    }

    <T> CompletionStage<T> call(Operation operation, String endpoint, Supplier<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        attempt(operation, endpoint, call, retry.asyncContext(), f, 1);
        return f;
    }

    private <T> void attempt(Operation op, String endpoint, Supplier<T> call, Retry.AsyncContext<T> rc,
                             CompletableFuture<T> f, int attempt) {
        if (cancelled.getAsBoolean()) {
            f.completeExceptionally(new CancellationException("step '" + stepId + "' was stopped"));
            return;
        }
        CircuitBreaker cb = breakers.circuitBreaker(endpoint);
        if (!cb.tryAcquirePermission()) {
            observer.rejected(op);
            f.completeExceptionally(new ProviderException(ProviderException.Reason.UNAVAILABLE, op.toString(),
                    endpoint, "the circuit breaker for " + endpoint + " is open after repeated failures; " + op
                    + " fails fast until it half-opens (" + cb.getCircuitBreakerConfig()
                    .getWaitIntervalFunctionInOpenState().apply(1) + " ms)"));
            return;
        }
        // counted from here: a call that waits for its turn is in flight too, and the run waits for it
        observer.dispatched(op);
        Runnable invoke = () -> scheduler.executor().execute(() -> send(op, endpoint, call, rc, f, attempt, cb));
        Duration wait = rateLimits.reserve(endpoint);
        if (wait.isZero()) {
            invoke.run();
        } else {
            scheduler.schedule(wait, invoke);
        }
    }

    private <T> void send(Operation op, String endpoint, Supplier<T> call, Retry.AsyncContext<T> rc,
                          CompletableFuture<T> f, int attempt, CircuitBreaker cb) {
        if (cancelled.getAsBoolean()) {
            // delayed past the end of its step (rate limit, a slow executor): it must not start now
            cb.releasePermission();
            observer.abandoned(op);
            f.completeExceptionally(new CancellationException("step '" + stepId + "' was stopped before " + op
                    + " was sent"));
            return;
        }
        Instant t0 = scheduler.now();
        T value;
        observer.sending(op);
        try {
            value = call.get();
        } catch (Throwable e) {
            observer.failed(op, endpoint, e);
            observer.answered(op, false);
            cb.onError(Duration.between(t0, scheduler.now()).toNanos(), TimeUnit.NANOSECONDS, e);
            long delay = rc.onError(e);
            boolean again = delay >= 0 && !cancelled.getAsBoolean();
            if (again) {
                try {
                    observer.retrying(op, attempt + 1, Duration.ofMillis(delay), e);
                } catch (RuntimeException journalDown) {
                    f.completeExceptionally(journalDown);
                    return;
                }
                scheduler.schedule(Duration.ofMillis(delay), () -> attempt(op, endpoint, call, rc, f, attempt + 1));
            } else {
                f.completeExceptionally(e);
            }
            return;
        }
        cb.onSuccess(Duration.between(t0, scheduler.now()).toNanos(), TimeUnit.NANOSECONDS);
        observer.answered(op, true);
        rc.onComplete();
        f.complete(value);
    }
}
