package io.drplan.core.step;

/**
 * One look at something the step waits for: done with a value, or still pending with a status to
 * show as progress ("creating", "2/3 replicas ready").
 */
public record Poll<T>(boolean done, T value, String status) {
    public static <T> Poll<T> done(T value) {
        return new Poll<>(true, value, "done");
    }

    public static <T> Poll<T> pending(String status) {
        return new Poll<>(false, null, status);
    }
}
