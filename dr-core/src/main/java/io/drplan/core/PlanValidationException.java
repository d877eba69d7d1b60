package io.drplan.core;

import java.util.List;

/**
 * A plan could not be built. {@link #problems()} lists every problem found, each naming the
 * field, the bad value and the fix; the message lists them all.
 */
public class PlanValidationException extends DrException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public PlanValidationException(String planName, List<String> problems) {
        super("plan '" + planName + "' is invalid (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
