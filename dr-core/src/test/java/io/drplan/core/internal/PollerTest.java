package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.RetryPolicy;
import io.drplan.core.spi.Operation;
import io.drplan.core.step.Poll;
import io.drplan.core.time.DeterministicScheduler;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PollerTest {
    private static final Operation DESCRIBE = Operation.of("rds", "DescribeDBInstances");

    private final DeterministicScheduler time = new DeterministicScheduler();
    private final List<Long> probedAt = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final GuardedCall.Observer quiet = new GuardedCall.Observer() {
        @Override
        public void rejected(Operation op) { }

        @Override
        public void sending(Operation op) { }

        @Override
        public void answered(Operation op, boolean succeeded) { }

        @Override
        public void retrying(Operation op, int nextAttempt, Duration delay, Throwable error) { }
    };

    private Poller poller(Duration maxInterval) {
        return new Poller(calls(), time, maxInterval, new Jitter(new SplittableRandom(3)), cancelled::get,
                progress::add);
    }

    private GuardedCall calls() {
        return new GuardedCall("plan/a", "a", RetryPolicy.none(), new Jitter(new SplittableRandom(3)),
                CircuitBreakerRegistry.ofDefaults(), new EndpointRateLimits(time, 0, Map.of()), time, cancelled::get,
                quiet);
    }

    private long seconds() {
        return Duration.between(DeterministicScheduler.START, time.now()).toSeconds();
    }

    private Poll<String> availableAfter(long second) {
        probedAt.add(seconds());
        return seconds() >= second ? Poll.done("available") : Poll.pending(seconds() < 20 ? "creating" : "backing-up");
    }

    @Test
    void await_backsOffByHalfEachTime_upToTheMaximum_reportingEachNewStatusOnce() {
        String value = time.await(poller(Duration.ofSeconds(20)).await("the restore", DESCRIBE, "rds/us-west-2",
                Duration.ofSeconds(10), () -> availableAfter(60)).toCompletableFuture());

        assertThat(value).isEqualTo("available");
        assertThat(progress).containsExactly("the restore: creating", "the restore: backing-up");
        // intervals 10, 15, 20, 20 s, each within 10% jitter
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < probedAt.size(); i++) {
            gaps.add(probedAt.get(i) - probedAt.get(i - 1));
        }
        assertThat(gaps.get(0)).isBetween(9L, 11L);
        assertThat(gaps.get(1)).isBetween(13L, 17L);
        assertThat(gaps.subList(2, gaps.size())).allSatisfy(g -> assertThat(g).isBetween(18L, 22L));
    }

    @Test
    void await_longEstimate_pollsSparselyUntil70PercentOfIt_thenAtTheMaximum() {
        // a 25-minute restore with a 15 s maximum: sparse up to 150 s until minute 17.5, then every 15 s
        java.time.Instant start = time.now();
        Poller p = new Poller(calls(), time, Duration.ofSeconds(15), new Jitter(new SplittableRandom(3)), cancelled::get,
                progress::add, () -> start, Duration.ofMinutes(25));

        String value = time.await(p.await("the restore", DESCRIBE, "rds/us-west-2", Duration.ofSeconds(30),
                () -> availableAfter(1500)).toCompletableFuture());

        assertThat(value).isEqualTo("available");
        List<Long> sparse = probedAt.stream().filter(t -> t < 1050).toList();
        List<Long> dense = probedAt.stream().filter(t -> t >= 1050).toList();
        assertThat(sparse).hasSize(11);
        assertThat(dense.get(0)).isEqualTo(1050L);
        for (int i = 1; i < sparse.size(); i++) {
            assertThat(sparse.get(i) - sparse.get(i - 1)).isBetween(13L, 165L);
        }
        assertThat(sparse.get(sparse.size() - 1) - sparse.get(sparse.size() - 2)).isBetween(135L, 165L);
        for (int i = 1; i < dense.size(); i++) {
            assertThat(dense.get(i) - dense.get(i - 1)).isBetween(13L, 17L);
        }
        assertThat(probedAt.get(probedAt.size() - 1) - 1500).isBetween(0L, 17L);
    }

    @Test
    void await_shortEstimate_pollsAsWithout() {
        java.time.Instant start = time.now();
        Poller p = new Poller(calls(), time, Duration.ofSeconds(15), new Jitter(new SplittableRandom(3)), cancelled::get,
                progress::add, () -> start, Duration.ofMinutes(2));

        time.await(p.await("the change", DESCRIBE, "rds/us-west-2", Duration.ofSeconds(10),
                () -> availableAfter(100)).toCompletableFuture());

        for (int i = 2; i < probedAt.size(); i++) {
            assertThat(probedAt.get(i) - probedAt.get(i - 1)).isBetween(13L, 17L);
        }
    }

    @Test
    void await_stepStopped_stopsWaiting() {
        CompletableFuture<String> f = poller(Duration.ofSeconds(20)).await("the restore", DESCRIBE, "rds/us-west-2",
                Duration.ofSeconds(10), () -> availableAfter(600)).toCompletableFuture();
        time.advance(Duration.ofSeconds(30));

        cancelled.set(true);
        time.advance(Duration.ofSeconds(30));

        assertThat(f.handle((v, e) -> e).join()).isInstanceOf(CancellationException.class);
        assertThat(probedAt).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void await_probeAnsweringNull_failsTheWait() {
        CompletableFuture<String> f = poller(Duration.ofSeconds(20)).<String>await("the restore", DESCRIBE,
                "rds/us-west-2", Duration.ofSeconds(10), () -> null).toCompletableFuture();

        time.runDue();

        assertThat(f.handle((v, e) -> e.getMessage()).join()).isEqualTo("waiting for the restore: the probe"
                + " answered null");
    }
}
