package io.drplan.testkit;

import io.drplan.core.DrException;
import io.drplan.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * A deterministic discrete-event scheduler: time stands still while tasks run and jumps to the
 * next scheduled task when there is nothing else to do. Tasks due at the same instant run in the
 * order they were scheduled, so the same program gives the same timeline every time. Single
 * threaded: use it from one thread.
 *
 * <pre>{@code
 * VirtualScheduler time = VirtualScheduler.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * ExecutionReport report = engine(time).execute(plan);   // 4 h of cloud time in milliseconds
 * }</pre>
 */
public final class VirtualScheduler implements Scheduler {
    /** Where virtual time starts unless told otherwise. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    /** A bound on events per {@link #await} so that a runaway loop fails instead of hanging. */
    public static final long DEFAULT_MAX_EVENTS = 50_000_000L;

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final Executor executor = r -> schedule(Duration.ZERO, r);
    private Instant now;
    private long sequence;
    private long eventsRun;

    private VirtualScheduler(Instant start) {
        this.now = start;
    }

    /** A scheduler whose clock starts at {@link #DEFAULT_START}. */
    public static VirtualScheduler create() {
        return new VirtualScheduler(DEFAULT_START);
    }

    /** A scheduler whose clock starts at {@code start}. */
    public static VirtualScheduler startingAt(Instant start) {
        return new VirtualScheduler(start);
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        }
        Task t = new Task(now.plus(delay), sequence++, task);
        queue.add(t);
        return () -> {
            boolean was = !t.cancelled && !t.ran;
            t.cancelled = true;
            return was;
        };
    }

    @Override
    public Executor executor() {
        return executor;
    }

    /** Runs events until {@code future} is done; fails if the queue empties first (a deadlock). */
    @Override
    public <T> T await(CompletableFuture<T> future) {
        long start = eventsRun;
        while (!future.isDone()) {
            if (!runNext()) {
                throw new DrException("virtual time deadlock: nothing is scheduled at " + now
                        + " but the awaited result is not done; a fake or step never completed its future");
            }
            if (eventsRun - start > DEFAULT_MAX_EVENTS) {
                throw new DrException("more than " + DEFAULT_MAX_EVENTS + " events ran at " + now
                        + " without the awaited result completing; look for a loop that reschedules itself");
            }
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        }
    }

    /** Advances time by {@code duration}, running every task due up to then. */
    public void advance(Duration duration) {
        runUntil(now.plus(duration));
    }

    /** Runs every task due up to {@code until}, then sets the clock to {@code until}. */
    public void runUntil(Instant until) {
        while (!queue.isEmpty() && !queue.peek().at.isAfter(until)) {
            runNext();
        }
        if (until.isAfter(now)) {
            now = until;
        }
    }

    /**
     * Moves the clock forward by {@code duration} without running anything: for a fake call that
     * "takes" time (injected latency). Tasks that came due meanwhile run afterwards, late, as they
     * would behind a slow call.
     */
    public void elapse(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative but was " + duration);
        }
        now = now.plus(duration);
    }

    /** Runs tasks until none is left. */
    public void runAll() {
        while (runNext()) {
            // keep going
        }
    }

    /** How many tasks are waiting. */
    public int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled).count();
    }

    /** How many tasks have run since creation. */
    public long eventsRun() {
        return eventsRun;
    }

    private boolean runNext() {
        Task t;
        do {
            t = queue.poll();
            if (t == null) {
                return false;
            }
        } while (t.cancelled);
        if (t.at.isAfter(now)) {
            now = t.at;
        }
        t.ran = true;
        eventsRun++;
        t.task.run();
        return true;
    }

    @Override
    public String toString() {
        return "VirtualScheduler[now=" + now + ", pending=" + pending() + "]";
    }

    private static final class Task implements Comparable<Task> {
        final Instant at;
        final long seq;
        final Runnable task;
        boolean cancelled;
        boolean ran;

        Task(Instant at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
