package io.drplan.core.internal;

import io.drplan.core.Durations;
import io.drplan.core.time.Scheduler;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The calls of a {@link Run}'s steps that outlive them: waiting for the ones still in flight when a
 * step ended, and naming why a step's calls were failing. Internal.
 */
final class InFlightCalls {
    private final Scheduler scheduler;
    private final CircuitBreakerRegistry breakers;
    private final Consumer<Runnable> underLock;

    InFlightCalls(Scheduler scheduler, CircuitBreakerRegistry breakers, Consumer<Runnable> underLock) {
        this.scheduler = scheduler;
        this.breakers = breakers;
        this.underLock = underLock;
    }

    /**
     * The step ended with calls still in flight: the run does not finish (nor undo) until they
     * answer, so that a change landing late is seen and undone; a call that outlives the step's
     * timeout once more is given up on and reported.
     */
    void waitFor(StepRecord s, Runnable finishIfSettled) {
        Scheduler.Cancellable[] giveUp = new Scheduler.Cancellable[1];
        s.onCallsSettled = () -> {
            giveUp[0].cancel();
            underLock.accept(finishIfSettled);
        };
        giveUp[0] = scheduler.schedule(s.step.timeout(), () -> underLock.accept(() -> {
            if (s.callsInFlight > 0 && !s.stoppedWaitingForCalls) {
                s.stoppedWaitingForCalls = true;
                s.onCallsSettled = null;
                s.notes.add(s.callsInFlight + " call(s) still unanswered " + Durations.format(s.step.timeout())
                        + " after the step ended; the run stopped waiting for them: check by hand what they changed");
                if (s.changesInFlight > 0) {
                    s.changedSomething = true;
                }
                finishIfSettled.run();
            }
        }));
    }

    /**
     * Why the step's calls were failing when it ended, or "" when its last call succeeded: the first
     * error since then, for how long, and whether the endpoint's circuit breaker is open.
     */
    String rootCause(StepRecord s) {
        if (s.failingError == null) {
            return "";
        }
        CircuitBreaker.State breaker = breakers.circuitBreaker(s.failingEndpoint).getState();
        String open = breaker == CircuitBreaker.State.OPEN || breaker == CircuitBreaker.State.FORCED_OPEN
                ? "; the circuit breaker for " + s.failingEndpoint + " is open"
                : breaker == CircuitBreaker.State.HALF_OPEN ? "; the circuit breaker for " + s.failingEndpoint
                + " is half-open" : "";
        return "; calls to " + s.failingEndpoint + " had been failing for "
                + Durations.format(Duration.between(s.failingSince, scheduler.now())) + ", the first with: "
                + s.failingError + open;
    }
}
