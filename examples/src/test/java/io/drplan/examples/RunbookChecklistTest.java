package io.drplan.examples;

import static io.drplan.core.runbook.DrillChecklist.Item.CONFIRM_DR_ENVIRONMENT;
import static io.drplan.core.runbook.DrillChecklist.Item.DOCUMENT_STEP_TIMES;
import static io.drplan.core.runbook.DrillChecklist.Item.EXECUTE_FAILOVER;
import static io.drplan.core.runbook.DrillChecklist.Item.NOTE_ISSUES;
import static io.drplan.core.runbook.DrillChecklist.Item.ROLLBACK_TO_PRIMARY;
import static io.drplan.core.runbook.DrillChecklist.Item.TEST_APPLICATION;
import static io.drplan.core.runbook.DrillChecklist.Item.VERIFY_BACKUP_INTEGRITY;
import static io.drplan.core.runbook.DrillChecklist.Item.VERIFY_DATA_INTEGRITY;
import static io.drplan.core.runbook.DrillChecklist.Status.DONE;
import static io.drplan.core.runbook.DrillChecklist.Status.MANUAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.core.runbook.DrillChecklist;
import io.drplan.core.runbook.DrillChecklist.Check;
import io.drplan.core.runbook.TestKind;
import io.drplan.core.runbook.TestStatus;
import io.drplan.core.runbook.TestingSchedule;
import io.drplan.testkit.DrTest;
import io.drplan.testkit.FakeCloud;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runbook's "Checklist for DR Drill" and testing schedule, filled in by a real Procedure 3 drill on the fake cloud. */
@DrTest
class RunbookChecklistTest {
    @Test
    void procedure3Drill_automatedChecklistItemsDoneWithEvidence(FakeCloud cloud, DrEngine engine) {
        ExecutionReport drill = engine.drill(VibePlans.regionFailover(Secret.of("x")));

        DrillChecklist checklist = DrillChecklist.evaluate(drill);
        String finalSnapshot = finalSnapshotOf(cloud);

        assertThat(checklist.checks()).filteredOn(c -> c.item().evidenced() && c.item() != NOTE_ISSUES).containsExactly(
                // a restore alone proves nothing about the backup's contents: no integrity check, no audit in this plan
                new Check(VERIFY_BACKUP_INTEGRITY, MANUAL, "the plan restores a backup but checks no integrity of the"
                        + " data restored; add s.auditBackups(BackupPolicy.runbook(), resources) or a"
                        + " s.checkIntegrity(..) after the restore, or restore a backup and check it by hand"),
                new Check(CONFIRM_DR_ENVIRONMENT, DONE, "succeeded: check-images, activate-dr-infra (Apply complete!"
                        + " Resources: 42 added, 0 changed, 0 destroyed.)"),
                new Check(EXECUTE_FAILOVER, DONE, "11 steps succeeded"),
                new Check(DOCUMENT_STEP_TIMES, DONE,
                        "the report's timeline: 11 steps timed, the longest restore-db 25m 07s"),
                // the replicated automated backups' latest restorable time (faithful to AWS; was 40m with the
                // testkit's former hourly automated snapshots in us-west-2, which AWS cannot have)
                new Check(VERIFY_DATA_INTEGRITY, MANUAL, "the plan checks no data (add s.checkIntegrity(..) after the"
                        + " restore); compare the restored data with the primary by hand; restore point 5m 00s old"
                        + " (estimated)"),
                new Check(TEST_APPLICATION, DONE, "succeeded: check-targets (3/3 targets healthy), check-pods"
                        + " (5/5 pods ready), check-services (services [vibe-backend, vibe-frontend] present),"
                        + " check-health (HTTP 200)"),
                new Check(ROLLBACK_TO_PRIMARY, MANUAL, "no fail-back plan ran: the drill only undid restore-db,"
                        + " update-config, dns-failover by compensation, which does not undo rollout restarts or"
                        + " Terraform; check the primary serves again, or drill with a fail-back plan"
                        + " (FailbackPlan.of(plan))"));
        Check notes = checklist.checks().stream().filter(c -> c.item() == NOTE_ISSUES).findFirst().orElseThrow();
        assertThat(notes.status()).isEqualTo(DONE);
        assertThat(notes.evidence()).isEqualTo("2 noted in the report: verify-primary: region us-east-1 is healthy"
                + " (is healthy: VPCs [available], AZs [available, available, available]); continuing because"
                + " the run is a drill; restore-db: deleted instance 'vibe-postgres-dr' in us-west-2 after final"
                + " snapshot " + finalSnapshot + " (restore it with: aws rds restore-db-instance-from-db-snapshot"
                + " --region us-west-2 --db-snapshot-identifier " + finalSnapshot
                + " --db-instance-identifier vibe-postgres-dr)");
        assertThat(checklist.withStatus(MANUAL)).hasSize(10);
        assertThat(checklist.toMarkdown()).contains(
                "- [x] Execute failover procedure: 11 steps succeeded\n",
                "- [x] Test application functionality: succeeded: check-targets (3/3 targets healthy), check-pods"
                        + " (5/5 pods ready), check-services (services \\[vibe-backend, vibe-frontend\\] present),"
                        + " check-health (HTTP 200)\n",
                "- [ ] Notify all stakeholders (manual: tell everyone the drill affects, before it starts)\n");
    }

