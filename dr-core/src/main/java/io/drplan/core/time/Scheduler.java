package io.drplan.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The one source of time for drplan: every wait, timeout, retry delay and timestamp goes through
 * it. {@link SystemScheduler} uses the wall clock; the testkit's virtual scheduler runs hours of
 * cloud time in milliseconds, deterministically.
 */
public interface Scheduler {

    /** The current time. */
    Instant now();

    /** Runs {@code task} after {@code delay}; the returned handle cancels it. */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * Where blocking provider calls run. With real time a bounded pool; with virtual time the
     * event loop itself (fakes answer at once).
     */
    Executor executor();

    /**
     * Waits for {@code future} and returns its value. With real time this blocks the calling
     * thread; with virtual time it runs the event loop until the future is done.
     */
    <T> T await(CompletableFuture<T> future);

    /** A future that completes after {@code delay}. */
    default CompletableFuture<Void> delay(Duration delay) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        schedule(delay, () -> f.complete(null));
        return f;
    }

    /** A scheduled task that may be cancelled. */
    interface Cancellable {
        /** Cancels the task if it has not run; returns whether it was cancelled. */
        boolean cancel();
    }
}
