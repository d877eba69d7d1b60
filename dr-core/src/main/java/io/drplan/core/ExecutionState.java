package io.drplan.core;

/** How an execution ended. */
public enum ExecutionState {
    /** Every step succeeded (and, in a drill, the fail-back did too). */
    SUCCEEDED,
    /** A step failed and nothing was undone (compensation NEVER, or nothing to undo). */
    FAILED,
    /** A step failed or the run was cancelled, and every completed step was undone. */
    COMPENSATED,
    /** Undoing a completed step failed: the world is half changed and people must act. */
    COMPENSATION_FAILED,
    /** The run was cancelled and nothing was undone. */
    CANCELLED
}
