package io.drplan.core.runbook;

import java.time.Instant;
import java.util.Optional;

/**
 * Where one scheduled test stands at a given instant: when it last ran, when it is next due, and
 * whether it is due now. Made by {@link TestingSchedule#statusAt(Instant, java.util.Map)}.
 *
 * @param test    the schedule's entry for the test
 * @param lastRun when it last ran, or null when it never did
 * @param nextDue when it is next due: {@code lastRun + frequency} (UTC calendar), or the instant of
 *                the question when it never ran
 * @param state   whether it is due
 */
public record TestStatus(TestingSchedule.Entry test, Instant lastRun, Instant nextDue, State state) {
    /** Whether a test is due. */
    public enum State {
        /** Not due yet. */
        UPCOMING,
        /** Due: from its due instant for one grace period. */
        DUE,
        /** Due for longer than the grace period. */
        OVERDUE,
        /** No record that it ever ran: due at once. */
        NEVER_RUN
    }

    /** The kind of test. */
    public TestKind kind() {
        return test.kind();
    }

    /** When it last ran, if it ever did. */
    public Optional<Instant> lastRunIfAny() {
        return Optional.ofNullable(lastRun);
    }

    /** Whether people should run it now: due, overdue or never run. */
    public boolean needsRunning() {
        return state != State.UPCOMING;
    }

    /** "Full DR drill: OVERDUE, last run 2026-01-01T00:00:00Z, next due 2026-04-01T00:00:00Z". */
    @Override
    public String toString() {
        return kind().title() + ": " + state + ", last run " + (lastRun == null ? "never" : lastRun)
                + ", next due " + nextDue;
    }
}
