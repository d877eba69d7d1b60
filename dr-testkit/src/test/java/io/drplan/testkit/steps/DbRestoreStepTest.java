package io.drplan.testkit.steps;

import io.drplan.core.step.*;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Region;
import io.drplan.core.RunOptions;
import io.drplan.core.StepOutcome;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import io.drplan.testkit.fake.FakeDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Restore sources and their restore points, ownership and undo of {@code restoreLatest}, on the fake cloud. */
class DbRestoreStepTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final String DB = "vibe-postgres-production";
    private static final String DR_DB = "vibe-postgres-dr";

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.vibePlatform(time);
    private final Instant t0 = time.now();

    private DrEngine engine() {
        return DrEngine.builder().providers(cloud.providers()).scheduler(time).seed(7).build();
    }

    private static DrPlan plan(UnaryOperator<DbRestoreStep> restore, boolean failAfter) {
        var stage = DrPlan.region("us-east-1").failoverTo("us-west-2").named("restore-only")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("restore-db", s -> restore.apply(s.restoreLatest(DB).as(DR_DB)
                        .subnetGroup("vibe-db-subnet-group-dr").securityGroups("sg-0vibedr")));
        if (failAfter) {
            stage = stage.step("boom", s -> s.custom("Fail after the restore", ctx -> java.util.concurrent.CompletableFuture.failedFuture(new io.drplan.core.StepFailedException("boom")))
                    .after("restore-db"));
        }
        return stage.build();
    }

    /** A plan where {@code meanwhile} runs between the preflight and a snapshot restore of any type. */
    private static DrPlan snapshotPlanAfter(java.util.function.Function<io.drplan.core.step.StepContext,
            java.util.concurrent.CompletionStage<java.util.Map<String, Object>>> meanwhile) {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("restore-only")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("meanwhile", s -> s.custom("meanwhile", meanwhile))
                .step("restore-db", s -> s.restoreLatestSnapshot(DB).snapshotType(SnapshotType.ANY).as(DR_DB)
                        .subnetGroup("vibe-db-subnet-group-dr").securityGroups("sg-0vibedr").after("meanwhile"))
                .build();
    }

    @Test
    void snapshotDeletedAfterThePreflightFoundIt_restoreRefusedThenTheNewestLeftIsChosen() {
        // given: the preflight finds the newest snapshot; before the restore, someone deletes it
        cloud.databases().addSnapshot(WEST, DB, "vibe-manual-snapshot-fresh-dr", SnapshotType.MANUAL,
                t0.minus(Duration.ofMinutes(10)));
        DrPlan p = snapshotPlanAfter(ctx -> {
            cloud.databases().deleteSnapshot(WEST, "vibe-manual-snapshot-fresh-dr");
            return java.util.concurrent.CompletableFuture.completedFuture(java.util.Map.of());
        });

        // when
        ExecutionReport report = engine().execute(p);

        // then: the restore RDS refused (nothing created) was followed by a new choice among what is there
        var step = report.step("restore-db").orElseThrow();
        assertThat(step.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(step.outputs()).containsEntry("snapshotId", "vibe-manual-snapshot-20251225-dr");
        assertThat(step.notes()).anyMatch(n -> n.startsWith("the preflight's reading was out of date (")
                && n.endsWith("); read again"));
        assertThat(cloud.calls("rds:RestoreDBInstanceFromDBSnapshot")).extracting(FakeCloud.Call::failed)
                .containsExactly(true, false);
        assertThat(step.calls()).containsEntry("rds:DescribeDBSnapshots", 1);
    }

    @Test
    void snapshotFoundByThePreflightMoreThan30sBefore_readAgain() {
        // given: a minute passes between the preflight and the restore
        DrPlan p = snapshotPlanAfter(ctx -> {
            Instant until = ctx.now().plus(Duration.ofMinutes(1));
            return ctx.await("a minute", io.drplan.core.spi.Operation.of("custom", "Wait"), "custom/wait",
                    Duration.ofSeconds(10), () -> ctx.now().isBefore(until) ? Poll.pending("waiting")
                            : Poll.done(java.util.Map.<String, Object>of()));
        });

        ExecutionReport report = engine().execute(p);

        var step = report.step("restore-db").orElseThrow();
        assertThat(step.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(step.calls()).containsEntry("rds:DescribeDBSnapshots", 1)
                .containsEntry("rds:RestoreDBInstanceFromDBSnapshot", 1);
    }

    @Test
    void snapshotFoundByThePreflightMomentsBefore_notReadAgain() {
        ExecutionReport report = engine().execute(snapshotPlanAfter(
                ctx -> java.util.concurrent.CompletableFuture.completedFuture(java.util.Map.of())));

        var step = report.step("restore-db").orElseThrow();
        assertThat(step.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(step.calls()).doesNotContainKey("rds:DescribeDBSnapshots")
                .containsEntry("rds:RestoreDBInstanceFromDBSnapshot", 1);
    }

    @Test
    void freshest_outage_restoresReplicatedBackupsToTheirLatestRestorableTime_rpoFiveMinutes() {
        cloud.region(EAST).goDown();

        ExecutionReport report = engine().execute(plan(s -> s, false));

        assertThat(report).succeeded().metRpo();
        assertThat(report.restorePoint()).isEqualTo(t0.minus(FakeDatabases.BACKUP_REPLICATION_LAG));
        assertThat(report.rpo()).isEqualTo(Duration.ofMinutes(5));
        assertThat(report.step("restore-db").orElseThrow().outputs())
                .containsEntry("source", "REPLICATED_BACKUPS")
                .containsEntry("sourceId", "arn:aws:rds:us-west-2:123456789012:auto-backup:ab-" + DB + "-us-east-1")
                .doesNotContainKey("snapshotId");
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation).contains("rds:RestoreDBInstanceToPointInTime")
                .doesNotContain("rds:RestoreDBInstanceFromDBSnapshot");
        DbInstance restored = cloud.databases().instance(WEST, DR_DB).orElseThrow();
        assertThat(restored.isAvailable()).isTrue();
        assertThat(restored.tags().get(DatabaseProvider.EXECUTION_TAG)).isNotBlank();
        assertThat(restored.tags()).containsEntry(DatabaseProvider.STEP_TAG, "restore-db")
                .containsEntry(DatabaseProvider.CREATED_AT_TAG, t0.toString())
                .containsEntry("drplan:managed", "true");
    }

    @Test
    void snapshotInRegion_restoresTheWeeklyCopy_andTheReportSaysItIsSevenDaysOld() {
        cloud.region(EAST).goDown();

        ExecutionReport report = engine().execute(plan(s -> s.from(RestoreSource.SNAPSHOT_IN_REGION), false));

        assertThat(report).succeeded().hasVerdict(io.drplan.core.Verdict.RPO_MISSED);
        assertThat(report.rpo()).isEqualTo(Duration.ofDays(7));
        assertThat(report.metRpo()).isFalse();
        assertThat(report.step("restore-db").orElseThrow().outputs())
                .containsEntry("snapshotId", "vibe-manual-snapshot-20251225-dr")
                .containsEntry("source", "SNAPSHOT_IN_REGION");
    }

    @Test
    void freshest_promotesAReadReplicaWhenItIsTheNewest_andTheUndoLeavesIt() {
        cloud.region(EAST).goDown();
        cloud.databases().addInstance(WEST, "vibe-postgres-replica", r -> r.readReplicaOf(
                "arn:aws:rds:us-east-1:123456789012:db:" + DB).replicaLag(Duration.ofSeconds(30)));

        ExecutionReport report = engine().execute(plan(s -> s, true));

        assertThat(report.step("restore-db").orElseThrow().outputs())
                .containsEntry("source", "READ_REPLICA").containsEntry("instanceId", "vibe-postgres-replica");
        assertThat(report.restorePoint()).isEqualTo(t0.minusSeconds(30));
        assertThat(report).stepHasOutcome("restore-db", StepOutcome.COMPENSATED);
        assertThat(report.step("restore-db").orElseThrow().notes()).contains("read replica vibe-postgres-replica was"
                + " promoted; a promotion cannot be undone and the instance was not created by this execution, so it"
                + " is left as it is");
        time.advance(Duration.ofHours(1));
        DbInstance promoted = cloud.databases().instance(WEST, "vibe-postgres-replica").orElseThrow();
        assertThat(promoted.isAvailable()).isTrue();
        assertThat(promoted.replicaSourceId()).isNull();
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation).doesNotContain("rds:DeleteDBInstance");
    }

    @Test
    void freshest_aSourceThatCannotBeRead_isLeftOutAndNoted_theOthersAreUsed() {
        cloud.region(EAST).goDown();
        cloud.faults().failAlways("rds:DescribeDBInstanceAutomatedBackups", io.drplan.core.spi.ProviderException.Reason
                .ACCESS_DENIED);

        ExecutionReport report = engine().execute(plan(s -> s, false));

        assertThat(report).succeeded();
        assertThat(report.step("restore-db").orElseThrow().outputs()).containsEntry("source", "SNAPSHOT_IN_REGION");
        assertThat(report.step("restore-db").orElseThrow().notes()).anySatisfy(n -> assertThat(n).startsWith(
                "could not read the replicated automated backups of '" + DB + "' in us-west-2, so they were not"
                        + " considered: "));
    }

    @Test
    void replicatedBackups_notReplicated_isRefusedInPreflightAndSaysHowToTurnItOn() {
        cloud.databases().stopAutomatedBackupsReplication(WEST, DB);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine().execute(plan(s -> s
                        .from(RestoreSource.REPLICATED_BACKUPS), false)))
                .isInstanceOf(io.drplan.core.ExecutionRefusedException.class)
                .hasMessageContaining("  - step 'restore-db': there is nothing to restore " + DR_DB + " from in"
                        + " us-west-2 (replicated automated backups: none); turn on automated backups replication to"
                        + " us-west-2 or copy a snapshot of " + DB + " there (see the backup strategy)");
        assertThat(cloud.databases().instance(WEST, DR_DB)).isEmpty();
    }

    @Test
    void runTwice_secondRunRefusesBeforeActing_andTheFirstDatabaseSurvives() {
        cloud.region(EAST).goDown();
        ExecutionReport first = engine().execute(plan(s -> s, false), RunOptions.defaults().executionId("first-run"));
        assertThat(first).succeeded();
        int callsBefore = cloud.calls().size();

        ExecutionReport second = engine().execute(plan(s -> s, true), RunOptions.defaults().executionId("second-run"));

        assertThat(second).stepFailedWith("restore-db", "instance '" + DR_DB + "' already exists in us-west-2"
                + " (available), created by execution ");
        String error = second.step("restore-db").orElseThrow().error();
        assertThat(error).contains("(step restore-db) at " + t0, "; nothing was changed. Restore under another name"
                + " with .as(\"" + DR_DB + "-2\"), or replace it with .replaceExisting(), which deletes it after a final"
                + " snapshot");
        // the preflight's look for a restore source, then the step's own check: read-only calls only
        assertThat(cloud.calls().subList(callsBefore, cloud.calls().size())).extracting(FakeCloud.Call::operation)
                .allMatch(op -> op.startsWith("rds:Describe")).endsWith("rds:DescribeDBInstances");
        time.advance(Duration.ofHours(1));
        assertThat(cloud.databases().instance(WEST, DR_DB).orElseThrow().isAvailable()).isTrue();
    }

    @Test
    void handMadeInstance_isRefusedNamingWhoMadeIt() {
        cloud.databases().addInstance(WEST, DR_DB);

        ExecutionReport report = engine().execute(plan(s -> s, false));

        assertThat(report).stepFailedWith("restore-db", "instance '" + DR_DB + "' already exists in us-west-2"
                + " (available), not created by drplan (it has no drplan:execution tag: made by hand or by another"
                + " tool); nothing was changed.");
    }

    @Test
    void replaceExisting_deletesTheOldOneAfterAFinalSnapshot_thenRestores() {
        cloud.databases().addInstance(WEST, DR_DB);

        ExecutionReport report = engine().execute(plan(DbRestoreStep::replaceExisting, false));

        assertThat(report).succeeded();
        String finalSnapshot = finalSnapshotId(cloud.databases().instance(WEST, DR_DB).orElseThrow()) + "-replaced";
        DbSnapshot kept = cloud.databases().snapshot(WEST, finalSnapshot).orElseThrow();
        assertThat(kept.instanceId()).isEqualTo(DR_DB);
        assertThat(kept.createdAt()).isEqualTo(t0);
        assertThat(report.step("restore-db").orElseThrow().notes()).contains("replacing instance '" + DR_DB + "' (not"
                + " created by drplan (it has no drplan:execution tag: made by hand or by another tool)): deleted after"
                + " final snapshot " + finalSnapshot);
        assertThat(cloud.databases().instance(WEST, DR_DB).orElseThrow().tags())
                .containsEntry(DatabaseProvider.STEP_TAG, "restore-db");
    }

    @Test
    void compensation_deletesOnlyAfterAFinalSnapshotNamedAfterTheExecution_andReportsIt() {
        cloud.region(EAST).goDown();

        ExecutionReport report = engine().execute(plan(s -> s, true), RunOptions.defaults().executionId("e-7"));

        assertThat(report).stepHasOutcome("restore-db", StepOutcome.COMPENSATED);
        List<DbSnapshot> finals = cloud.databases().listSnapshots(WEST, DR_DB, SnapshotType.MANUAL);
        assertThat(finals).hasSize(1);
        DbSnapshot last = finals.get(0);
        assertThat(last.id()).startsWith("drplan-final-").endsWith("-restore-db");
        assertThat(last.tags()).containsEntry(DatabaseProvider.STEP_TAG, "restore-db");
        assertThat(last.id()).isEqualTo(finalSnapshotId(last.tags()));
        assertThat(report.step("restore-db").orElseThrow().notes()).contains("deleted instance '" + DR_DB + "' in"
                + " us-west-2 after final snapshot " + last.id() + " (restore it with: aws rds"
                + " restore-db-instance-from-db-snapshot --region us-west-2 --db-snapshot-identifier "
                + last.id() + " --db-instance-identifier " + DR_DB + ")");
        time.advance(Duration.ofHours(1));
        assertThat(cloud.databases().instance(WEST, DR_DB)).isEmpty();
        assertThat(cloud.databases().snapshot(WEST, last.id()).orElseThrow().isAvailable()).isTrue();
    }

    @Test
    void inspect_statesTheRestorePointOfEverySourceAndWhetherItMeetsTheRpo() {
        cloud.databases().addInstance(WEST, "vibe-postgres-replica", r -> r.readReplicaOf(DB));
        StepAction action = plan(s -> s, false).steps().get(0).action();

        List<String> lines = action.inspect(cloud.providers(), t0, Duration.ofHours(1));

        assertThat(lines).containsExactly(
                "replicated automated backups (arn:aws:rds:us-west-2:123456789012:auto-backup:ab-" + DB
                        + "-us-east-1, replicating, latest restorable time): restore point "
                        + t0.minus(Duration.ofMinutes(5)) + ", 5m 00s old, meets the RPO of 1h 00m",
                "read replica (vibe-postgres-replica, replica lag unknown: taken as none): restore point " + t0
                        + ", 0ms old, meets the RPO of 1h 00m",
                "newest snapshot in region (vibe-manual-snapshot-20251225-dr, taken " + t0.minus(Duration.ofDays(7))
                        + "): restore point " + t0.minus(Duration.ofDays(7)) + ", 168h 00m old, MISSES the RPO of"
                        + " 1h 00m");
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation).allMatch(op -> op.startsWith("rds:Describe"));
    }

    @Test
    void engineInspect_readsTheAccountForEveryStep_changingNothing() {
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("inspect")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofMinutes(1)))
                .step("backups", s -> s.checkBackupReplication(DB))
                .step("restore-db", s -> s.restoreLatest(DB).from(RestoreSource.REPLICATED_BACKUPS).as(DR_DB)
                        .subnetGroup("vibe-db-subnet-group-dr"))
                .build();

        List<String> lines = engine().inspect(plan);

        assertThat(lines).containsExactly(
                "backups: automated backups of " + DB + " in us-west-2: replicating, kept 7 days, latest restorable"
                        + " time " + t0.minus(Duration.ofMinutes(5)) + " (5m 00s old)",
                "restore-db: replicated automated backups (arn:aws:rds:us-west-2:123456789012:auto-backup:ab-" + DB
                        + "-us-east-1, replicating, latest restorable time): restore point "
                        + t0.minus(Duration.ofMinutes(5)) + ", 5m 00s old, MISSES the RPO of 1m 00s");
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation)
                .containsOnly("rds:DescribeDBInstanceAutomatedBackups");
    }

    @Test
    void copySnapshot_ontoAHandMadeSnapshot_isRefusedBeforeCopying() {
        cloud.databases().addSnapshot(WEST, DB, "vibe-manual-snapshot-20260101-dr", SnapshotType.MANUAL, t0);
        DrPlan copy = DrPlan.region("us-east-1").failoverTo("us-west-2").named("copy")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("copy", s -> s.copySnapshot("vibe-manual-snapshot-20251225").as("vibe-manual-snapshot-20260101-dr"))
                .build();

        ExecutionReport report = engine().execute(copy);

        assertThat(report).stepFailedWith("copy", "snapshot 'vibe-manual-snapshot-20260101-dr' already exists in"
                + " us-west-2, not created by drplan (it has no drplan:execution tag: made by hand or by another tool);"
                + " nothing was changed.");
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation).doesNotContain("rds:CopyDBSnapshot");
    }

    @Test
    void backupReplicationCheck_retentionShorterThanTheRunbooks_fails() {
        cloud.databases().stopAutomatedBackupsReplication(WEST, DB);
        cloud.databases().replicateAutomatedBackups(EAST, DB, WEST, 3, t0.minus(Duration.ofDays(30)));
        DrPlan check = DrPlan.region("us-east-1").failoverTo("us-west-2").named("check")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("backups", s -> s.checkBackupReplication(DB))
                .build();

        assertThat(engine().execute(check)).stepFailedWith("backups", "automated backups of '" + DB + "' in us-west-2"
                + " are kept 3 days, less than the 7 the runbook requires; restart the replication with"
                + " --backup-retention-period 7");
    }

    /** {@code drplan-final-<execution>-restore-db}, from the execution tag the step put on what it created. */
    private static String finalSnapshotId(DbInstance created) {
        return finalSnapshotId(created.tags());
    }

    private static String finalSnapshotId(java.util.Map<String, String> tags) {
        return ("drplan-final-" + tags.get(DatabaseProvider.EXECUTION_TAG) + "-restore-db").toLowerCase()
                .replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-");
    }
}
