package io.drplan.testkit.steps;

import io.drplan.core.runbook.*;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Region;
import io.drplan.core.runbook.BackupFinding.Severity;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.DrTest;
import io.drplan.testkit.FakeCloud;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backup policy audited through the SPIs on the fake cloud, alone and as the pre-drill step. */
@DrTest
class BackupAuditTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final String DB = "vibe-postgres-production";
    private static final String REDIS = "vibe-redis-production";
    private static final BackupResources VIBE = BackupResources.builder("us-east-1", "us-west-2")
            .database(DB).cache(REDIS).bucket("vibe-files-production")
            .image("vibe-backend", "1.42.0").image("vibe-frontend", "1.42.0").build();

    private static void asTheRunbookSays(FakeCloud cloud) {
        cloud.databases().setBackupSettings(EAST, DB, 7, "02:00-03:00", true);
        cloud.caches().setSnapshotSettings(EAST, REDIS, 3, "05:00-06:00");
    }

    private static DrPlan verifyBackups(BackupResources resources) {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("verify-backups")
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("backups", s -> s.auditBackups(BackupPolicy.runbook(), resources))
                .build();
    }

    @Test
    void audit_vibePlatformAsTheRunbookSays_isClean(FakeCloud cloud) {
        asTheRunbookSays(cloud);

        BackupAudit audit = BackupPolicy.runbook().audit(cloud.providers(), VIBE, cloud.time().now());

        assertThat(audit.findings()).isEmpty();
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation).containsExactly("rds:DescribeDBInstances",
                "rds:DescribeDBSnapshots", "rds:DescribeDBSnapshots", "elasticache:DescribeReplicationGroups",
                "s3:GetBucketVersioning", "s3:GetReplicationConfiguration", "s3:GetLifecycleConfiguration",
                "s3:GetBucketLocation", "ecr:DescribeRegistry", "ecr:DescribeImages", "ecr:DescribeImages");
    }

    @Test
    void audit_createApiDefaults_reportRetentionWindowEncryptionAndRedis(FakeCloud cloud) {
        // the Vibe platform is seeded as the runbook says: put back what CreateDBInstance and
        // CreateReplicationGroup leave when nobody sets backups up
        cloud.databases().setBackupSettings(EAST, DB, 1, "03:00-03:30", false);
        cloud.caches().setSnapshotSettings(EAST, REDIS, 0, null);

        BackupAudit audit = BackupPolicy.runbook().audit(cloud.providers(), VIBE, cloud.time().now());

        assertThat(audit.findings()).extracting(BackupFinding::setting, BackupFinding::actual, BackupFinding::severity)
                .containsExactly(tuple("backup retention", "1 day", Severity.MEDIUM),
                        tuple("backup window", "03:00-03:30 UTC", Severity.LOW),
                        tuple("storage encryption", "not encrypted", Severity.HIGH),
                        tuple("snapshot retention", "0 days (automatic snapshots off)", Severity.MEDIUM));
    }

    @Test
    void audit_staleDrCopyAndMissingResource_areHighFindingsNotExceptions(FakeCloud cloud) {
        asTheRunbookSays(cloud);
        cloud.time().advance(Duration.ofDays(12));   // no weekly snapshot or copy since
        BackupResources withGhost = BackupResources.builder("us-east-1", "us-west-2").database(DB).cache("ghost-redis")
                .build();

        BackupAudit audit = BackupPolicy.runbook().audit(cloud.providers(), withGhost, cloud.time().now());

        assertThat(audit.findings()).extracting(BackupFinding::resource, BackupFinding::setting, BackupFinding::severity)
                .containsExactly(
                        tuple("db-instance vibe-postgres-production (us-east-1)", "weekly manual snapshot", Severity.MEDIUM),
                        tuple("db-instance vibe-postgres-production (us-east-1)", "manual snapshot retention", Severity.LOW),
                        tuple("db-snapshots of vibe-postgres-production (us-west-2)", "DR snapshot copy", Severity.HIGH),
                        tuple("replication-group ghost-redis (us-east-1)", "exists", Severity.HIGH));
        assertThat(audit.findings().get(3).actual()).startsWith("not found (replication group 'ghost-redis' not found");
    }

    @Test
    void auditBackupsStep_onlyLesserFindings_succeedsWithThemInNotesAndOutputs(FakeCloud cloud, DrEngine engine) {
        asTheRunbookSays(cloud);
        cloud.databases().setBackupSettings(EAST, DB, 7, "04:00-05:00", true);

        ExecutionReport r = engine.execute(verifyBackups(VIBE));

        assertThat(r).succeeded();
        String line = "LOW db-instance vibe-postgres-production (us-east-1) backup window: expected 02:00-03:00 UTC but"
                + " was 04:00-05:00 UTC; fix: aws rds modify-db-instance --db-instance-identifier vibe-postgres-production"
                + " --preferred-backup-window 02:00-03:00 --apply-immediately (Terraform: aws_db_instance.backup_window"
                + " = \"02:00-03:00\")";
        assertThat(r.step("backups").orElseThrow().outputs()).containsEntry("findings", List.of(line));
        assertThat(r.step("backups").orElseThrow().notes()).containsExactly(line);
        assertThat(r.step("backups").orElseThrow().description()).isEqualTo("Verify backup integrity: audit"
                + " vibe-postgres-production, vibe-redis-production, vibe-files-production, vibe-backend:1.42.0,"
                + " vibe-frontend:1.42.0 against the backup policy");
    }

    @Test
    void auditBackupsStep_primaryRdsDown_failsWithUnreadableFinding(FakeCloud cloud, DrEngine engine) {
        asTheRunbookSays(cloud);
        cloud.faults().at("rds/us-east-1").failAlways("rds:*", Reason.UNAVAILABLE);

        ExecutionReport r = engine.execute(verifyBackups(BackupResources.builder("us-east-1", "us-west-2")
                .database(DB).build()));

        assertThat(r).stepFailedWith("backups", "2 of 2 backup policy findings are HIGH: HIGH db-instance"
                + " vibe-postgres-production (us-east-1) readable: expected readable with rds:DescribeDBInstances but was"
                + " unreadable (");
    }
}
