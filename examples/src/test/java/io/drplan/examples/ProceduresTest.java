package io.drplan.examples;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Region;
import io.drplan.core.Roles;
import io.drplan.core.RunOptions;
import io.drplan.core.spi.Approver.ApprovalRequest;
import io.drplan.testkit.DrTest;
import io.drplan.testkit.FakeCloud;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runbook's Procedures 1 and 2 and its rollback after deployment, on the fake cloud. */
@DrTest
class ProceduresTest {
    private static final Region EAST = Region.of("us-east-1");

    @Test
    void procedure1_databaseFailover_refusesAHealthyInstanceUnlessForced(FakeCloud cloud, DrEngine engine) {
        ExecutionReport refused = engine.execute(VibePlans.databaseFailover());

        assertThat(refused).stepFailedWith("force-failover", "instance 'vibe-postgres-production' in us-east-1 is"
                + " available in us-east-1a, so there is no failure to fail over from; refusing to force a failover of a"
                + " healthy database; run with force() if you must");
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation).doesNotContain("rds:RebootDBInstance");
        assertThat(cloud.databases().findInstance(EAST, "vibe-postgres-production").orElseThrow().availabilityZone())
                .isEqualTo("us-east-1a");
    }

    @Test
    void procedure1_databaseFailover_forced_movesThePrimaryToTheStandbyAz(FakeCloud cloud, DrEngine engine) {
        ExecutionReport report = engine.execute(VibePlans.databaseFailover(), RunOptions.defaults().forced());

        assertThat(report).succeeded().ranInOrder("approve", "force-failover");
        assertThat(cloud.approver().requests()).extracting(ApprovalRequest::role).containsExactly(Roles.ON_CALL);
        assertThat(cloud.databases().findInstance(EAST, "vibe-postgres-production").orElseThrow().availabilityZone())
                .isEqualTo("us-east-1b");
        assertThat(report.step("force-failover").orElseThrow().notes()).containsExactly(
                "instance 'vibe-postgres-production' in us-east-1 is available in us-east-1a (healthy); failing over"
                        + " anyway because the run is forced by the operator",
                "primary moved from us-east-1a to us-east-1b");
    }

    @Test
    void procedure2_redisFailover_promotesTheReplica(FakeCloud cloud, DrEngine engine) {
        // the fake's primary answers, so the "verify the failure first" guard is overridden as an operator would
        ExecutionReport report = engine.execute(VibePlans.redisFailover(), io.drplan.core.RunOptions.defaults().forced());

        assertThat(report).succeeded();
        assertThat(cloud.caches().findReplicationGroup(EAST, "vibe-redis-production").orElseThrow()
                .nodeGroup("0001").orElseThrow().primaryNodeId()).isEqualTo("vibe-redis-production-0001-002");
    }

    @Test
    void weeklyBackup_snapshotsCopiesToDrChecksAndPrunesPastRetention(FakeCloud cloud, DrEngine engine) {
        Region west = Region.of("us-west-2");
        cloud.databases().addSnapshot(west, "vibe-postgres-production", "vibe-manual-snapshot-20251120-dr",
                SnapshotType.MANUAL, cloud.time().now().minus(Duration.ofDays(42)));

        ExecutionReport report = engine.execute(VibePlans.weeklyBackup(LocalDate.of(2026, 1, 1)));

        assertThat(report).succeeded().ranInOrder("snapshot", "copy-to-dr", "check-dr-backup");
        assertThat(cloud.databases().findSnapshot(west, "vibe-manual-snapshot-20260101-dr").orElseThrow().isAvailable())
                .isTrue();
        assertThat(cloud.databases().findSnapshot(west, "vibe-manual-snapshot-20251120-dr")).isEmpty();
        assertThat(cloud.databases().findSnapshot(west, "vibe-manual-snapshot-20251225-dr")).isPresent();
        assertThat(report.step("prune-dr").orElseThrow().outputs().get("deleted"))
                .isEqualTo(List.of("vibe-manual-snapshot-20251120-dr"));
    }

    @Test
    void preDrillChecks_passOnAReadyPlatform_failOnStaleBackups(FakeCloud cloud, DrEngine engine) {
        assertThat(engine.execute(VibePlans.preDrillChecks())).succeeded();

        cloud.region(EAST).goDown();                 // replication stops with the primary region
        cloud.time().advance(Duration.ofHours(2));

        assertThat(engine.execute(VibePlans.preDrillChecks()))
                .stepFailedWith("backups", "is 2h 05m old, more than 1h 00m; a restore now would lose that much data");
        cloud.region(EAST).recover();
        cloud.databases().stopAutomatedBackupsReplication(Region.of("us-west-2"), "vibe-postgres-production");
        assertThat(engine.execute(VibePlans.preDrillChecks())).stepFailedWith("backups",
                "automated backups of 'vibe-postgres-production' are not replicated to us-west-2");
    }

    @Test
    void rollbackAfterDeployment_undoesTheBackendToItsPreviousRevision(FakeCloud cloud, DrEngine engine) {
        long before = cloud.cluster("primary-cluster").rolloutHistory("vibe-production", "vibe-backend").size();

        ExecutionReport report = engine.execute(VibePlans.rollbackDeployment("primary-cluster"));

        assertThat(report).succeeded().ranInOrder("undo-backend", "check-pods");
        assertThat(cloud.cluster("primary-cluster").rolloutHistory("vibe-production", "vibe-backend"))
                .hasSize((int) before);
    }
}
