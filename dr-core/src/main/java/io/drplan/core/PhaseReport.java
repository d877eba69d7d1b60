package io.drplan.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One phase of an execution: when it started and ended, and its steps.
 *
 * @param how  how the phase was carried out, e.g. "fail-back plan vibe-region-failover-failback" or
 *             "undo of the drill's steps (compensation)"
 * @param ok   whether every step of the phase succeeded
 */
public record PhaseReport(RunPhase phase, Instant startedAt, Instant finishedAt, List<String> steps, String how,
                          boolean ok) {
    public PhaseReport {
        Objects.requireNonNull(phase, "phase");
        steps = List.copyOf(steps);
    }

    /** How long it took, or null when it did not start. */
    public Duration duration() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }

    @Override
    public String toString() {
        return phase + " " + (duration() == null ? "-" : Durations.format(duration())) + (ok ? "" : " (not ok)")
                + ": " + how;
    }
}
