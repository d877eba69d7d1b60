package io.drplan.core;

/** How a plan is run. */
public enum Mode {
    /** A dry run: nothing changes. */
    PREVIEW,
    /** The real thing. */
    EXECUTE,
    /** A rehearsal: execute, verify, fail back, report. */
    DRILL
}
