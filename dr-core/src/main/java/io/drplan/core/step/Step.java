package io.drplan.core.step;

import io.drplan.core.Durations;
import io.drplan.core.RetryPolicy;
import io.drplan.core.StepKind;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One step of a plan, as built and validated: its id, what it does, what it waits for and how
 * patiently it runs.
 *
 * @param kind          what kind of step it is, as the DSL method that declared it says
 * @param dependencies  every step this one waits for: explicit {@code after(..)} plus the steps
 *                      whose outputs it reads
 * @param timeout       how long the step may run, approvals excluded
 * @param approvalRole  who must approve before it runs, or {@code null}
 * @param compensate    whether the step is undone after a later failure
 */
public record Step(String id, StepKind kind, StepAction action, Set<String> dependencies, Duration timeout, RetryPolicy retry,
                   String approvalRole, Duration estimate, boolean compensate) {

    public Step {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        dependencies = Set.copyOf(dependencies);
    }

    /** What the step does. */
    public String description() {
        return action.description();
    }

    /** The calls it makes. */
    public List<Operation> operations() {
        return action.operations();
    }

    /** Whether running it twice does no harm: its kind's trait and its own ({@link StepAction#idempotent()}). */
    public boolean idempotent() {
        return kind.idempotent() && action.idempotent();
    }

    /** Whether it is undone after a later failure, or in a drill. */
    public boolean compensable() {
        return compensate;
    }

    /** Whether it may change something outside drplan ({@link StepKind#mutating()}). */
    public boolean mutating() {
        return kind.mutating();
    }

    @Override
    public String toString() {
        return id + ": " + description() + " (~" + Durations.format(estimate) + ")";
    }
}
