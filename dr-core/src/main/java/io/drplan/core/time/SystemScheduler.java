package io.drplan.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real time: a {@link Clock} for timestamps, one daemon timer thread for delays and a bounded
 * pool of daemon worker threads for provider calls. Close it when the host application stops.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    /** Worker threads for provider calls unless told otherwise. */
    public static final int DEFAULT_WORKERS = 8;

    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;

    private SystemScheduler(Clock clock, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1 but was " + workers);
        }
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("drplan-timer"));
        this.workers = Executors.newFixedThreadPool(workers, daemon("drplan-worker"));
    }

    /** The system UTC clock with {@link #DEFAULT_WORKERS} workers. */
    public static SystemScheduler create() {
        return new SystemScheduler(Clock.systemUTC(), DEFAULT_WORKERS);
    }

    /** A given clock and worker count. */
    public static SystemScheduler create(Clock clock, int workers) {
        return new SystemScheduler(clock, workers);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = timer.schedule(() -> workers.execute(task),
                Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Executor executor() {
        return workers;
    }

    @Override
    public <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
