package io.drplan.core;

/**
 * A step found the world not as it must be (no snapshot to restore, the AZ did not change, a
 * health check never passed) or ran out of time. Not retried.
 */
public class StepFailedException extends DrException {
    private static final long serialVersionUID = 1L;

    public StepFailedException(String message) {
        super(message);
    }
}
