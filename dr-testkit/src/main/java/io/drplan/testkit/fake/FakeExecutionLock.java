package io.drplan.testkit.fake;

import io.drplan.core.spi.ExecutionLock;
import io.drplan.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A lock whose leases expire in virtual time, like a Kubernetes Lease: a holder that stops renewing
 * loses the lock to the next taker once {@code leaseDuration} has passed. Thread-safe: of threads
 * racing for a free lock exactly one wins.
 *
 * <pre>{@code
 * try (ExecutionLock.Lease lease = cloud.lock().tryAcquire("vibe-dr", "runner-1", Duration.ofMinutes(1)).orElseThrow()) {
 *     ...
 * }
 * }</pre>
 */
public final class FakeExecutionLock implements ExecutionLock {
    private final Scheduler time;
    private final Map<String, Held> held = new HashMap<>();

    FakeExecutionLock(Scheduler time) {
        this.time = time;
    }

    @Override
    public synchronized Optional<Lease> tryAcquire(String planName, String holder, Duration leaseDuration) {
        Objects.requireNonNull(holder, "holder");
        if (leaseDuration.isNegative() || leaseDuration.isZero()) {
            throw new IllegalArgumentException("leaseDuration must be positive but was " + leaseDuration);
        }
        // held is held, whoever asks: like the real locks, a holder cannot take its own live lease twice
        if (live(planName) != null) {
            return Optional.empty();
        }
        Held h = new Held(holder, leaseDuration, time.now().plus(leaseDuration));
        held.put(planName, h);
        return Optional.of(new FakeLease(planName, h));
    }

    @Override
    public synchronized Optional<String> currentHolder(String planName) {
        return Optional.ofNullable(live(planName)).map(h -> h.holder);
    }

    private Held live(String planName) {
        Held h = held.get(planName);
        return h == null || !time.now().isBefore(h.expiresAt) ? null : h;
    }

    @Override
    public synchronized String toString() {
        return "FakeExecutionLock" + held.keySet();
    }

    private static final class Held {
        final String holder;
        final Duration duration;
        Instant expiresAt;

        Held(String holder, Duration duration, Instant expiresAt) {
            this.holder = holder;
            this.duration = duration;
            this.expiresAt = expiresAt;
        }
    }

    private final class FakeLease implements Lease {
        private final String planName;
        private final Held h;

        FakeLease(String planName, Held h) {
            this.planName = planName;
            this.h = h;
        }

        @Override
        public String holder() {
            return h.holder;
        }

        @Override
        public boolean renew() {
            synchronized (FakeExecutionLock.this) {
                if (held.get(planName) != h) {
                    return false;
                }
                h.expiresAt = time.now().plus(h.duration);
                return true;
            }
        }

        @Override
        public void close() {
            synchronized (FakeExecutionLock.this) {
                held.remove(planName, h);
            }
        }
    }
}