    @Test
    void drillPlan_auditAndIntegrityCheck_evidenceBothIntegrityItems_measuredLossBesideTheEstimate(FakeCloud cloud,
                                                                                               DrEngine engine) {
        ExecutionReport drill = engine.drill(VibePlans.regionFailoverDrill(Secret.of("x")));
        DrillChecklist checklist = DrillChecklist.evaluate(drill);

        // restore point 5 min before the drill, checked 25m 01s into it while the primary kept writing
        assertThat(drill.rpo()).isEqualTo(Duration.ofMinutes(5));
        Duration loss = Duration.between(drill.restorePoint(), drill.step("verify-data").orElseThrow().finishedAt());
        assertThat(loss).isBetween(Duration.ofMinutes(30), Duration.ofMinutes(31));
        assertThat(drill.measuredDataLoss()).isEqualTo(loss);
        assertThat(drill.toString()).contains("RPO: restore point 2025-12-31T23:55:00Z is 5m 00s old against"
                + " objective 1h 00m -> met (estimated)\nMeasured data loss: " + io.drplan.core.Durations.format(loss)
                + " against objective 1h 00m -> met (" + io.drplan.core.Durations.format(loss.minusMinutes(5))
                + " more than the restore point's age: the primary kept taking writes in the "
                + io.drplan.core.Durations.format(loss.minusMinutes(5)) + " between the incident's start and verify-data"
                + "; a drill leaves it running)\n");
        assertThat(drill.toMarkdown()).contains("| Measured data loss | " + io.drplan.core.Durations.format(loss)
                + " of 1h 00m: within the RPO (" + io.drplan.core.Durations.format(loss.minusMinutes(5))
                + " more than the restore point's age: the primary kept taking writes in the ");
        assertThat(drill.toJson()).contains("\"measuredDataLoss\": \"" + loss + "\"",
                "\"kind\": \"RESTORE_DATABASE\"", "\"phase\": \"VERIFICATION\"");
        // the kind and traits are typed data of each step's report
        assertThat(drill.step("restore-db").orElseThrow()).extracting(s -> s.kind(), s -> s.mutating(),
                s -> s.compensable()).containsExactly(io.drplan.core.StepKind.RESTORE_DATABASE, true, true);
        assertThat(drill.step("check-health").orElseThrow()).extracting(s -> s.kind(), s -> s.mutating(),
                s -> s.compensable(), s -> s.idempotent()).containsExactly(io.drplan.core.StepKind.CHECK_HTTP, false,
                false, true);
        assertThat(checklist.check(VERIFY_DATA_INTEGRITY).status()).isEqualTo(DONE);
        assertThat(checklist.check(VERIFY_DATA_INTEGRITY).evidence()).matches("verify-data against the primary:"
                + " intact, measured data loss " + java.util.regex.Pattern.quote(io.drplan.core.Durations.format(loss))
                + " \\(\\d+ rows\\), RPO 1h 00m; restore point 5m 00s old \\(estimated\\)");
        assertThat(checklist.check(VERIFY_BACKUP_INTEGRITY)).isEqualTo(new Check(VERIFY_BACKUP_INTEGRITY, DONE,
                "audit-backups audited the backups against the policy: no findings; restore test: restore-db"
                        + " restored automated backups arn:aws:rds:us-west-2:123456789012:auto-backup:"
                        + "ab-vibe-postgres-production-us-east-1, and verify-data found the data intact"));
        assertThat(drill.phases()).extracting(p -> p.phase().name() + " " + p.steps()).containsExactly(
                "FAILOVER [verify-primary, check-images, activate-dr-infra, restore-db, update-config, restart-apps,"
                        + " dns-failover, audit-backups]",
                "VERIFICATION [check-targets, check-pods, check-services, check-health, verify-data]",
                "FAILBACK [restore-db, update-config, dns-failover]");
    }

