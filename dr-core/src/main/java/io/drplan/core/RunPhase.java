package io.drplan.core;

/**
 * The phases of a drill (the runbook's failover, verification and fail-back); a plain execution
 * has only {@link #FAILOVER} and {@link #VERIFICATION}.
 */
public enum RunPhase {
    /** The plan's steps that move the service to the DR region (and the checks they need before). */
    FAILOVER,
    /** Checks of the recovered service after the failover: data integrity, application health. */
    VERIFICATION,
    /** Bringing the service back to the primary region: the fail-back plan, or the drill's undo. */
    FAILBACK
}
