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
 * @param kind        what kind of step it is (typed, from the DSL method that declared it)
 * @param phase       the phase of the execution it belongs to
 * @param idempotent  whether running it twice does no harm (so a resume may run it again)
 * @param compensable whether it is undone after a later failure, or at the end of a drill
 */
public record StepReport(String id, String description, StepOutcome outcome, Instant startedAt, Instant finishedAt,
                         int attempts, Map<String, Integer> calls, String error, List<String> notes,
                         Map<String, Object> outputs, Instant compensatedAt, String compensationError,
                         List<String> dependencies, StepKind kind, RunPhase phase, boolean idempotent,
                         boolean compensable) {
    public StepReport {
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(phase, "phase");
        calls = Map.copyOf(calls);
        notes = List.copyOf(notes);
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        dependencies = List.copyOf(dependencies);
    }

    /** A report of a step of {@code kind} in {@code phase}, idempotent and not undone (hand-built reports). */
    public StepReport(String id, String description, StepOutcome outcome, Instant startedAt, Instant finishedAt,
                      int attempts, Map<String, Integer> calls, String error, List<String> notes,
                      Map<String, Object> outputs, Instant compensatedAt, String compensationError,
                      List<String> dependencies, StepKind kind, RunPhase phase) {
        this(id, description, outcome, startedAt, finishedAt, attempts, calls, error, notes, outputs, compensatedAt,
                compensationError, dependencies, kind, phase, true, false);
    }

    /** Whether it may change something outside drplan ({@link StepKind#mutating()}). */
    public boolean mutating() {
        return kind.mutating();
    }

    /** A report of a step of kind {@link StepKind#CUSTOM} in the {@link RunPhase#FAILOVER} phase (the shape before kinds). */
    public StepReport(String id, String description, StepOutcome outcome, Instant startedAt, Instant finishedAt,
                      int attempts, Map<String, Integer> calls, String error, List<String> notes,
                      Map<String, Object> outputs, Instant compensatedAt, String compensationError,
                      List<String> dependencies) {
        this(id, description, outcome, startedAt, finishedAt, attempts, calls, error, notes, outputs, compensatedAt,
                compensationError, dependencies, StepKind.CUSTOM, RunPhase.FAILOVER);
    }

    /** A copy of kind {@code kind} in {@code phase}. */
    public StepReport as(StepKind kind, RunPhase phase) {
        return new StepReport(id, description, outcome, startedAt, finishedAt, attempts, calls, error, notes, outputs,
                compensatedAt, compensationError, dependencies, kind, phase, idempotent, compensable);
    }

    /** Whether its forward action succeeded (a drill may have undone it later: COMPENSATED still counts). */
    public boolean ran() {
        return outcome == StepOutcome.SUCCEEDED || outcome == StepOutcome.COMPENSATED
                || outcome == StepOutcome.COMPENSATION_FAILED;
    }

    /**
     * The output {@code name} as a duration (outputs hold durations as ISO-8601 text, {@code PT30M}, as
     * the journal does), e.g. {@code durationOutput("measuredLoss")} of an integrity check.
     */
    public java.util.Optional<Duration> durationOutput(String name) {
        Object v = outputs.get(name);
        if (v instanceof Duration d) {
            return java.util.Optional.of(d);
        }
        try {
            return v instanceof String text ? java.util.Optional.of(Duration.parse(text)) : java.util.Optional.empty();
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
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
