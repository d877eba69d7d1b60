package io.drplan.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.runbook.BackupFinding.Severity;
import io.drplan.core.spi.DatabaseProvider.DbBackupSettings;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.ObjectStorageProvider.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupPolicyTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String RES = "db-instance db (us-east-1)";

    private static DbSnapshot manual(String id, Region region, Duration age, String status) {
        return new DbSnapshot(id, "arn:aws:rds:" + region + ":123456789012:snapshot:" + id, "db", region, status,
                NOW.minus(age), SnapshotType.MANUAL, true, null);
    }

    @Test
    void runbook_holdsTheRunbooksBackupStrategy() {
        BackupPolicy p = BackupPolicy.runbook();

        assertThat(p.databaseRetentionDays()).isEqualTo(7);
        assertThat(p.databaseBackupWindow()).isEqualTo("02:00-03:00");
        assertThat(p.databaseEncrypted()).isTrue();
        assertThat(p.manualSnapshotInterval()).isEqualTo(Duration.ofDays(7));
        assertThat(p.manualSnapshotRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(p.manualSnapshotsCopiedToDr()).isTrue();
        assertThat(p.cacheRetentionDays()).isEqualTo(3);
        assertThat(p.noncurrentVersionDays()).isEqualTo(365);
        assertThat(p.bucketsReplicatedToDr()).isTrue();
        assertThat(p.transitions()).containsExactly(new Transition(30, "STANDARD_IA"), new Transition(90, "GLACIER"));
        assertThat(p.imagesReplicatedToDr()).isTrue();
        assertThat(p).hasToString("BackupPolicy[RDS automated backups 7 days in 02:00-03:00 UTC, encrypted; manual"
                + " snapshots every 7 days, copied to the DR region, kept 30 days; Redis snapshots 3 days; S3 versioning"
                + " Enabled, noncurrent versions 365 days, replicated to the DR region, transitions [STANDARD_IA after"
                + " 30 days, GLACIER after 90 days]; images replicated to the DR registry]");
    }

    @Test
    void toBuilder_changesOnlyWhatIsSet() {
        BackupPolicy p = BackupPolicy.runbook().toBuilder().databaseRetentionDays(14).cacheRetentionDays(5).build();

        assertThat(p.databaseRetentionDays()).isEqualTo(14);
        assertThat(p.cacheRetentionDays()).isEqualTo(5);
        assertThat(p.databaseBackupWindow()).isEqualTo("02:00-03:00");
        assertThat(BackupPolicy.runbook().databaseRetentionDays()).isEqualTo(7);
    }

    @Test
    void builder_badValues_areRejectedNamingValueAndFix() {
        assertThatThrownBy(() -> BackupPolicy.builder().databaseRetentionDays(0))
                .hasMessage("databaseRetentionDays must be between 1 and 35 but was 0");
        assertThatThrownBy(() -> BackupPolicy.builder().databaseBackupWindow("02:00-02:10"))
                .hasMessage("databaseBackupWindow must be hh:mm-hh:mm in UTC, at least 30 minutes, but was"
                        + " '02:00-02:10'; use e.g. \"02:00-03:00\"");
        assertThatThrownBy(() -> BackupPolicy.builder().databaseBackupWindow("2am"))
                .hasMessageContaining("but was '2am'");
        assertThatThrownBy(() -> BackupPolicy.builder().manualSnapshots(Duration.ofDays(7), Duration.ofDays(3)))
                .hasMessage("manualSnapshots keptFor (3 days) must be at least every (7 days), or no snapshot would"
                        + " exist between two; keep them longer, e.g. Duration.ofDays(30)");
        assertThatThrownBy(() -> BackupPolicy.builder().transitions(new Transition(30, "GLACIER"),
                new Transition(90, "GLACIER"))).hasMessageContaining("transitions name a storage class twice");
    }

    @Test
    void within_windowsInsideThePolicysWindow_includingAcrossMidnight() {
        assertThat(BackupPolicy.within("02:00-03:00", "02:00-03:00")).isTrue();
        assertThat(BackupPolicy.within("02:15-02:45", "02:00-03:00")).isTrue();
        assertThat(BackupPolicy.within("01:30-02:30", "02:00-03:00")).isFalse();
        assertThat(BackupPolicy.within("23:45-00:15", "23:30-00:30")).isTrue();
        assertThat(BackupPolicy.within("00:15-00:45", "23:30-00:30")).isFalse();
        assertThat(BackupPolicy.within(null, "02:00-03:00")).isFalse();
    }

    @Test
    void databaseFindings_backupsOffAndUnencrypted_areHigh() {
        List<BackupFinding> f = BackupPolicy.runbook().databaseFindings(RES,
                new DbBackupSettings("db", 0, "02:30-03:00", false));

        assertThat(f).extracting(BackupFinding::setting, BackupFinding::actual, BackupFinding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("backup retention", "0 days (automated backups off)", Severity.HIGH),
                org.assertj.core.groups.Tuple.tuple("storage encryption", "not encrypted", Severity.HIGH));
        assertThat(BackupPolicy.runbook().databaseFindings(RES, new DbBackupSettings("db", 14, "02:00-03:00", true)))
                .extracting(BackupFinding::severity).containsExactly(Severity.LOW);
    }

    @Test
    void manualSnapshotFindings_staleDrCopyIsHigh_expiredOnesAreLow_unavailableOnesDoNotCount() {
        BackupPolicy p = BackupPolicy.runbook();
        List<DbSnapshot> dr = List.of(manual("s-3-dr", WEST, Duration.ofDays(3), "copying"),
                manual("s-10-dr", WEST, Duration.ofDays(10), "available"),
                manual("s-40-dr", WEST, Duration.ofDays(40), "available"));

        List<BackupFinding> f = p.manualSnapshotFindings("db-snapshots of db (us-west-2)", "db", EAST, WEST, true, dr, NOW);

        assertThat(f).extracting(BackupFinding::setting, BackupFinding::expected, BackupFinding::actual,
                BackupFinding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("DR snapshot copy",
                        "a manual snapshot copied to us-west-2 at most 7 days old",
                        "the newest, s-10-dr, is 10 days old", Severity.HIGH),
                org.assertj.core.groups.Tuple.tuple("manual snapshot retention", "none older than 30 days",
                        "older: [s-40-dr]", Severity.LOW));
        assertThat(f.get(0).fix()).isEqualTo("aws rds copy-db-snapshot --source-db-snapshot-identifier <arn of the"
                + " newest snapshot in us-east-1> --target-db-snapshot-identifier <its id>-dr --source-region us-east-1"
                + " --region us-west-2");
        assertThat(p.manualSnapshotFindings(RES, "db", EAST, WEST, false, List.of(), NOW))
                .extracting(BackupFinding::actual, BackupFinding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("no available manual snapshot", Severity.MEDIUM));
    }

    @Test
    void bucketFindings_replicationOfAPrefixOnly_doesNotCount() {
        var bucket = new io.drplan.core.spi.ObjectStorageProvider.BucketProtection("files", "Enabled",
                List.of(new io.drplan.core.spi.ObjectStorageProvider.ReplicationRule("logs", "Enabled", "prefix 'logs/'",
                        "arn:aws:s3:::files-dr", WEST)),
                List.of(new io.drplan.core.spi.ObjectStorageProvider.LifecycleRule("tiering", "Enabled",
                        BackupPolicy.runbook().transitions(), 365)));

        assertThat(BackupPolicy.runbook().bucketFindings("bucket files (us-east-1)", bucket, WEST))
                .extracting(BackupFinding::setting, BackupFinding::actual, BackupFinding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("replication",
                        "rule 'logs' (Enabled, only prefix 'logs/') to files-dr in us-west-2", Severity.HIGH));
    }

    @Test
    void finding_toString_readsAsASentence() {
        BackupFinding f = new BackupFinding("bucket b (us-east-1)", "versioning", "Enabled", "Suspended", Severity.HIGH,
                "aws s3api put-bucket-versioning --bucket b --versioning-configuration Status=Enabled");

        assertThat(f).hasToString("HIGH bucket b (us-east-1) versioning: expected Enabled but was Suspended; fix: aws"
                + " s3api put-bucket-versioning --bucket b --versioning-configuration Status=Enabled");
        assertThat(new BackupAudit(List.of(f))).hasToString("backup policy: 1 finding\n  " + f);
    }

    @Test
    void resources_badInput_namesEveryProblem() {
        assertThatThrownBy(() -> BackupResources.builder("us-east-1", "us-east-1").database(" ").build())
                .hasMessage("invalid backup resources: database must not be blank but was ' '; use e.g."
                        + " database(\"vibe-postgres-production\"); DR region must differ from the primary region but"
                        + " both were us-east-1; nothing to audit; add a database(..), cache(..), bucket(..) or image(..)");
        assertThatThrownBy(() -> BackupResources.builder("us-east-9", "us-west-2").bucket("b").build())
                .hasMessage("invalid backup resources: primary region 'us-east-9' is not a known region code; use one"
                        + " such as us-east-1 or us-west-2");
    }
}
