package io.drplan.core;

import io.drplan.core.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link DrEngine#drill(DrPlan, FailbackPlan)}: the drill kept in place, then the fail-back plan derived from it. */
final class FailbackDrill {
    private FailbackDrill() { }

    static ExecutionReport run(DrEngine engine, Scheduler scheduler, DrPlan plan, FailbackPlan failback) {
        Objects.requireNonNull(failback, "failback");
        if (!failback.failover().name().equals(plan.name())) {
            throw new IllegalArgumentException("failback is the fail-back of plan '" + failback.failover().name()
                    + "' but the plan drilled is '" + plan.name() + "'; derive it with FailbackPlan.of(plan)");
        }
        List<String> problems = failback.problems();
        if (!problems.isEmpty()) {
            throw new ExecutionRefusedException("plan '" + plan.name() + "' cannot be drilled with its fail-back;"
                    + " nothing was changed:\n  - " + String.join("\n  - ", problems));
        }
        ExecutionReport forward = scheduler.await(engine.start(plan, Mode.DRILL, RunOptions.defaults().withFailbackPlanned())
                .result());
        if (forward.state() != ExecutionState.SUCCEEDED) {
            return forward;   // undone by compensation, as any failed drill
        }
        DrPlan back = failback.plan(forward);
        ExecutionReport fb = engine.execute(back);
        List<String> notes = new ArrayList<>();
        if (!fb.state().equals(ExecutionState.SUCCEEDED)) {
            notes.add("the fail-back plan " + back.name() + " ended " + fb.state() + ": the service is still in "
                    + plan.target() + "; see its steps (phase FAILBACK)");
        }
        return forward.withFailback(fb, "fail-back plan " + back.name() + " (execution " + fb.executionId() + ")",
                notes);
    }
}
