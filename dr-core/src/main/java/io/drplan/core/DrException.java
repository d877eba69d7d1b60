package io.drplan.core;

/**
 * Root of every unchecked exception drplan throws. Messages say what failed, the bad value and
 * what to do about it, and never contain the value of a {@link Secret}.
 */
public class DrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DrException(String message) {
        super(message);
    }

    public DrException(String message, Throwable cause) {
        super(message, cause);
    }
}
