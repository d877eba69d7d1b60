package io.drplan.core;

/** When completed steps are undone (in reverse dependency order). */
public enum CompensationStrategy {
    /** After a failure or a cancellation (the default). */
    ON_FAILURE,
    /** Also after success: a drill that fails back once it has proven the failover. */
    ALWAYS,
    /** Never: leave everything as it is for people to inspect. */
    NEVER
}
