package io.drplan.core;

import java.time.Instant;

/**
 * How one execution runs.
 *
 * @param force             go on although a guard (the source region is healthy) says no; the report says so
 * @param incidentStartedAt when the outage began, for RTO and RPO (the start of the run when null)
 * @param executionId       the execution's id (generated when null)
 */
public record RunOptions(boolean force, Instant incidentStartedAt, String executionId) {
    /** No force, the incident starts with the run, a generated id. */
    public static RunOptions defaults() {
        return new RunOptions(false, null, null);
    }

    /** The same options, forced past guards. */
    public RunOptions forced() {
        return new RunOptions(true, incidentStartedAt, executionId);
    }

    /** The same options with the incident's start. */
    public RunOptions incidentStartedAt(Instant at) {
        return new RunOptions(force, at, executionId);
    }

    /** The same options with a given execution id. */
    public RunOptions executionId(String id) {
        return new RunOptions(force, incidentStartedAt, id);
    }
}
