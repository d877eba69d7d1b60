package io.drplan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.core.StepKind;
import io.drplan.core.integrity.Finding;
import io.drplan.core.integrity.IntegrityReport;
import io.drplan.core.runbook.TestKind;
import io.drplan.core.runbook.TestStatus;
import io.drplan.core.runbook.TestingSchedule;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.testkit.DrTest;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Testing Schedule's weekly backup restoration, run, and the schedule computed from the journal store. */
@DrTest
class BackupRestorationTestTest {
    private static final Region EAST = Region.of("us-east-1");

    private static String scratch(VirtualScheduler time) {
        return "vibe-restore-test-" + LocalDate.ofInstant(time.now(), ZoneOffset.UTC).toString().replace("-", "");
    }

    @Test
    void backupRestoration_restoresChecksAndDeletesTheScratch_andTheScheduleCountsIt(FakeCloud cloud, DrEngine engine,
                                                                                     VirtualScheduler time) {
        String scratch = scratch(time);
        cloud.integrity().answerFromRestorePoint(scratch, EAST, 12);
        // before: no test in the journal store, so every test that can run is due
        assertThat(TestingSchedule.runbook().dueAt(time.now(), cloud.journal())).extracting(TestStatus::kind)
                .contains(TestKind.BACKUP_RESTORATION);

        ExecutionReport report = engine.execute(VibePlans.backupRestorationTest(
                LocalDate.ofInstant(time.now(), ZoneOffset.UTC), Secret.of("pw")));

        assertThat(report.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(report.steps()).extracting(s -> s.kind()).containsExactly(StepKind.RESTORE_DATABASE,
                StepKind.CHECK_INTEGRITY, StepKind.DELETE_DATABASE);
        assertThat(report.measuredDataLoss()).isPositive().isLessThan(Duration.ofHours(25));
        time.advance(Duration.ofMinutes(10));   // RDS takes a while to delete (status deleting)
        assertThat(cloud.databases().findInstance(EAST, scratch)).isEmpty();
        assertThat(cloud.databases().listSnapshots(EAST, scratch, SnapshotType.MANUAL)).singleElement()
                .satisfies(s -> assertThat(s.id()).startsWith("drplan-final-").endsWith("-delete-scratch"));
        assertThat(TestKind.evidencedBy(report)).contains(TestKind.BACKUP_RESTORATION);
        // after: the weekly restoration is not due for a week; the journal store is the record
        assertThat(TestingSchedule.lastRuns(cloud.journal())).containsOnly(
                java.util.Map.entry(TestKind.BACKUP_RESTORATION, report.finishedAt()));
        assertThat(TestingSchedule.runbook().dueAt(report.finishedAt().plus(Duration.ofDays(1)), cloud.journal()))
                .extracting(TestStatus::kind).doesNotContain(TestKind.BACKUP_RESTORATION);
        List<TestStatus> later = TestingSchedule.runbook().statusAt(report.finishedAt().plus(Duration.ofDays(9)),
                TestingSchedule.lastRuns(cloud.journal()));
        assertThat(later).filteredOn(t -> t.kind() == TestKind.BACKUP_RESTORATION).singleElement()
                .satisfies(t -> assertThat(t.state()).isEqualTo(TestStatus.State.OVERDUE));
    }

    @Test
    void backupRestoration_corruptedSnapshot_failsAndDoesNotCount(FakeCloud cloud, DrEngine engine,
                                                                  VirtualScheduler time) {
        String scratch = scratch(time);
        cloud.integrity().answer(scratch, new IntegrityReport(List.of(new Finding("orders", Finding.Kind.CHECKSUM,
                "id in [0, 10000): 10000 rows with other contents")), List.of(), Duration.ofHours(3), 40));

        ExecutionReport report = engine.execute(VibePlans.backupRestorationTest(
                LocalDate.ofInstant(time.now(), ZoneOffset.UTC), Secret.of("pw")));

        assertThat(report.state()).isEqualTo(ExecutionState.COMPENSATED);
        assertThat(report.step("check-restored").orElseThrow().error()).contains("orders CHECKSUM");
        // undone: the scratch instance deleted after a final snapshot by the restore's undo
        time.advance(Duration.ofMinutes(10));
        assertThat(cloud.databases().findInstance(EAST, scratch)).isEmpty();
        assertThat(TestingSchedule.lastRuns(cloud.journal())).isEmpty();
    }
}
