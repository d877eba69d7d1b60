package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.ExecutionLock.Lease;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import io.drplan.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeExecutionLockTest {
    private static final Duration LEASE = Duration.ofMinutes(1);

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeExecutionLock lock = FakeCloud.create(time).lock();

    @Test
    void tryAcquire_heldByAnother_isEmptyUntilReleased() {
        Lease lease = lock.tryAcquire("plan", "a", LEASE).orElseThrow();

        assertThat(lock.tryAcquire("plan", "b", LEASE)).isEmpty();
        assertThat(lock.currentHolder("plan")).contains("a");
        lease.close();
        assertThat(lock.currentHolder("plan")).isEmpty();
        assertThat(lock.tryAcquire("plan", "b", LEASE)).isPresent();
    }

    @Test
    void lease_notRenewed_isTakenOverAfterExpiry() {
        Lease a = lock.tryAcquire("plan", "a", LEASE).orElseThrow();
        time.advance(Duration.ofSeconds(30));
        assertThat(a.renew()).isTrue();
        time.advance(Duration.ofSeconds(59));
        assertThat(lock.tryAcquire("plan", "b", LEASE)).isEmpty();
        time.advance(Duration.ofSeconds(1));

        Lease b = lock.tryAcquire("plan", "b", LEASE).orElseThrow();

        assertThat(b.holder()).isEqualTo("b");
        assertThat(a.renew()).isFalse();
        a.close();
        assertThat(lock.currentHolder("plan")).contains("b");
    }

    @Test
    void tryAcquire_twoThreadsRacing_exactlyOneWinsEveryTrial() throws Exception {
        // a clock that takes a moment to read widens the window between "is it free?" and "take it",
        // so that an unsynchronised lock lets both threads in (it did in most trials)
        FakeExecutionLock lock = new FakeExecutionLock(new SlowClock(time));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<String> trialsWithoutOneWinner = new ArrayList<>();
            for (int trial = 0; trial < 300; trial++) {
                String plan = "plan-" + trial;
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Optional<Lease>>> racers = new ArrayList<>();
                for (String holder : List.of("a", "b")) {
                    racers.add(pool.submit(() -> {
                        together.await(5, TimeUnit.SECONDS);
                        return lock.tryAcquire(plan, holder, LEASE);
                    }));
                }
                int winners = 0;
                for (Future<Optional<Lease>> r : racers) {
                    winners += r.get(5, TimeUnit.SECONDS).isPresent() ? 1 : 0;
                }
                if (winners != 1) {
                    trialsWithoutOneWinner.add(trial + ": " + winners + " winners");
                }
            }

            assertThat(trialsWithoutOneWinner).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The virtual scheduler, whose {@code now()} takes about a millisecond of real time. */
    private record SlowClock(VirtualScheduler time) implements Scheduler {
        @Override
        public Instant now() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return time.now();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            return time.schedule(delay, task);
        }

        @Override
        public Executor executor() {
            return time.executor();
        }

        @Override
        public <T> T await(CompletableFuture<T> future) {
            return time.await(future);
        }
    }
}
