package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrPlan;
import io.drplan.core.spi.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class CompensatorTest {
    private final RunFixtures f = new RunFixtures();
    private final List<String> undone = new ArrayList<>();
    private final List<Boolean> finished = new ArrayList<>();

    private CompletionStage<Void> undo(String id, Map<String, Object> outputs) {
        undone.add(id + " " + outputs);
        return CompletableFuture.completedFuture(null);
    }

    private DrPlan plan(String failing, boolean hangs) {
        return RunFixtures.plan()
                .step("a", s -> s.custom("a", RunFixtures::nothing).compensateWith((c, o) -> undo("a", o)))
                .step("b", s -> s.custom("b", RunFixtures::nothing).after("a").timeout(Duration.ofMinutes(2))
                        .compensateWith((c, o) -> hangs ? new CompletableFuture<>() : "b".equals(failing)
                                ? CompletableFuture.failedFuture(new ProviderException(
                                ProviderException.Reason.ACCESS_DENIED, "route53:Change", "route53", "denied"))
                                : undo("b", o)))
                .build();
    }

    private RunState succeeded(DrPlan plan) {
        RunState state = new RunState(PlanGraph.of(plan.steps()));
        state.restoreSucceeded("a", f.time.now(), f.time.now(),
                Map.of("id", "a-1"), 1);
        state.restoreSucceeded("b", f.time.now(), f.time.now(), Map.of("id", "b-1"), 1);
        return state;
    }

    private Compensator compensator(DrPlan plan, RunState state) {
        return new Compensator(plan, "e1", state, f.time, f.sink, new Redactor(),
                s -> f.context(state, plan, s.id(), null), f::underLock);
    }

    @Test
    void undo_inTheOrderGiven_withEachStepsOutputs() {
        DrPlan plan = plan(null, false);
        RunState state = succeeded(plan);

        f.underLock(() -> compensator(plan, state).undo(state.toUndo(), finished::add));
        f.time.advance(Duration.ofSeconds(1));

        assertThat(undone).containsExactly("b {id=b-1}", "a {id=a-1}");
        assertThat(finished).containsExactly(true);
        assertThat(state.record("a").status).isEqualTo(StepStatus.COMPENSATED);
        assertThat(f.eventTypes()).containsExactly("step.compensated", "step.compensated");
    }

    @Test
    void undo_aFailure_stopsUndoingAndNotesTheStepsLeft() {
        DrPlan plan = plan("b", false);
        RunState state = succeeded(plan);

        f.underLock(() -> compensator(plan, state).undo(state.toUndo(), finished::add));
        f.time.advance(Duration.ofSeconds(1));

        assertThat(undone).isEmpty();
        assertThat(finished).containsExactly(false);
        assertThat(state.record("b").status).isEqualTo(StepStatus.COMPENSATION_FAILED);
        assertThat(state.record("b").compensationError).isEqualTo("denied");
        assertThat(state.record("a").notes).contains("not undone: the compensation of 'b' failed first, so undoing"
                + " stopped");
        assertThat(f.eventTypes()).containsExactly("step.compensation-failed");
    }

    @Test
    void undo_thatNeverEnds_timesOutAfterTheStepsTimeout() {
        DrPlan plan = plan(null, true);
        RunState state = succeeded(plan);
        Compensator compensator = compensator(plan, state);

        f.underLock(() -> compensator.undo(state.toUndo(), finished::add));
        f.time.advance(Duration.ofMinutes(1));
        assertThat(finished).isEmpty();
        f.time.advance(Duration.ofMinutes(1));

        assertThat(finished).containsExactly(false);
        assertThat(state.record("b").compensationError).startsWith("undoing step 'b' timed out after");
        assertThat(state.record("b").context.isCancelled()).isTrue();
    }

    @Test
    void cancelCurrent_tellsTheCompensationUnderWayToStop() {
        DrPlan plan = plan(null, true);
        RunState state = succeeded(plan);
        Compensator compensator = compensator(plan, state);
        assertThat(compensator.cancelCurrent()).isFalse();

        f.underLock(() -> compensator.undo(state.toUndo(), finished::add));
        f.time.runDue();

        assertThat(compensator.cancelCurrent()).isTrue();
        assertThat(state.record("b").context.isCancelled()).isTrue();
    }
}
