package io.drplan.core.step;

import io.drplan.core.Output;
import io.drplan.core.Region;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Providers;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What a running step sees: the providers, the plan's regions, the outputs of earlier steps, and
 * the engine's guarded ways to call the cloud and to wait on it. Calls made through
 * {@link #call} are retried, circuit-broken, timed and recorded in the report; waits made through
 * {@link #await} poll with backoff and jitter on the engine's scheduler and report progress.
 */
public interface StepContext {

    /** The id of the running step. */
    String stepId();

    /**
     * The id of the running execution (the same after a resume): what steps tag the resources they
     * create with, so that a resumed execution can tell its own from another's. A context that does
     * not know it falls back on a token made once per step and kept in the journal (checkpoint
     * {@code drplan:execution}), which stays the same across a resume and differs between executions.
     */
    default String executionId() {
        Optional<Object> kept = checkpointed("drplan:execution");
        if (kept.isPresent()) {
            return kept.get().toString();
        }
        String token = planName() + "-" + Long.toString(now().toEpochMilli(), 36) + "-"
                + Integer.toHexString(System.identityHashCode(this));
        checkpoint("drplan:execution", token);
        return token;
    }

    /** The plan's name. */
    String planName();

    /** The region failed over from. */
    Region source();

    /** The region failed over to. */
    Region target();

    /** The providers the host application assembled. */
    Providers providers();

    /** The engine's current time. */
    Instant now();

    /** The value of an earlier step's output (the plan guarantees that step has completed). */
    <T> T output(Output<T> output);

    /**
     * Makes one provider call on the engine's executor, with the step's retry policy (retryable
     * failures only) and the endpoint's circuit breaker.
     *
     * @param operation the call, for the report and permission checks
     * @param endpoint  e.g. {@code rds/us-west-2}; one circuit breaker per endpoint
     */
    <T> CompletionStage<T> call(Operation operation, String endpoint, Supplier<T> call);

    /**
     * Polls {@code probe} (each poll a {@link #call}) until it is done, with growing intervals
     * between {@code firstInterval} and the engine's maximum poll interval, plus jitter; sparser
     * during the first 70% of a long step's estimate (see {@code DrEngine.Builder.maxPollInterval}).
     * Gives up when the step's timeout runs out or the execution is cancelled.
     *
     * @param what a short description for progress events ("vibe-postgres-dr available")
     */
    <T> CompletionStage<T> await(String what, Operation operation, String endpoint, Duration firstInterval,
                                 Supplier<Poll<T>> probe);

    /**
     * Records a decision in the journal before acting on it (which snapshot a restore uses), so
     * that a resumed execution can make the same one. Values must be journal-safe: strings,
     * numbers, booleans or instants.
     */
    void checkpoint(String key, Object value);

    /** A value this step checkpointed, in this process or in the one that crashed before it. */
    Optional<Object> checkpointed(String key);

    /**
     * What this step's preflight check {@linkplain PreflightContext#keep kept} under {@code key} in
     * this run, if the check started at most {@code maxAge} ago; given once, so that a second ask (a
     * retry, a second attempt) reads afresh. Use it only for a read whose answer the action can
     * trust that old, or whose change the cloud refuses when it is out of date (a compare-and-swap).
     */
    default Optional<Object> preflightFinding(String key, Duration maxAge) {
        return Optional.empty();
    }

    /** Reports progress (shown to listeners and in the journal). */
    void progress(String message);

    /** Adds a note to the report for this step (e.g. "primary was healthy; forced"). */
    void note(String message);

    /**
     * Records, for the report's inventory, that the step created {@code resource} (journaled: a
     * resumed run keeps it). Call it once the create call was accepted.
     */
    default void created(io.drplan.core.Resource resource) { }

    /** Records that the step changed {@code resource} from {@code before} to {@code after} (never a secret's value). */
    default void changed(io.drplan.core.Resource resource, String before, String after) { }

    /** Records that the step deleted {@code resource}. */
    default void deleted(io.drplan.core.Resource resource) { }

    /** Whether the operator forced the run past a safety guard. */
    boolean forced();

    /** Whether this run is a drill (a rehearsal, not a real incident). */
    boolean drill();

    /** Whether the execution was cancelled or the step timed out; long actions should stop. */
    boolean isCancelled();
}
