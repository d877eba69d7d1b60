package io.drplan.core;

import java.time.Instant;
import java.util.Set;

/**
 * How one execution runs.
 *
 * @param force             go on although a guard (the source region is healthy) says no; the report says so
 * @param incidentStartedAt when the outage began, for RTO and RPO (the start of the run when null)
 * @param executionId       the execution's id (generated when null)
 * @param rerunAfterCrash   steps that are neither idempotent nor able to find their own effect, which the
 *                          operator checked by hand and wants run again on resume (see
 *                          {@link io.drplan.core.step.StepAction#canAdopt()})
 * @param failbackPlanned   a drill whose fail-back is a plan of its own ({@link FailbackPlan}): the drill
 *                          does not undo its steps when they succeed (the fail-back plan brings the
 *                          service back), only when one fails
 */
public record RunOptions(boolean force, Instant incidentStartedAt, String executionId, Set<String> rerunAfterCrash,
                         boolean failbackPlanned) {
    public RunOptions {
        rerunAfterCrash = Set.copyOf(rerunAfterCrash);
    }

    /** Options without a planned fail-back (the shape before it). */
    public RunOptions(boolean force, Instant incidentStartedAt, String executionId, Set<String> rerunAfterCrash) {
        this(force, incidentStartedAt, executionId, rerunAfterCrash, false);
    }

    /** The same options for a drill whose fail-back is a plan of its own: its steps are undone only on failure. */
    public RunOptions withFailbackPlanned() {
        return new RunOptions(force, incidentStartedAt, executionId, rerunAfterCrash, true);
    }

    /** No force, the incident starts with the run, a generated id. */
    public static RunOptions defaults() {
        return new RunOptions(false, null, null, Set.of());
    }

    /** The same options, forced past guards. */
    public RunOptions forced() {
        return new RunOptions(true, incidentStartedAt, executionId, rerunAfterCrash, failbackPlanned);
    }

    /** The same options with the incident's start. */
    public RunOptions incidentStartedAt(Instant at) {
        return new RunOptions(force, at, executionId, rerunAfterCrash, failbackPlanned);
    }

    /** The same options with a given execution id. */
    public RunOptions executionId(String id) {
        return new RunOptions(force, incidentStartedAt, id, rerunAfterCrash, failbackPlanned);
    }

    /** The same options, allowing these interrupted steps to run again on resume (after checking by hand). */
    public RunOptions rerunAfterCrash(String... stepIds) {
        return new RunOptions(force, incidentStartedAt, executionId, Set.of(stepIds), failbackPlanned);
    }
}
