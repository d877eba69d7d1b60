package io.drplan.core;

import java.util.Objects;

/**
 * A typed reference to a value a step produces, such as the endpoint of a restored database. A
 * step that uses an output depends on the step that produces it: the plan orders them without an
 * explicit {@code after(..)}.
 *
 * <pre>{@code
 * Output<String> endpoint = Refs.database("restore-db").endpoint();
 * }</pre>
 *
 * @param stepId the producing step
 * @param name   the output's name, e.g. {@code endpoint}
 * @param type   the value's type
 */
public record Output<T>(String stepId, String name, Class<T> type) {
    public Output {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
        return stepId + "." + name;
    }
}