    @Test
    void drillPlan_laggingRestore_measuredLossOverRpo_dataIntegrityFailed(FakeCloud cloud, DrEngine engine) {
        // the restored copy's newest order is 1h 40m older than the primary's: the replicated backups lagged
        cloud.integrity().answer("vibe-postgres-dr", new io.drplan.core.integrity.IntegrityReport(List.of(), List.of(),
                Duration.ofMinutes(100), 1_200));

        ExecutionReport drill = engine.drill(VibePlans.regionFailoverDrill(Secret.of("x")));

        assertThat(drill.rpo()).isEqualTo(Duration.ofMinutes(5));
        assertThat(drill.measuredDataLoss()).isEqualTo(Duration.ofMinutes(100));
        assertThat(drill.measuredLossWithinRpo()).isFalse();
        assertThat(drill.toString()).contains("is 5m 00s old against objective 1h 00m -> met (estimated)\n"
                + "Measured data loss: 1h 40m against objective 1h 00m -> MISSED (1h 35m more than the restore point's"
                + " age, more than the ");
        assertThat(drill.measuredLossBeyondRpo()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .endsWith(" between the incident's start and verify-data: the restored copy lacks data from before"
                        + " its restore point");
        assertThat(DrillChecklist.evaluate(drill).check(VERIFY_DATA_INTEGRITY)).isEqualTo(new Check(
                VERIFY_DATA_INTEGRITY, DrillChecklist.Status.FAILED, "verify-data against the primary: intact, measured"
                + " data loss 1h 40m (1200 rows) exceeds the RPO of 1h 00m; restore point 5m 00s old (estimated)"));
    }

    @Test
    void drillPlan_backupsOutOfPolicy_auditFindingsNamed(FakeCloud cloud, DrEngine engine) {
        cloud.caches().setSnapshotSettings(Region.of("us-east-1"), "vibe-redis-production", 1, "03:00-04:00");

        ExecutionReport drill = engine.drill(VibePlans.regionFailoverDrill(Secret.of("x")));

        Check backups = DrillChecklist.evaluate(drill).check(VERIFY_BACKUP_INTEGRITY);
        assertThat(backups.status()).isEqualTo(DrillChecklist.Status.FAILED);
        assertThat(backups.evidence()).startsWith("audit-backups found 1 difference from the backup policy: ")
                .contains("vibe-redis-production", "1 day");
    }

    @Test
    void procedure3Drill_evidencesTheQuarterlyFullDrDrill(FakeCloud cloud, DrEngine engine) {
        ExecutionReport drill = engine.drill(VibePlans.regionFailover(Secret.of("x")));

        assertThat(TestKind.evidencedBy(drill)).contains(TestKind.FULL_DR_DRILL);
        Map<TestKind, java.time.Instant> lastRuns = TestingSchedule.lastRuns(List.of(drill));
        assertThat(lastRuns).containsOnly(Map.entry(TestKind.FULL_DR_DRILL, drill.finishedAt()));
        List<TestStatus> due = TestingSchedule.runbook().dueAt(drill.finishedAt().plus(Duration.ofDays(1)), lastRuns);
        assertThat(due).extracting(TestStatus::kind).containsExactly(TestKind.BACKUP_RESTORATION,
                TestKind.FAILOVER_DRILL, TestKind.TABLETOP_EXERCISE);
    }

    /** The final snapshot the drill's undo of restore-db took (its id carries the execution id). */
    private static String finalSnapshotOf(FakeCloud cloud) {
        return cloud.databases().listSnapshots(Region.of("us-west-2"), "vibe-postgres-dr",
                io.drplan.core.spi.DatabaseProvider.SnapshotType.MANUAL).stream().map(s -> s.id())
                .filter(id -> id.startsWith("drplan-final-")).findFirst().orElseThrow();
    }
}
