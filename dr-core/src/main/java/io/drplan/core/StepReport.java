package io.drplan.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What happened to one step.
 *
 * @param attempts    attempts of the step's calls: 1 plus every retry made
 * @param calls       calls made, by operation, with their counts
 * @param error       why it failed (redacted), or null
 * @param outputs     its journal-safe outputs (secrets never appear)
 * @param compensationError why undoing it failed, or null
 */
public record StepReport(String id, String description, StepOutcome outcome, Instant startedAt, Instant finishedAt,
                         int attempts, Map<String, Integer> calls, String error, List<String> notes,
                         Map<String, Object> outputs, Instant compensatedAt, String compensationError,
                         List<String> dependencies) {
    public StepReport {
        calls = Map.copyOf(calls);
        notes = List.copyOf(notes);
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        dependencies = List.copyOf(dependencies);
    }

    /** How long it ran, or null when it never started or finished. */
    public Duration duration() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }

    /** Whether it started at all. */
    public boolean started() {
        return startedAt != null;
    }
}
