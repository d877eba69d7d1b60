package io.drplan.examples;

import io.drplan.core.ExecutionState;

/**
 * The exit codes of the runnable examples, one per way a run can end, so that a script can tell
 * failure from success and what is left to do:
 *
 * <pre>
 *  0  SUCCEEDED            the plan ran to the end
 *  2  usage                bad or missing arguments; nothing was done
 * 10  FAILED               a step failed and nothing needed undoing, or undoing was off
 * 11  COMPENSATED          a step failed and every completed step was undone
 * 12  COMPENSATION_FAILED  a step failed and undoing failed too: act by hand (see the report)
 * 13  CANCELLED            the run was cancelled (lost lock, operator)
 *  1  any other error      e.g. credentials that do not work (the JVM's code for an uncaught exception)
 * </pre>
 */
public enum ExitCode {
    SUCCEEDED(0),
    USAGE(2),
    FAILED(10),
    COMPENSATED(11),
    COMPENSATION_FAILED(12),
    CANCELLED(13);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit code. */
    public int code() {
        return code;
    }

    /** The code for a run that ended in {@code state}. */
    public static ExitCode of(ExecutionState state) {
        return switch (state) {
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> FAILED;
            case COMPENSATED -> COMPENSATED;
            case COMPENSATION_FAILED -> COMPENSATION_FAILED;
            case CANCELLED -> CANCELLED;
        };
    }

    /** Ends the JVM with {@code code} unless it is 0 (then main simply returns, as tests expect). */
    static void exit(ExitCode code) {
        System.out.flush();
        if (code.code != 0) {
            System.exit(code.code);
        }
    }
}
