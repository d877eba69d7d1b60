package io.drplan.core.step;

import io.drplan.core.Output;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a step does. drplan's built-in steps implement it; a host application can plug its own
 * in with {@code step(id, s -> s.custom(..))}. Actions never block or sleep: they call providers
 * through {@link StepContext#call} and wait through {@link StepContext#await}.
 */
public interface StepAction {

    /** Runs the step; completes with its outputs (by output name). */
    CompletionStage<Map<String, Object>> execute(StepContext ctx);

    /** One line saying what the step does, for previews and reports. */
    String description();

    /** The calls the step will make, for previews and least-privilege policies. */
    List<Operation> operations();

    /** The calls {@link #compensate} makes: a run's permissions must cover undoing it too. */
    default List<Operation> compensationOperations() {
        return List.of();
    }

    /**
     * How long the step usually takes, for the critical path, when that depends on its settings (a
     * promotion is quicker than a restore); empty for the kind's {@link io.drplan.core.StepKind#typicalDuration()}.
     */
    default Optional<Duration> estimate() {
        return Optional.empty();
    }

    /**
     * What the step would use if it ran now, read from the account (the snapshot or backup a restore
     * would take and how old its data is against {@code rpo}): lines for a preview or a readiness
     * report. Plain provider calls, no change anywhere; empty for steps with nothing to look up.
     *
     * @param rpo the plan's RPO objective, or {@code null}
     */
    default List<String> inspect(io.drplan.core.spi.Providers providers, java.time.Instant now, Duration rpo) {
        return List.of();
    }

    /**
     * Checks, before any step of the run acts, that every id the step will use exists (the hosted
     * zone and its records, the snapshot to restore, the secret, the deployments), through read-only
     * provider calls. Returns every problem found, each naming the id, what is wrong and the fix; an
     * empty list when the step can run. An exception counts as one problem.
     */
    default List<String> preflight(PreflightContext ctx) {
        return List.of();
    }

    /**
     * What the step acts on, for plans derived from this one ({@code FailbackPlan}): e.g.
     * {@code hostedZoneId} and {@code recordName} of a DNS failover; {@code cluster}, {@code namespace}
     * and {@code deployments} of a rollout; {@code instanceId} and {@code region} of a restore;
     * {@code cluster}, {@code namespace}, {@code secretName} and {@code keys} of a secret update.
     * Never a secret. Empty for steps that derive nothing.
     */
    default Map<String, Object> settings() {
        return Map.of();
    }

    /** The names of the outputs it produces (see {@link io.drplan.core.Refs}). */
    default Set<String> outputs() {
        return Set.of();
    }

    /** The outputs of other steps it reads: they make it depend on those steps. */
    default Set<Output<?>> inputs() {
        return Set.of();
    }

    /** The secrets the step uses: their values are redacted from everything the engine writes. */
    default List<io.drplan.core.Secret> secrets() {
        return List.of();
    }

    /** The clusters the step talks to, so the engine can check they were added before it starts. */
    default List<String> clusters() {
        return List.of();
    }

    /** Problems with the step's settings, each naming the field, the bad value and the fix. */
    default List<String> validate() {
        return List.of();
    }

    /**
     * Whether {@link #compensate} undoes the step: by default, when it declares the calls its undo
     * makes ({@link #compensationOperations()}).
     */
    default boolean compensable() {
        return !compensationOperations().isEmpty();
    }

    /** Undoes the step after a later failure, given the outputs it produced. */
    default CompletionStage<Void> compensate(StepContext ctx, Map<String, Object> outputs) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Whether running the step twice does no harm, beyond what its kind says
     * ({@link io.drplan.core.StepKind#idempotent()}): a custom step marked {@code notIdempotent()}. A
     * step that is not idempotent is never redone after a crash unless {@link #adopt} says its effect
     * is absent.
     */
    default boolean idempotent() {
        return true;
    }

    /**
     * Whether {@link #adopt} can tell if the step's effect exists. A step that is neither
     * idempotent nor adoptable is not run again after a crash interrupted it, unless the operator
     * says so ({@code RunOptions.rerunAfterCrash}).
     */
    default boolean canAdopt() {
        return false;
    }

    /**
     * After a crash while this step was in flight: looks for its effect (does
     * {@code vibe-postgres-dr} already exist?) and returns the outputs to adopt, or empty when the
     * step must run again.
     */
    default CompletionStage<Optional<Map<String, Object>>> adopt(StepContext ctx) {
        return CompletableFuture.completedFuture(Optional.empty());
    }
}
