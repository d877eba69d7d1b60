package io.drplan.core;

import io.drplan.core.internal.SchedulerClock;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.time.Scheduler;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;

/** The engine's circuit breakers: opened by unavailable endpoints and server errors, timed by the scheduler. */
final class EngineBreakers {
    private EngineBreakers() { }

    /** A breaker per endpoint, made on first use. */
    static CircuitBreakerRegistry registry(Scheduler scheduler) {
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindow(10, 5, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(t -> t instanceof ProviderException p
                        && (p.reason() == ProviderException.Reason.UNAVAILABLE
                        || p.reason() == ProviderException.Reason.SERVER_ERROR))
                .clock(new SchedulerClock(scheduler))
                .build();
        // one breaker per endpoint for the engine's life: a region that failed one run fails the next fast too
        return CircuitBreakerRegistry.of(breakerConfig);
    }
}
