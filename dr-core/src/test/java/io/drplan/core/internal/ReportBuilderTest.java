package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrPlan;
import io.drplan.core.Durations;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.Objectives;
import io.drplan.core.StepOutcome;
import io.drplan.core.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {
    private static final Objectives HOUR_AND_QUARTER = new Objectives(Duration.ofHours(1), Duration.ofMinutes(15),
            null);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void verdict_byRtoAndRpo() {
        assertThat(ReportBuilder.verdict(null, null, HOUR_AND_QUARTER)).isEqualTo(Verdict.FAILED);
        assertThat(ReportBuilder.verdict(Duration.ofHours(1), Duration.ofMinutes(15), HOUR_AND_QUARTER))
                .isEqualTo(Verdict.MET);
        assertThat(ReportBuilder.verdict(Duration.ofMinutes(61), null, HOUR_AND_QUARTER)).isEqualTo(Verdict.RTO_MISSED);
        assertThat(ReportBuilder.verdict(Duration.ofMinutes(5), Duration.ofMinutes(16), HOUR_AND_QUARTER))
                .isEqualTo(Verdict.RPO_MISSED);
        assertThat(ReportBuilder.verdict(Duration.ofMinutes(61), Duration.ofMinutes(16), HOUR_AND_QUARTER))
                .isEqualTo(Verdict.RTO_AND_RPO_MISSED);
    }

    @Test
    void executionState_failedUndoFirst_thenSuccess_undone_cancelled_failed() {
        assertThat(ReportBuilder.executionState(true, false, false, false))
                .isEqualTo(ExecutionState.COMPENSATION_FAILED);
        assertThat(ReportBuilder.executionState(false, false, true, false)).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(ReportBuilder.executionState(false, true, true, true)).isEqualTo(ExecutionState.COMPENSATED);
        assertThat(ReportBuilder.executionState(false, true, false, true)).isEqualTo(ExecutionState.CANCELLED);
        assertThat(ReportBuilder.executionState(false, true, false, false)).isEqualTo(ExecutionState.FAILED);
    }

    @Test
    void build_rtoFromTheIncident_rpoFromTheEarliestRestorePoint() {
        DrPlan plan = RunFixtures.chain();
        RunState state = new RunState(PlanGraph.of(plan.steps()));
        state.restoreStartedAt(T0.plusSeconds(600));
        state.restoreSucceeded("a", T0.plusSeconds(600), T0.plusSeconds(900), Map.of("restorePoint",
                T0.minusSeconds(300)), 2);
        state.restoreSucceeded("d", T0.plusSeconds(600), T0.plusSeconds(1200), Map.of("restorePoint",
                T0.minusSeconds(120)), 1);
        state.finish();

        ExecutionReport r = ReportBuilder.build("e1", plan, PlanGraph.of(plan.steps()), Mode.EXECUTE, state, T0, T0.plusSeconds(1300),
                T0.plusSeconds(1200), false, new Redactor());

        assertThat(r.incidentStartedAt()).isEqualTo(T0);
        assertThat(r.achievedRto()).isEqualTo(Duration.ofMinutes(20));
        assertThat(r.restorePoint()).isEqualTo(T0.minusSeconds(300));
        assertThat(r.rpo()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.verdict()).isEqualTo(Verdict.MET);
        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.steps()).extracting(s -> s.id() + " " + s.outcome()).containsExactly(
                "a " + StepOutcome.SUCCEEDED, "b " + StepOutcome.NOT_RUN, "c " + StepOutcome.NOT_RUN,
                "d " + StepOutcome.SUCCEEDED);
        assertThat(r.step("a").orElseThrow().attempts()).isEqualTo(2);
        assertThat(r.failedBack()).isFalse();
    }

    @Test
    void build_aDrillThatUndidEverything_failedBack_measuredFromTheRunsStart() {
        DrPlan plan = RunFixtures.chain();
        RunState state = new RunState(PlanGraph.of(plan.steps()));
        state.restoreStartedAt(T0);
        state.finish();

        ExecutionReport r = ReportBuilder.build("e1", plan, PlanGraph.of(plan.steps()), Mode.DRILL, state, null, T0.plusSeconds(60), T0, true,
                new Redactor());

        assertThat(r.incidentStartedAt()).isEqualTo(T0);
        assertThat(r.achievedRto()).isEqualTo(Duration.ZERO);
        assertThat(r.failedBack()).isTrue();
    }

    private static io.drplan.core.StepReport step(String id, io.drplan.core.StepKind kind, io.drplan.core.RunPhase phase,
                                                  StepOutcome outcome, int from, int to, Map<String, Object> outputs) {
        return new io.drplan.core.StepReport(id, id, outcome, T0.plus(Duration.ofMinutes(from)),
                T0.plus(Duration.ofMinutes(to)), 1, Map.of(), null, java.util.List.of(), outputs, null, null,
                java.util.List.of(), kind, phase);
    }

    @Test
    void measuredDataLoss_largestOfTheIntegrityChecksThatRan_readFromTheirIsoText() {
        var a = step("a", io.drplan.core.StepKind.CHECK_INTEGRITY, io.drplan.core.RunPhase.VERIFICATION,
                StepOutcome.SUCCEEDED, 1, 2, Map.of("measuredLoss", "PT4M"));
        var b = step("b", io.drplan.core.StepKind.CHECK_INTEGRITY, io.drplan.core.RunPhase.VERIFICATION,
                StepOutcome.SUCCEEDED, 1, 2, Map.of("measuredLoss", "PT30M"));
        var failed = step("c", io.drplan.core.StepKind.CHECK_INTEGRITY, io.drplan.core.RunPhase.VERIFICATION,
                StepOutcome.FAILED, 1, 2, Map.of("measuredLoss", "PT5H"));
        var other = step("d", io.drplan.core.StepKind.CUSTOM, io.drplan.core.RunPhase.FAILOVER,
                StepOutcome.SUCCEEDED, 0, 1, Map.of("measuredLoss", "PT9H"));

        assertThat(ReportBuilder.measuredDataLoss(java.util.List.of(a, b, failed, other)))
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(ReportBuilder.measuredDataLoss(java.util.List.of(other))).isNull();
    }

    @Test
    void phases_failoverAndVerificationFromTheirSteps_failBackFromTheDrillsUndo() {
        var restore = step("restore", io.drplan.core.StepKind.RESTORE_DATABASE, io.drplan.core.RunPhase.FAILOVER,
                StepOutcome.COMPENSATED, 0, 25, Map.of());
        var check = step("check", io.drplan.core.StepKind.CHECK_HTTP, io.drplan.core.RunPhase.VERIFICATION,
                StepOutcome.SUCCEEDED, 25, 27, Map.of());
        restore = new io.drplan.core.StepReport("restore", "restore", StepOutcome.COMPENSATED, restore.startedAt(),
                restore.finishedAt(), 1, Map.of(), null, java.util.List.of(), Map.of(), T0.plus(Duration.ofMinutes(28)),
                null, java.util.List.of(), restore.kind(), restore.phase());

        var phases = ReportBuilder.phases(Mode.DRILL, java.util.List.of(restore, check), T0.plus(Duration.ofMinutes(30)),
                true);

        assertThat(phases).extracting(p -> p.phase() + " " + Durations.format(p.duration()) + " " + p.steps())
                .containsExactly("FAILOVER 25m 00s [restore]", "VERIFICATION 2m 00s [check]",
                        "FAILBACK 3m 00s [restore]");
        assertThat(ReportBuilder.phases(Mode.EXECUTE, java.util.List.of(restore, check), T0.plus(Duration.ofMinutes(30)),
                false)).extracting(p -> p.phase().name()).containsExactly("FAILOVER", "VERIFICATION");
    }

    @Test
    void phaseOf_checkAfterAChange_isVerification_checkBeforeAnyChange_isFailover() {
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("phases")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("pre-check", s -> s.checkHttp("https://api.vibe.dev/health"))
                .step("dns", s -> s.dnsFailover("Z1", "api.vibe.dev").primary("dr.example.com").after("pre-check"))
                .step("post-check", s -> s.checkHttp("https://api.vibe.dev/health").after("dns"))
                .build();

        assertThat(ReportBuilder.phaseOf(plan, plan.step("pre-check").orElseThrow()))
                .isEqualTo(io.drplan.core.RunPhase.FAILOVER);
        assertThat(ReportBuilder.phaseOf(plan, plan.step("post-check").orElseThrow()))
                .isEqualTo(io.drplan.core.RunPhase.VERIFICATION);
    }
}
