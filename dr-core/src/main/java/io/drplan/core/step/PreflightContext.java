package io.drplan.core.step;

import io.drplan.core.Region;
import io.drplan.core.spi.Providers;
import java.time.Instant;

/**
 * What a step's {@link StepAction#preflight} check sees: the providers (to be called read-only:
 * describe, list, get; never a change), the plan's regions and the engine's time. The engine runs
 * every step's check before the first action of a run, and on its own as a readiness evaluation
 * ({@code DrEngine.readiness(plan)}).
 */
public interface PreflightContext {

    /** The providers the host application assembled; call only methods that change nothing. */
    Providers providers();

    /** The region failed over from. */
    Region source();

    /** The region failed over to. */
    Region target();

    /** The engine's current time. */
    Instant now();

    /**
     * The calls of the steps the checked step depends on, directly or not: what they may create
     * (a snapshot copied, a cluster applied by Terraform) cannot exist yet, so a check skips it.
     */
    java.util.List<io.drplan.core.spi.Operation> upstreamOperations();

    /**
     * Keeps what the check read (the records it listed, the snapshot it found) for the step's own
     * action in the same run, which then need not read it again: see {@link
     * StepContext#preflightFinding}. A readiness evaluation keeps nothing.
     */
    default void keep(String key, Object finding) { }

    /**
     * Starts {@code read} (read-only, like every call of a check) alongside the check's other reads
     * and returns what gives its answer (or throws its failure) when asked, so that a check's
     * independent reads do not wait on each other. By default it is read when asked.
     */
    default <T> java.util.function.Supplier<T> fork(java.util.function.Supplier<T> read) {
        return read;
    }
}
