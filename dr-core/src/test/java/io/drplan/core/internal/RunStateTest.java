package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunStateTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    private final RunState state = new RunState(PlanGraph.of(RunFixtures.chain().steps()));

    private List<String> launchAll(int maxParallelism) {
        List<String> launched = new ArrayList<>();
        StepRecord s;
        while ((s = state.launchNext(maxParallelism, T0)) != null) {
            launched.add(s.id());
        }
        return launched;
    }

    @Test
    void begin_readiesStepsWithoutDependencies_inPlanOrder() {
        state.begin(T0);

        assertThat(launchAll(10)).containsExactly("a", "d");
        assertThat(state.startedAt()).isEqualTo(T0);
    }

    @Test
    void launchNext_respectsMaxParallelism() {
        state.begin(T0);

        assertThat(launchAll(1)).containsExactly("a");
    }

    @Test
    void succeeded_readiesDependentsOnlyWhenAllDependenciesSucceeded() {
        state.begin(T0);
        launchAll(10);

        state.succeeded(state.record("a"), T1, Map.of("k", "v"));

        assertThat(state.record("a").status).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(state.record("a").outputs).containsExactly(Map.entry("k", "v"));
        assertThat(launchAll(10)).containsExactly("b");
        assertThat(state.settled()).isFalse();
    }

    @Test
    void failed_stopsTheRun_firstFailureNamesWhy_andNothingNewStarts() {
        state.begin(T0);
        launchAll(10);

        state.failed(state.record("d"), T1, false, "boom");
        state.failed(state.record("a"), T1, true, "cancelled");

        assertThat(state.stopping()).isTrue();
        assertThat(state.stopReason()).isEqualTo("step 'd' failed");
        assertThat(state.record("a").status).isEqualTo(StepStatus.CANCELLED);
        assertThat(state.launchNext(10, T1)).isNull();
        assertThat(state.settled()).isTrue();
    }

    @Test
    void finish_marksStepsThatNeverStartedNotRun() {
        state.begin(T0);
        launchAll(10);
        state.failed(state.record("a"), T1, false, "boom");
        state.succeeded(state.record("d"), T1, Map.of());

        state.finish();

        assertThat(state.record("b").status).isEqualTo(StepStatus.NOT_RUN);
        assertThat(state.record("c").status).isEqualTo(StepStatus.NOT_RUN);
        assertThat(state.settled()).isFalse();   // finishing: settled once only
    }

    @Test
    void toUndo_succeededAndPartiallyChangedFailedSteps_inReverseDependencyOrder() {
        state.begin(T0);
        launchAll(10);
        state.succeeded(state.record("a"), T1, Map.of());
        state.succeeded(state.record("d"), T1, Map.of());
        launchAll(10);
        state.record("b").changedSomething = true;
        state.failed(state.record("b"), T1, false, "half done");

        // the reverse of the topological order a, b, c, d: b is undone before a, which it depends on
        assertThat(state.toUndo()).extracting(StepRecord::id).containsExactly("d", "b", "a");
    }

    @Test
    void undone_andUndoFailed_recordTheOutcome() {
        state.begin(T0);
        launchAll(10);
        state.succeeded(state.record("a"), T1, Map.of());
        state.succeeded(state.record("d"), T1, Map.of());

        state.undone(state.record("a"), T1);
        state.undoFailed(state.record("d"), T1, "denied");

        assertThat(state.record("a").status).isEqualTo(StepStatus.COMPENSATED);
        assertThat(state.record("d").status).isEqualTo(StepStatus.COMPENSATION_FAILED);
        assertThat(state.record("d").compensationError).isEqualTo("denied");
        assertThat(state.compensationFailed()).isTrue();
    }

    @Test
    void restore_succeededAndInFlight_resumesAfterTheCompletedSteps() {
        state.restoreStartedAt(T0);
        state.restoreSucceeded("a", T0, T1, Map.of("x", 1L), 3);
        state.restoreInFlight("b", Map.of("snapshot", "s-1"));

        state.begin(T1);

        assertThat(state.startedAt()).isEqualTo(T0);
        assertThat(state.record("a").attempts).isEqualTo(3);
        assertThat(state.record("a").notes)
                .containsExactly("completed before the restart; restored from the journal, not run again");
        assertThat(state.record("b").inFlightAtCrash).isTrue();
        assertThat(state.record("b").checkpoints).containsExactly(Map.entry("snapshot", "s-1"));
        assertThat(launchAll(10)).containsExactly("b", "d");
    }

    @Test
    void restore_failedThenCompensated_goesOnUndoingNotForward() {
        state.restoreSucceeded("a", T0, T1, Map.of(), 1);
        state.restoreFailed("d", T0, T1, "boom", false);
        state.restoreCompensated("a", T1);

        state.begin(T1);

        assertThat(state.stopping()).isTrue();
        assertThat(state.stopReason()).isEqualTo("step 'd' failed before the restart");
        assertThat(state.record("a").status).isEqualTo(StepStatus.COMPENSATED);
        assertThat(state.launchNext(10, T1)).isNull();
        assertThat(state.toUndo()).isEmpty();
    }

    @Test
    void stop_keepsTheFirstReason_andLastEndIsTheLatestEnd() {
        state.begin(T0);
        launchAll(10);
        state.succeeded(state.record("d"), T1, Map.of());

        state.stop("the operator", true);
        state.stop("a lost lock", false);

        assertThat(state.stopReason()).isEqualTo("the operator");
        assertThat(state.notes()).containsExactly("the operator");
        assertThat(state.cancelled()).isTrue();
        assertThat(state.lastEnd()).isEqualTo(T1);
    }
}
