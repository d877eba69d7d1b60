package io.drplan.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * dr-core's own scheduler for its tests: one thread, time moves only when a test runs tasks, tasks
 * due at the same instant run in the order scheduled. (dr-testkit's {@code VirtualScheduler} is the
 * one for users; dr-core cannot depend on dr-testkit.)
 */
public final class DeterministicScheduler implements Scheduler {
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private record Task(Instant at, long order, Runnable run, boolean[] cancelled) { }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
            ? Long.compare(a.order(), b.order()) : a.at().compareTo(b.at()));
    private Instant now = START;
    private long scheduled;

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        Task t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), scheduled++, task, cancelled);
        tasks.add(t);
        return () -> {
            boolean was = !cancelled[0] && tasks.contains(t);
            cancelled[0] = true;
            return was;
        };
    }

    @Override
    public Executor executor() {
        return r -> schedule(Duration.ZERO, r);
    }

    /** Runs tasks, moving time forward, until {@code future} is done. */
    @Override
    public <T> T await(CompletableFuture<T> future) {
        while (!future.isDone()) {
            if (!runNext()) {
                throw new IllegalStateException("nothing is scheduled at " + now + " and the future is not done");
            }
        }
        return future.join();
    }

    /** Runs every task due within {@code d}, then sets the time to now + {@code d}. */
    public void advance(Duration d) {
        Instant until = now.plus(d);
        while (!tasks.isEmpty() && !tasks.peek().at().isAfter(until)) {
            runNext();
        }
        now = until;
    }

    /** Runs every task due now, without moving time. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Tasks scheduled and not yet run or cancelled. */
    public long pending() {
        return tasks.stream().filter(t -> !t.cancelled()[0]).count();
    }

    private boolean runNext() {
        Task t;
        do {
            t = tasks.poll();
            if (t == null) {
                return false;
            }
        } while (t.cancelled()[0]);
        if (t.at().isAfter(now)) {
            now = t.at();
        }
        t.run().run();
        return true;
    }
}
