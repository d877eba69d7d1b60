package io.drplan.core;

/** An execution was not started: another one of the same plan runs, or a precondition failed. Nothing changed. */
public class ExecutionRefusedException extends DrException {
    private static final long serialVersionUID = 1L;

    public ExecutionRefusedException(String message) {
        super(message);
    }
}
