package io.drplan.core.runbook;

import static io.drplan.core.runbook.DrillChecklist.Item.CONFIRM_DR_ENVIRONMENT;
import static io.drplan.core.runbook.DrillChecklist.Item.DOCUMENT_STEP_TIMES;
import static io.drplan.core.runbook.DrillChecklist.Item.EXECUTE_FAILOVER;
import static io.drplan.core.runbook.DrillChecklist.Item.NOTE_ISSUES;
import static io.drplan.core.runbook.DrillChecklist.Item.NOTIFY_STAKEHOLDERS;
import static io.drplan.core.runbook.DrillChecklist.Item.ROLLBACK_TO_PRIMARY;
import static io.drplan.core.runbook.DrillChecklist.Item.TEST_APPLICATION;
import static io.drplan.core.runbook.DrillChecklist.Item.VERIFY_BACKUP_INTEGRITY;
import static io.drplan.core.runbook.DrillChecklist.Item.VERIFY_DATA_INTEGRITY;
import static io.drplan.core.runbook.DrillChecklist.Status.DONE;
import static io.drplan.core.runbook.DrillChecklist.Status.FAILED;
import static io.drplan.core.runbook.DrillChecklist.Status.MANUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.Verdict;
import io.drplan.core.runbook.DrillChecklist.Check;
import io.drplan.core.runbook.DrillChecklist.Item;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillChecklistTest {
    private static final String APP = "succeeded: check-targets (3/3 targets healthy), check-pods (5/5 pods ready),"
            + " check-services, check-health (HTTP 200)";

    private static final String NO_INTEGRITY = "the plan checks no data (add s.checkIntegrity(..) after the"
            + " restore); compare the restored data with the primary by hand";
    private static final String COMPENSATED_ONLY = "no fail-back plan ran: the drill only undid restore-db,"
            + " update-config, dns-failover by compensation, which does not undo rollout restarts or Terraform; check"
            + " the primary serves again, or drill with a fail-back plan (FailbackPlan.of(plan))";

    private static List<Check> automated(DrillChecklist c) {
        return c.checks().stream().filter(x -> x.item().evidenced()).toList();
    }

    @Test
    void items_areTheRunbooksVerbatim_inOrder() {
        assertThat(Arrays.stream(Item.values()).map(i -> i.phase().title() + ": " + i.text())).containsExactly(
                "Pre-Drill: Notify all stakeholders", "Pre-Drill: Verify backup integrity",
                "Pre-Drill: Confirm DR environment is ready", "Pre-Drill: Prepare runbooks",
                "Pre-Drill: Set up monitoring for drill",
                "During Drill: Execute failover procedure", "During Drill: Document time to complete each step",
                "During Drill: Note any issues encountered", "During Drill: Verify data integrity",
                "During Drill: Test application functionality",
                "Post-Drill: Rollback to primary region", "Post-Drill: Document lessons learned",
                "Post-Drill: Update procedures", "Post-Drill: Share findings with team",
                "Post-Drill: Schedule follow-up improvements");
    }

    @Test
    void evaluate_passedDrill_everyAutomatedItemDoneWithEvidence() {
        DrillChecklist c = DrillChecklist.evaluate(Reports.passedDrill());

        assertThat(automated(c)).containsExactly(
                new Check(VERIFY_BACKUP_INTEGRITY, MANUAL, "the plan restores a backup but checks no integrity of the"
                        + " data restored; add s.auditBackups(BackupPolicy.runbook(), resources) or a"
                        + " s.checkIntegrity(..) after the restore, or restore a backup and check it by hand"),
                new Check(CONFIRM_DR_ENVIRONMENT, DONE, "succeeded: check-images, activate-dr-infra (Apply"
                        + " complete! Resources: 42 added, 0 changed, 0 destroyed.)"),
                new Check(EXECUTE_FAILOVER, DONE, "11 steps succeeded"),
                new Check(DOCUMENT_STEP_TIMES, DONE,
                        "the report's timeline: 11 steps timed, the longest restore-db 25m 00s"),
                new Check(NOTE_ISSUES, DONE, "none: no step failed, retried or left a note"),
                new Check(VERIFY_DATA_INTEGRITY, MANUAL, NO_INTEGRITY + "; restore point 40m 00s old (estimated)"),
                new Check(TEST_APPLICATION, DONE, APP),
                new Check(ROLLBACK_TO_PRIMARY, MANUAL, COMPENSATED_ONLY));
        assertThat(c.withStatus(MANUAL)).extracting(Check::item).containsExactly(NOTIFY_STAKEHOLDERS,
                VERIFY_BACKUP_INTEGRITY, Item.PREPARE_RUNBOOKS, Item.SET_UP_MONITORING, VERIFY_DATA_INTEGRITY,
                ROLLBACK_TO_PRIMARY, Item.DOCUMENT_LESSONS, Item.UPDATE_PROCEDURES, Item.SHARE_FINDINGS,
                Item.SCHEDULE_IMPROVEMENTS);
        assertThat(c.isComplete()).isFalse();
    }

    @Test
    void evaluate_failedDrill_failedItemsSayWhy() {
        DrillChecklist c = DrillChecklist.evaluate(Reports.failedDrill());

        assertThat(automated(c)).containsExactly(
                new Check(VERIFY_BACKUP_INTEGRITY, FAILED, "restore-db failed: region us-west-2 is down"),
                new Check(CONFIRM_DR_ENVIRONMENT, DONE, "succeeded: check-images, activate-dr-infra"),
                new Check(EXECUTE_FAILOVER, FAILED,
                        "restore-db failed: region us-west-2 is down; 3 of 11 steps succeeded; 7 did not run"),
                new Check(DOCUMENT_STEP_TIMES, DONE,
                        "the report's timeline: 4 steps timed, the longest activate-dr-infra 12m 00s"),
                new Check(NOTE_ISSUES, DONE, "1 noted in the report: restore-db failed: region us-west-2 is down"),
                new Check(VERIFY_DATA_INTEGRITY, MANUAL, NO_INTEGRITY),
                new Check(TEST_APPLICATION, FAILED, "check-targets did not run; check-pods did not run;"
                        + " check-services did not run; check-health did not run"),
                new Check(ROLLBACK_TO_PRIMARY, MANUAL, "no fail-back plan ran: the drill only undid activate-dr-infra"
                        + " by compensation, which does not undo rollout restarts or Terraform; check the primary"
                        + " serves again, or drill with a fail-back plan (FailbackPlan.of(plan))"));
    }

    @Test
    void evaluate_drillThatDidNotFailBack_rollbackFailedNamingTheCompensation() {
        DrillChecklist c = DrillChecklist.evaluate(Reports.stuckDrill());

        assertThat(c.check(ROLLBACK_TO_PRIMARY)).isEqualTo(new Check(ROLLBACK_TO_PRIMARY, FAILED,
                "undoing dns-failover failed: the circuit breaker for route53/global is open;"
                        + " people must finish the rollback"));
        assertThat(c.check(EXECUTE_FAILOVER).status()).isEqualTo(DONE);
        assertThat(c.check(NOTE_ISSUES).evidence()).isEqualTo("1 noted in the report: undoing dns-failover failed:"
                + " the circuit breaker for route53/global is open");
    }

    @Test
    void evaluate_failedAndNothingUndone_rollbackFailed() {
        ExecutionReport failed = Reports.failedDrill();
        ExecutionReport r = Reports.report(Mode.DRILL, ExecutionState.FAILED, Verdict.FAILED, false, null,
                failed.steps());

        assertThat(DrillChecklist.evaluate(r).check(ROLLBACK_TO_PRIMARY)).isEqualTo(new Check(ROLLBACK_TO_PRIMARY,
                FAILED, "the drill ended FAILED without failing back; roll back by hand"));
    }

    @Test
    void evaluate_restorePointOlderThanRpoButNoIntegrityCheck_dataIntegrityManual_theAgeIsOnlyAnEstimate() {
        ExecutionReport r = Reports.report(Mode.DRILL, ExecutionState.SUCCEEDED, Verdict.RPO_MISSED, true,
                Duration.ofMinutes(80), Reports.procedure3());

        assertThat(DrillChecklist.evaluate(r).check(VERIFY_DATA_INTEGRITY)).isEqualTo(new Check(
                VERIFY_DATA_INTEGRITY, MANUAL, NO_INTEGRITY + "; restore point 1h 20m old (estimated)"));
    }

    private static ExecutionReport withStep(int at, StepReport step) {
        List<StepReport> steps = new ArrayList<>(Reports.procedure3());
        steps.add(at, step);
        return Reports.report(Mode.DRILL, ExecutionState.SUCCEEDED, Verdict.MET, true, Duration.ofMinutes(40), steps);
    }

    private static StepReport integrity(StepOutcome outcome, Duration loss, List<String> findings) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        if (outcome == StepOutcome.SUCCEEDED) {
            out.put("intact", findings.isEmpty());
            out.put("findings", findings);
            out.put("rowsLost", 37L);
            out.put("measuredLoss", loss);
            out.put("reference", "primary");
        }
        StepReport s = Reports.step("verify-data", "Verify data integrity of the database restored by restore-db"
                + " against the primary: orders", outcome, 25, 1, out);
        return outcome == StepOutcome.FAILED ? new StepReport(s.id(), s.description(), s.outcome(), s.startedAt(),
                s.finishedAt(), 1, Map.of(), "the restored database differs from the primary: orders CHECKSUM:"
                + " id in [0, 100)", List.of(), Map.of(), null, null, List.of(), s.kind(), s.phase()) : s;
    }

    @Test
    void evaluate_integrityCheckWithinRpo_dataIntegrityDone_andARestoreTestVerifiesTheBackup() {
        DrillChecklist c = DrillChecklist.evaluate(withStep(4, integrity(StepOutcome.SUCCEEDED,
                Duration.ofMinutes(4), List.of())));

        assertThat(c.check(VERIFY_DATA_INTEGRITY)).isEqualTo(new Check(VERIFY_DATA_INTEGRITY, DONE,
                "verify-data against the primary: intact, measured data loss 4m 00s (37 rows), RPO 1h 00m;"
                        + " restore point 40m 00s old (estimated)"));
        assertThat(c.check(VERIFY_BACKUP_INTEGRITY)).isEqualTo(new Check(VERIFY_BACKUP_INTEGRITY, DONE,
                "restore test: restore-db restored snapshot rds:vibe-postgres-production-2025-12-31-23-20, and"
                        + " verify-data found the data intact"));
    }

    @Test
    void evaluate_measuredLossOverRpo_dataIntegrityFailed() {
        DrillChecklist c = DrillChecklist.evaluate(withStep(4, integrity(StepOutcome.SUCCEEDED,
                Duration.ofMinutes(95), List.of())));

        assertThat(c.check(VERIFY_DATA_INTEGRITY)).isEqualTo(new Check(VERIFY_DATA_INTEGRITY, FAILED,
                "verify-data against the primary: intact, measured data loss 1h 35m (37 rows) exceeds the RPO of"
                        + " 1h 00m; restore point 40m 00s old (estimated)"));
    }

    @Test
    void evaluate_integrityCheckFoundDifferences_bothIntegrityItemsFailedWithTheReason() {
        DrillChecklist c = DrillChecklist.evaluate(withStep(4, integrity(StepOutcome.FAILED, null, List.of())));

        String why = "verify-data failed: the restored database differs from the primary: orders CHECKSUM: id in"
                + " [0, 100)";
        assertThat(c.check(VERIFY_DATA_INTEGRITY)).isEqualTo(new Check(VERIFY_DATA_INTEGRITY, FAILED,
                why + "; restore point 40m 00s old (estimated)"));
        assertThat(c.check(VERIFY_BACKUP_INTEGRITY)).isEqualTo(new Check(VERIFY_BACKUP_INTEGRITY, FAILED, why));
    }

    private static StepReport audit(List<String> findings) {
        return Reports.step("audit-backups", "Verify backup integrity: audit vibe-postgres-production against the"
                + " backup policy", StepOutcome.SUCCEEDED, 0, 0, Map.of("findings", findings));
    }

    @Test
    void evaluate_cleanAudit_backupIntegrityDone() {
        DrillChecklist c = DrillChecklist.evaluate(withStep(0, audit(List.of())));

        assertThat(c.check(VERIFY_BACKUP_INTEGRITY)).isEqualTo(new Check(VERIFY_BACKUP_INTEGRITY, DONE,
                "audit-backups audited the backups against the policy: no findings"));
    }

    @Test
    void evaluate_auditWithFindings_backupIntegrityFailedNamingThem() {
        DrillChecklist c = DrillChecklist.evaluate(withStep(0, audit(List.of(
                "MEDIUM vibe-redis-production: snapshot retention expected 3 days but was 1"))));

        assertThat(c.check(VERIFY_BACKUP_INTEGRITY)).isEqualTo(new Check(VERIFY_BACKUP_INTEGRITY, FAILED,
                "audit-backups found 1 difference from the backup policy: MEDIUM vibe-redis-production: snapshot"
                        + " retention expected 3 days but was 1"));
    }

    private static ExecutionReport withFailback(StepOutcome dnsBack) {
        ExecutionReport drill = Reports.passedDrill();
        StepReport back = Reports.step("failback-dns", Reports.DNS, dnsBack, 40, 1);
        ExecutionReport fb = Reports.report(Mode.EXECUTE, dnsBack == StepOutcome.SUCCEEDED ? ExecutionState.SUCCEEDED
                : ExecutionState.FAILED, Verdict.MET, false, null, List.of(back));
        return drill.withFailback(fb, "fail-back plan vibe-region-failover-failback", List.of());
    }

    @Test
    void evaluate_failbackPlanSucceeded_rollbackDone() {
        DrillChecklist c = DrillChecklist.evaluate(withFailback(StepOutcome.SUCCEEDED));

        assertThat(c.check(ROLLBACK_TO_PRIMARY)).isEqualTo(new Check(ROLLBACK_TO_PRIMARY, DONE,
                "the fail-back plan succeeded: failback-dns"));
        assertThat(c.check(EXECUTE_FAILOVER).evidence()).isEqualTo("11 steps succeeded");
    }

    @Test
    void evaluate_failbackPlanFailed_rollbackFailed() {
        DrillChecklist c = DrillChecklist.evaluate(withFailback(StepOutcome.FAILED));

        assertThat(c.check(ROLLBACK_TO_PRIMARY)).isEqualTo(new Check(ROLLBACK_TO_PRIMARY, FAILED,
                "the fail-back plan did not finish: failback-dns failed: region us-west-2 is down; people must"
                        + " finish the rollback"));
    }

    @Test
    void evaluate_planWithoutRestoreOrChecks_thoseItemsManual() {
        DrillChecklist c = DrillChecklist.evaluate(Reports.drillOf(Reports.DNS));

        assertThat(automated(c)).extracting(Check::item, Check::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(VERIFY_BACKUP_INTEGRITY, MANUAL),
                org.assertj.core.groups.Tuple.tuple(CONFIRM_DR_ENVIRONMENT, MANUAL),
                org.assertj.core.groups.Tuple.tuple(EXECUTE_FAILOVER, DONE),
                org.assertj.core.groups.Tuple.tuple(DOCUMENT_STEP_TIMES, DONE),
                org.assertj.core.groups.Tuple.tuple(NOTE_ISSUES, DONE),
                org.assertj.core.groups.Tuple.tuple(VERIFY_DATA_INTEGRITY, MANUAL),
                org.assertj.core.groups.Tuple.tuple(TEST_APPLICATION, MANUAL),
                org.assertj.core.groups.Tuple.tuple(ROLLBACK_TO_PRIMARY, MANUAL));
        assertThat(c.check(VERIFY_BACKUP_INTEGRITY).evidence()).isEqualTo("the plan neither audits the backups nor"
                + " tests a restore; add s.auditBackups(BackupPolicy.runbook(), resources) or a s.checkIntegrity(..)"
                + " after the restore, or restore a backup and check it by hand");
        assertThat(c.check(VERIFY_DATA_INTEGRITY).evidence()).isEqualTo(NO_INTEGRITY);
        assertThat(c.check(EXECUTE_FAILOVER).evidence()).isEqualTo("1 step succeeded");
    }

    @Test
    void evaluate_retriesAndNotes_notedAsIssues() {
        List<StepReport> steps = new ArrayList<>(Reports.procedure3());
        StepReport restore = steps.get(3);
        steps.set(3, new StepReport(restore.id(), restore.description(), StepOutcome.COMPENSATED,
                restore.startedAt(), restore.finishedAt(), 4, Map.of(), null,
                List.of("snapshot copy was still pending"), restore.outputs(), restore.compensatedAt(), null,
                List.of()).as(restore.kind(), restore.phase()));
        ExecutionReport base = Reports.passedDrill();
        ExecutionReport r = new ExecutionReport(base.executionId(), base.planName(), base.mode(), base.source(),
                base.target(), base.tier(), base.objectives(), base.incidentStartedAt(), base.startedAt(),
                base.finishedAt(), base.recoveredAt(), base.state(), base.verdict(), base.achievedRto(),
                base.restorePoint(), base.rpo(), base.criticalPath(), true, steps,
                List.of("forced by the operator past safety guards"));

        assertThat(DrillChecklist.evaluate(r).check(NOTE_ISSUES).evidence()).isEqualTo("3 noted in the report:"
                + " restore-db took 4 attempts; restore-db: snapshot copy was still pending;"
                + " forced by the operator past safety guards");
    }

    @Test
    void evaluate_backupFreshnessCheckWithoutRestore_backupVerifiedDataManual() {
        ExecutionReport base = Reports.drillOf(Reports.DNS);
        List<StepReport> steps = new ArrayList<>(base.steps());
        steps.add(0, Reports.step("check-backups", "Verify backup integrity: the newest snapshot of"
                + " vibe-postgres-production in us-west-2 is at most 1h 00m old", StepOutcome.SUCCEEDED, 0, 0,
                Map.of("snapshotId", "rds:vibe-postgres-production-2025-12-31-23-20")));
        ExecutionReport r = Reports.report(Mode.DRILL, ExecutionState.SUCCEEDED, Verdict.MET, true,
                Duration.ofMinutes(40), steps);

        DrillChecklist c = DrillChecklist.evaluate(r);

        assertThat(c.check(VERIFY_BACKUP_INTEGRITY)).isEqualTo(new Check(VERIFY_BACKUP_INTEGRITY, MANUAL,
                "the plan checks only the age of the newest snapshot; add s.auditBackups(BackupPolicy.runbook(),"
                        + " resources) or a s.checkIntegrity(..) after the restore, or restore a backup and check it"
                        + " by hand"));
        assertThat(c.check(VERIFY_DATA_INTEGRITY)).isEqualTo(new Check(VERIFY_DATA_INTEGRITY, MANUAL,
                NO_INTEGRITY + "; restore point 40m 00s old (estimated)"));
    }

    @Test
    void evaluate_realExecution_rejected() {
        ExecutionReport r = Reports.report(Mode.EXECUTE, ExecutionState.SUCCEEDED, Verdict.MET, false,
                Duration.ofMinutes(40), Reports.procedure3());

        assertThatThrownBy(() -> DrillChecklist.evaluate(r))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill.mode() must be DRILL but was EXECUTE (execution exec-1); run engine.drill(plan),"
                        + " or use PostIncidentActions.of(report) for a real incident");
    }

    @Test
    void tick_manualItem_doneWithPeoplesEvidence() {
        DrillChecklist c = DrillChecklist.evaluate(Reports.passedDrill());

        DrillChecklist ticked = c.tick(NOTIFY_STAKEHOLDERS, "announced in #dr on 2026-01-01");

        assertThat(ticked.check(NOTIFY_STAKEHOLDERS))
                .isEqualTo(new Check(NOTIFY_STAKEHOLDERS, DONE, "announced in #dr on 2026-01-01"));
        assertThat(c.check(NOTIFY_STAKEHOLDERS).status()).isEqualTo(MANUAL);
        assertThat(ticked.withStatus(MANUAL)).hasSize(9);
    }

    @Test
    void tick_everyManualItem_complete() {
        DrillChecklist c = DrillChecklist.evaluate(withFailback(StepOutcome.SUCCEEDED));
        for (Check m : c.withStatus(MANUAL)) {
            c = c.tick(m.item(), "done by the drill lead");
        }

        assertThat(c.isComplete()).isTrue();
    }

    @Test
    void tick_failedItem_rejected() {
        DrillChecklist c = DrillChecklist.evaluate(Reports.stuckDrill());

        assertThatThrownBy(() -> c.tick(ROLLBACK_TO_PRIMARY, "fixed DNS by hand"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("item ROLLBACK_TO_PRIMARY must be MANUAL to tick but was FAILED (undoing dns-failover"
                        + " failed: the circuit breaker for route53/global is open; people must finish the rollback);"
                        + " fix the drill and run it again instead");
    }

    @Test
    void tick_blankEvidence_rejected() {
        DrillChecklist c = DrillChecklist.evaluate(Reports.passedDrill());

        assertThatThrownBy(() -> c.tick(Item.DOCUMENT_LESSONS, "  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("evidence for DOCUMENT_LESSONS must not be blank but was '  ';"
                        + " say what was done, e.g. \"announced in #dr\"");
    }

    @Test
    void toMarkdown_passedDrill_taskListUnderTheRunbooksHeadings() {
        assertThat(DrillChecklist.evaluate(Reports.passedDrill()).toMarkdown()).isEqualTo("""
                # Checklist for DR Drill: vibe-region-failover

                Drill `exec-1`: 5 done, 0 failed, 10 to do by hand.

                ## Pre-Drill
                - [ ] Notify all stakeholders (manual: tell everyone the drill affects, before it starts)
                - [ ] Verify backup integrity (manual: the plan restores a backup but checks no integrity of the data \
                restored; add s.auditBackups(BackupPolicy.runbook(), resources) or a s.checkIntegrity(..) after the \
                restore, or restore a backup and check it by hand)
                - [x] Confirm DR environment is ready: succeeded: check-images, activate-dr-infra (Apply complete! \
                Resources: 42 added, 0 changed, 0 destroyed.)
                - [ ] Prepare runbooks (manual: have the runbook and this plan at hand)
                - [ ] Set up monitoring for drill (manual: watch dashboards and alerts during the drill)

                ## During Drill
                - [x] Execute failover procedure: 11 steps succeeded
                - [x] Document time to complete each step: the report's timeline: 11 steps timed, the longest \
                restore-db 25m 00s
                - [x] Note any issues encountered: none: no step failed, retried or left a note
                - [ ] Verify data integrity (manual: the plan checks no data (add s.checkIntegrity(..) after the \
                restore); compare the restored data with the primary by hand; restore point 40m 00s old (estimated))
                - [x] Test application functionality: succeeded: check-targets (3/3 targets healthy), check-pods \
                (5/5 pods ready), check-services, check-health (HTTP 200)

                ## Post-Drill
                - [ ] Rollback to primary region (manual: no fail-back plan ran: the drill only undid restore-db, \
                update-config, dns-failover by compensation, which does not undo rollout restarts or Terraform; check \
                the primary serves again, or drill with a fail-back plan (FailbackPlan.of(plan)))
                - [ ] Document lessons learned (manual: write down what went well and what did not)
                - [ ] Update procedures (manual: change the runbook and the plan where the drill showed gaps)
                - [ ] Share findings with team (manual: share this checklist and the drill report with the team)
                - [ ] Schedule follow-up improvements (manual: put the follow-up work on the backlog with owners and \
                dates)
                """);
    }

    @Test
    void toMarkdown_failedItem_boldAndEscaped() {
        List<StepReport> steps = new ArrayList<>(Reports.failedDrill().steps());
        StepReport restore = steps.get(3);
        steps.set(3, new StepReport(restore.id(), restore.description(), StepOutcome.FAILED, restore.startedAt(),
                restore.finishedAt(), 1, Map.of(), "snapshot *rds:db_2026* not found\nin us-west-2", List.of(),
                Map.of(), null, null, List.of()).as(restore.kind(), restore.phase()));
        ExecutionReport r = Reports.report(Mode.DRILL, ExecutionState.COMPENSATED, Verdict.FAILED, false, null,
                steps);

        assertThat(DrillChecklist.evaluate(r).toMarkdown()).contains("- [ ] Verify backup integrity: **FAILED**:"
                + " restore-db failed: snapshot \\*rds:db\\_2026\\* not found in us-west-2\n");
    }

    @Test
    void toString_oneLinePerItemWithStatus() {
        assertThat(DrillChecklist.evaluate(Reports.failedDrill()).toString()).startsWith("""
                Checklist for DR Drill: vibe-region-failover (drill exec-1): 3 done, 3 failed, 9 to do by hand
                Pre-Drill
                  [MANUAL] Notify all stakeholders: tell everyone the drill affects, before it starts
                  [FAILED] Verify backup integrity: restore-db failed: region us-west-2 is down
                  [DONE  ] Confirm DR environment is ready: succeeded: check-images, activate-dr-infra
                """);
    }
}
