package io.drplan.core;

/** How a step ended. */
public enum StepOutcome {
    /** It did what it should. */
    SUCCEEDED,
    /** It failed or timed out. */
    FAILED,
    /** The execution was cancelled while it ran. */
    CANCELLED,
    /** It never started (an earlier failure or a cancellation stopped the plan). */
    NOT_RUN,
    /** It succeeded and was then undone. */
    COMPENSATED,
    /** It succeeded, and undoing it failed: people must act. */
    COMPENSATION_FAILED
}
