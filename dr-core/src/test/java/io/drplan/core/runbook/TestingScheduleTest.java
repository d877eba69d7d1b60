package io.drplan.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestingScheduleTest {
    private static final Instant LAST = Instant.parse("2026-03-02T09:00:00Z");
    private final TestingSchedule runbook = TestingSchedule.runbook();

    private TestStatus backupAt(Instant now) {
        return runbook.statusAt(now, Map.of(TestKind.BACKUP_RESTORATION, LAST)).get(0);
    }

    @Test
    void runbook_isTheRunbooksTable() {
        assertThat(runbook.toMarkdown()).isEqualTo("""
                | Test Type | Frequency | Duration | Participants |
                |-----------|-----------|----------|--------------|
                | Backup restoration | Weekly | 30m 00s | DevOps Team |
                | Failover drill | Monthly | 2h 00m | DevOps + Engineering |
                | Full DR drill | Quarterly | 4h 00m | All Teams |
                | Tabletop exercise | Bi-weekly | 1h 00m | Leadership |
                """);
        assertThat(runbook.entry(TestKind.FAILOVER_DRILL)).get().isEqualTo(new TestingSchedule.Entry(
                TestKind.FAILOVER_DRILL, Period.ofMonths(1), Duration.ofHours(2), List.of("DevOps", "Engineering")));
        assertThat(runbook.grace()).isEqualTo(Duration.ofDays(1));
        assertThat(runbook.toString()).isEqualTo("""
                Testing schedule (grace 24h 00m)
                  Backup restoration: every P7D, 30m 00s, DevOps Team
                  Failover drill: every P1M, 2h 00m, DevOps + Engineering
                  Full DR drill: every P3M, 4h 00m, All Teams
                  Tabletop exercise: every P14D, 1h 00m, Leadership
                """);
    }

    @Test
    void statusAt_justBeforeDue_upcoming() {
        TestStatus s = backupAt(Instant.parse("2026-03-09T08:59:59.999999999Z"));

        assertThat(s.state()).isEqualTo(TestStatus.State.UPCOMING);
        assertThat(s.nextDue()).isEqualTo(Instant.parse("2026-03-09T09:00:00Z"));
        assertThat(s.needsRunning()).isFalse();
    }

    @Test
    void statusAt_exactlyDue_due() {
        assertThat(backupAt(Instant.parse("2026-03-09T09:00:00Z")).state()).isEqualTo(TestStatus.State.DUE);
    }

    @Test
    void statusAt_lastInstantOfGrace_due() {
        assertThat(backupAt(Instant.parse("2026-03-10T08:59:59.999999999Z")).state())
                .isEqualTo(TestStatus.State.DUE);
    }

    @Test
    void statusAt_graceOver_overdue() {
        TestStatus s = backupAt(Instant.parse("2026-03-10T09:00:00Z"));

        assertThat(s.state()).isEqualTo(TestStatus.State.OVERDUE);
        assertThat(s.toString()).isEqualTo("Backup restoration: OVERDUE, last run 2026-03-02T09:00:00Z,"
                + " next due 2026-03-09T09:00:00Z");
    }

    @Test
    void statusAt_neverRun_dueAtOnce() {
        Instant now = Instant.parse("2026-03-05T00:00:00Z");

        List<TestStatus> all = runbook.statusAt(now, Map.of(TestKind.BACKUP_RESTORATION, LAST));

        assertThat(all).extracting(TestStatus::kind).containsExactly(TestKind.BACKUP_RESTORATION,
                TestKind.FAILOVER_DRILL, TestKind.FULL_DR_DRILL, TestKind.TABLETOP_EXERCISE);
        assertThat(all).extracting(TestStatus::state).containsExactly(TestStatus.State.UPCOMING,
                TestStatus.State.NEVER_RUN, TestStatus.State.NEVER_RUN, TestStatus.State.NEVER_RUN);
        assertThat(all.get(1).nextDue()).isEqualTo(now);
        assertThat(all.get(1).lastRunIfAny()).isEmpty();
    }

    @Test
    void dueAt_onlyTheTestsToRun_inScheduleOrder() {
        Instant now = Instant.parse("2026-04-01T12:00:00Z");
        Map<TestKind, Instant> last = Map.of(
                TestKind.BACKUP_RESTORATION, Instant.parse("2026-03-30T12:00:00Z"),   // due 04-06: upcoming
                TestKind.FAILOVER_DRILL, Instant.parse("2026-03-01T12:00:00Z"),       // due 04-01 12:00: due
                TestKind.FULL_DR_DRILL, Instant.parse("2026-01-01T00:00:00Z"),        // due 04-01 00:00: due
                TestKind.TABLETOP_EXERCISE, Instant.parse("2026-03-16T00:00:00Z"));   // due 03-30: overdue

        assertThat(runbook.dueAt(now, last)).extracting(TestStatus::kind, TestStatus::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple(TestKind.FAILOVER_DRILL, TestStatus.State.DUE),
                org.assertj.core.groups.Tuple.tuple(TestKind.FULL_DR_DRILL, TestStatus.State.DUE),
                org.assertj.core.groups.Tuple.tuple(TestKind.TABLETOP_EXERCISE, TestStatus.State.OVERDUE));
    }

    @Test
    void nextDue_monthlyFromThe31st_lastDayOfNextMonth() {
        assertThat(runbook.nextDue(TestKind.FAILOVER_DRILL, Instant.parse("2026-01-31T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
        assertThat(runbook.nextDue(TestKind.FULL_DR_DRILL, Instant.parse("2025-11-30T23:30:00Z")))
                .isEqualTo(Instant.parse("2026-02-28T23:30:00Z"));
        assertThat(runbook.nextDue(TestKind.TABLETOP_EXERCISE, Instant.parse("2026-02-20T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-06T00:00:00Z"));
    }

    @Test
    void nextDue_kindNotInSchedule_namesTheKindsItHas() {
        TestingSchedule mine = TestingSchedule.builder()
                .test(TestKind.FULL_DR_DRILL, Period.ofMonths(6), Duration.ofHours(4), "All Teams").build();

        assertThatThrownBy(() -> mine.nextDue(TestKind.TABLETOP_EXERCISE, LAST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kind TABLETOP_EXERCISE is not in this schedule, which has [FULL_DR_DRILL];"
                        + " add it with builder().test(TABLETOP_EXERCISE, ...)");
    }

    @Test
    void statusAt_lastRunAfterNow_rejected() {
        Map<TestKind, Instant> last = Map.of(TestKind.FULL_DR_DRILL, Instant.parse("2026-03-02T09:00:01Z"));

        assertThatThrownBy(() -> runbook.statusAt(LAST, last))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lastRuns[FULL_DR_DRILL] must not be after now (2026-03-02T09:00:00Z) but was"
                        + " 2026-03-02T09:00:01Z; pass when the test last ran, or a later now");
    }

    @Test
    void statusAt_nullLastRun_rejected() {
        Map<TestKind, Instant> last = new HashMap<>();
        last.put(TestKind.FAILOVER_DRILL, null);

        assertThatThrownBy(() -> runbook.statusAt(LAST, last))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lastRuns[FAILOVER_DRILL] must not be null but was null;"
                        + " leave the kind out of the map when it never ran");
    }

    @Test
    void builder_ownSchedule_zeroGraceMakesDueOverdue() {
        TestingSchedule mine = TestingSchedule.builder()
                .test(TestKind.FULL_DR_DRILL, Period.ofMonths(6), Duration.ofHours(4), "All Teams")
                .grace(Duration.ZERO)
                .build();

        List<TestStatus> s = mine.statusAt(Instant.parse("2026-09-02T09:00:00Z"),
                Map.of(TestKind.FULL_DR_DRILL, LAST, TestKind.TABLETOP_EXERCISE, LAST));

        assertThat(s).singleElement().extracting(TestStatus::state).isEqualTo(TestStatus.State.OVERDUE);
    }

    @Test
    void builder_zeroFrequency_rejected() {
        assertThatThrownBy(() -> TestingSchedule.builder().test(TestKind.BACKUP_RESTORATION, Period.ZERO,
                Duration.ofMinutes(30), "DevOps Team"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("frequency of BACKUP_RESTORATION must be positive but was P0D; pass e.g. Period.ofWeeks(1)");
    }

    @Test
    void builder_partlyNegativeFrequency_rejected() {
        assertThatThrownBy(() -> TestingSchedule.builder().test(TestKind.FAILOVER_DRILL, Period.of(0, 1, -3),
                Duration.ofHours(2), "DevOps"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("frequency of FAILOVER_DRILL must be positive but was P1M-3D; pass e.g. Period.ofWeeks(1)");
    }

    @Test
    void builder_negativeDuration_rejected() {
        assertThatThrownBy(() -> TestingSchedule.builder().test(TestKind.TABLETOP_EXERCISE, Period.ofWeeks(2),
                Duration.ofHours(-1), "Leadership"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration of TABLETOP_EXERCISE must be positive but was PT-1H;"
                        + " pass e.g. Duration.ofMinutes(30)");
    }

    @Test
    void builder_nullDuration_rejected() {
        assertThatThrownBy(() -> TestingSchedule.builder().test(TestKind.TABLETOP_EXERCISE, Period.ofWeeks(2),
                null, "Leadership"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("duration of TABLETOP_EXERCISE must not be null; pass e.g. Duration.ofMinutes(30)");
    }

    @Test
    void builder_noParticipants_rejected() {
        assertThatThrownBy(() -> TestingSchedule.builder().test(TestKind.FULL_DR_DRILL, Period.ofMonths(3),
                Duration.ofHours(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("participants of FULL_DR_DRILL must name at least one role but was [];"
                        + " name who takes part, e.g. \"DevOps Team\"");
    }

    @Test
    void builder_blankParticipant_rejected() {
        assertThatThrownBy(() -> TestingSchedule.builder().test(TestKind.FULL_DR_DRILL, Period.ofMonths(3),
                Duration.ofHours(4), "All Teams", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("participants of FULL_DR_DRILL must not be blank but was [All Teams,  ];"
                        + " name who takes part, e.g. \"DevOps Team\"");
    }

    @Test
    void builder_kindTwice_rejected() {
        TestingSchedule.Builder b = TestingSchedule.builder()
                .test(TestKind.BACKUP_RESTORATION, Period.ofWeeks(1), Duration.ofMinutes(30), "DevOps Team");

        assertThatThrownBy(() -> b.test(TestKind.BACKUP_RESTORATION, Period.ofDays(3), Duration.ofMinutes(30),
                "DevOps Team"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kind BACKUP_RESTORATION must be added once but was added twice (Backup restoration:"
                        + " every P7D, 30m 00s, DevOps Team, then Backup restoration: every P3D, 30m 00s, DevOps Team);"
                        + " keep one test(BACKUP_RESTORATION, ...)");
    }

    @Test
    void builder_negativeGrace_rejected() {
        assertThatThrownBy(() -> TestingSchedule.builder().grace(Duration.ofHours(-2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("grace must not be negative but was PT-2H; pass e.g. Duration.ofDays(1), or Duration.ZERO");
    }

    @Test
    void builder_noTests_rejected() {
        assertThatThrownBy(() -> TestingSchedule.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a testing schedule must have at least one test but had none;"
                        + " add one with test(TestKind.BACKUP_RESTORATION, Period.ofWeeks(1), ...)");
    }

    @Test
    void evidencedBy_passedProcedure3Drill_fullDrDrill() {
        assertThat(TestKind.evidencedBy(Reports.passedDrill())).contains(TestKind.FULL_DR_DRILL);
    }

    @Test
    void evidencedBy_failedOrStuckDrill_nothing() {
        assertThat(TestKind.evidencedBy(Reports.failedDrill())).isEmpty();
        assertThat(TestKind.evidencedBy(Reports.stuckDrill())).isEmpty();
    }

    @Test
    void evidencedBy_realExecution_nothing() {
        assertThat(TestKind.evidencedBy(Reports.report(Mode.EXECUTE, ExecutionState.SUCCEEDED, Verdict.MET, false,
                Duration.ofMinutes(40), Reports.procedure3()))).isEmpty();
    }

    @Test
    void evidencedBy_failoverWithoutRestore_failoverDrill() {
        assertThat(TestKind.evidencedBy(Reports.drillOf(Reports.DNS))).contains(TestKind.FAILOVER_DRILL);
        assertThat(TestKind.evidencedBy(Reports.drillOf("Force Multi-AZ failover of vibe-postgres-production in"
                + " us-east-1"))).contains(TestKind.FAILOVER_DRILL);
        assertThat(TestKind.evidencedBy(Reports.drillOf("Fail over node group 0001 of cache vibe-redis-production"
                + " in us-east-1"))).contains(TestKind.FAILOVER_DRILL);
    }

    @Test
    void evidencedBy_restoreOnly_backupRestoration() {
        assertThat(TestKind.evidencedBy(Reports.drillOf(Reports.RESTORE,
                "Wait for GET https://api.vibe.dev/health to answer 200"))).contains(TestKind.BACKUP_RESTORATION);
    }

    @Test
    void evidencedBy_checksOnly_nothing() {
        assertThat(TestKind.evidencedBy(Reports.drillOf("Wait for GET https://api.vibe.dev/health to answer 200")))
                .isEmpty();
    }

    @Test
    void lastRuns_latestPassedDrillPerKind() {
        var later = Reports.drillOf(Reports.RESTORE);
        var laterFull = new io.drplan.core.ExecutionReport("exec-2", "vibe-region-failover", Mode.DRILL,
                later.source(), later.target(), later.tier(), later.objectives(), Reports.T0.plus(Duration.ofDays(7)),
                Reports.T0.plus(Duration.ofDays(7)), Instant.parse("2026-01-08T00:40:00Z"), null,
                ExecutionState.SUCCEEDED, Verdict.MET, null, null, null, Duration.ZERO, true,
                Reports.procedure3(), List.of());

        Map<TestKind, Instant> last = TestingSchedule.lastRuns(List.of(laterFull, Reports.passedDrill(),
                Reports.failedDrill(), later));

        assertThat(last).containsOnly(
                Map.entry(TestKind.FULL_DR_DRILL, Instant.parse("2026-01-08T00:40:00Z")),
                Map.entry(TestKind.BACKUP_RESTORATION, Instant.parse("2026-01-01T00:31:00Z")));
    }
}
