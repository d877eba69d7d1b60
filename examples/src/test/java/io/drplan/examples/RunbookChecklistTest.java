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
                new Check(VERIFY_BACKUP_INTEGRITY, DONE, "restore-db restored automated backups"
                        + " arn:aws:rds:us-west-2:123456789012:auto-backup:ab-vibe-postgres-production-us-east-1"),
                new Check(CONFIRM_DR_ENVIRONMENT, DONE, "succeeded: check-images, activate-dr-infra (Apply complete!"
                        + " Resources: 42 added, 0 changed, 0 destroyed.)"),
                new Check(EXECUTE_FAILOVER, DONE, "11 steps succeeded"),
                new Check(DOCUMENT_STEP_TIMES, DONE,
                        "the report's timeline: 11 steps timed, the longest restore-db 25m 07s"),
                // the replicated automated backups' latest restorable time (faithful to AWS; was 40m with the
                // testkit's former hourly automated snapshots in us-west-2, which AWS cannot have)
                new Check(VERIFY_DATA_INTEGRITY, DONE, "restore point 5m 00s old, RPO 1h 00m"),
                new Check(TEST_APPLICATION, DONE, "succeeded: check-targets (3/3 targets healthy), check-pods"
                        + " (5/5 pods ready), check-services (services [vibe-backend, vibe-frontend] present),"
                        + " check-health (HTTP 200)"),
                new Check(ROLLBACK_TO_PRIMARY, DONE, "failed back; undid restore-db, update-config, dns-failover"));
        Check notes = checklist.checks().stream().filter(c -> c.item() == NOTE_ISSUES).findFirst().orElseThrow();
        assertThat(notes.status()).isEqualTo(DONE);
        assertThat(notes.evidence()).startsWith("3 noted in the report: verify-primary: region us-east-1 is healthy"
                + " (is healthy: VPCs [available], AZs [available, available, available]); continuing because"
                + " the run is a drill; restore-db: deleted instance 'vibe-postgres-dr' in us-west-2 after final"
                + " snapshot " + finalSnapshot + " (restore it with: aws rds restore-db-instance-from-db-snapshot"
                + " --region us-west-2 --db-snapshot-identifier " + finalSnapshot
                + " --db-instance-identifier vibe-postgres-dr); dns-failover: put back [PRIMARY api.vibe.dev. CNAME"
                + " [primary] -> vibe-alb-use1.us-east-1.elb.amazonaws.com ttl 60 health check hc-vibe-primary,"
                + " SECONDARY api.vibe.dev. CNAME [secondary] -> vibe-alb-usw2.us-west-2.elb.amazonaws.com ttl 60"
                + " health check hc-vibe-dr] (change /change/");
        assertThat(checklist.withStatus(MANUAL)).hasSize(7);
        assertThat(checklist.toMarkdown()).contains(
                "- [x] Execute failover procedure: 11 steps succeeded\n",
                "- [x] Test application functionality: succeeded: check-targets (3/3 targets healthy), check-pods"
                        + " (5/5 pods ready), check-services (services \\[vibe-backend, vibe-frontend\\] present),"
                        + " check-health (HTTP 200)\n",
                "- [ ] Notify all stakeholders (manual: tell everyone the drill affects, before it starts)\n");
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
