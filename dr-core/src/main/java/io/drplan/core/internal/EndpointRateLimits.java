package io.drplan.core.internal;

import io.drplan.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Spaces calls to each endpoint so that no more than N start per second, on the engine's scheduler
 * (Resilience4j's RateLimiter reads the system's nanosecond clock, which virtual time cannot drive).
 * A call over the limit is delayed, not refused: a failover waits its turn rather than fail. Internal.
 */
public final class EndpointRateLimits {
    private final Scheduler scheduler;
    private final int defaultPerSecond;
    private final Map<String, Integer> perEndpoint;
    private final Map<String, Instant> nextFree = new HashMap<>();

    public EndpointRateLimits(Scheduler scheduler, int defaultPerSecond, Map<String, Integer> perEndpoint) {
        this.scheduler = scheduler;
        this.defaultPerSecond = defaultPerSecond;
        this.perEndpoint = Map.copyOf(perEndpoint);
    }

    /** Reserves the next slot for a call to {@code endpoint}; returns how long the call must wait for it. */
    public synchronized Duration reserve(String endpoint) {
        int rate = perEndpoint.getOrDefault(endpoint, defaultPerSecond);
        if (rate <= 0) {
            return Duration.ZERO;
        }
        Instant now = scheduler.now();
        Instant slot = nextFree.getOrDefault(endpoint, now);
        if (slot.isBefore(now)) {
            slot = now;
        }
        nextFree.put(endpoint, slot.plusNanos(1_000_000_000L / rate));
        return Duration.between(now, slot);
    }
}
