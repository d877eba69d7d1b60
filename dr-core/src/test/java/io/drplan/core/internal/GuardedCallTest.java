package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.RetryPolicy;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.core.time.DeterministicScheduler;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class GuardedCallTest {
    private static final Operation CHANGE = Operation.of("test", "Change");
    private static final RetryPolicy THREE_TRIES = new RetryPolicy(3, Duration.ofSeconds(1), 2.0,
            Duration.ofSeconds(30), 0);

    private final DeterministicScheduler time = new DeterministicScheduler();
    private final List<String> observed = new ArrayList<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final GuardedCall.Observer observer = new GuardedCall.Observer() {
        @Override
        public void rejected(Operation op) {
            observed.add("rejected " + op);
        }

        @Override
        public void sending(Operation op) {
            observed.add("sending @" + seconds());
        }

        @Override
        public void answered(Operation op, boolean succeeded) {
            observed.add(succeeded ? "ok" : "error");
        }

        @Override
        public void retrying(Operation op, int nextAttempt, Duration delay, Throwable error) {
            observed.add("retry " + nextAttempt + " in " + delay);
        }
    };

    private long seconds() {
        return Duration.between(DeterministicScheduler.START, time.now()).toSeconds();
    }

    private GuardedCall guarded(RetryPolicy policy, Map<String, Integer> rateLimits) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(Duration.ofSeconds(30)).build());
        return new GuardedCall("plan/a", "a", policy, new Jitter(new SplittableRandom(1)), breakers,
                new EndpointRateLimits(time, 0, rateLimits), time, cancelled::get, observer);
    }

    private static Supplier<String> failing(int times, Reason reason, AtomicInteger sent) {
        return () -> {
            if (sent.incrementAndGet() <= times) {
                throw new ProviderException(reason, CHANGE.toString(), "test/x", "try " + sent.get() + " failed");
            }
            return "done";
        };
    }

    @Test
    void call_retryableErrors_retriedWithTheStepsBackoff() {
        AtomicInteger sent = new AtomicInteger();

        String value = time.await(guarded(THREE_TRIES, Map.of()).call(CHANGE, "test/x",
                failing(2, Reason.THROTTLED, sent)).toCompletableFuture());

        assertThat(value).isEqualTo("done");
        assertThat(observed).containsExactly("sending @0", "error", "retry 2 in PT1S", "sending @1", "error",
                "retry 3 in PT2S", "sending @3", "ok");
    }

    @Test
    void call_accessDenied_failsAtOnceWithoutRetry() {
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<String> f = guarded(THREE_TRIES, Map.of()).call(CHANGE, "test/x",
                failing(9, Reason.ACCESS_DENIED, sent)).toCompletableFuture();

        time.runDue();

        assertThat(f).isCompletedExceptionally();
        assertThat(sent).hasValue(1);
        assertThat(observed).containsExactly("sending @0", "error");
    }

    @Test
    void call_afterRepeatedFailures_theOpenBreakerFailsFastWithoutSending() {
        GuardedCall calls = guarded(RetryPolicy.none(), Map.of());
        AtomicInteger sent = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            calls.call(CHANGE, "test/x", failing(99, Reason.SERVER_ERROR, sent));
            time.runDue();
        }

        CompletableFuture<String> f = calls.call(CHANGE, "test/x", failing(99, Reason.SERVER_ERROR, sent))
                .toCompletableFuture();

        assertThat(sent).hasValue(4);
        assertThat(observed).endsWith("rejected test:Change");
        assertThat(f.handle((v, e) -> e.getMessage()).join()).startsWith("the circuit breaker for test/x is open"
                + " after repeated failures; test:Change fails fast until it half-opens");
    }

    @Test
    void call_rateLimited_spacesCallsToTheEndpoint() {
        GuardedCall calls = guarded(RetryPolicy.none(), Map.of("test/x", 2));
        List<Instant> sentAt = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            calls.call(CHANGE, "test/x", () -> sentAt.add(time.now()));
        }
        time.advance(Duration.ofSeconds(5));

        assertThat(sentAt).containsExactly(DeterministicScheduler.START, DeterministicScheduler.START.plusMillis(500),
                DeterministicScheduler.START.plusMillis(1000));
    }

    @Test
    void call_stepStopped_failsWithoutSending() {
        cancelled.set(true);

        CompletableFuture<String> f = guarded(THREE_TRIES, Map.of()).call(CHANGE, "test/x", () -> "never")
                .toCompletableFuture();

        assertThat(f.handle((v, e) -> e).join()).isInstanceOf(CancellationException.class)
                .hasMessage("step 'a' was stopped");
        assertThat(observed).isEmpty();
    }
}
