package io.drplan.aws;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Region;
import io.drplan.core.runbook.BackupAudit;
import io.drplan.core.runbook.BackupFinding;
import io.drplan.core.runbook.BackupFinding.Severity;
import io.drplan.core.runbook.BackupPolicy;
import io.drplan.core.runbook.BackupResources;
import io.drplan.core.spi.CacheProvider.CacheSnapshotSettings;
import io.drplan.core.spi.ContainerRegistryProvider.RegistryReplicationRule;
import io.drplan.core.spi.ContainerRegistryProvider.ReplicationDestination;
import io.drplan.core.spi.DatabaseProvider.DbBackupSettings;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.ObjectStorageProvider.LifecycleRule;
import io.drplan.core.spi.ObjectStorageProvider.ReplicationRule;
import io.drplan.core.spi.ObjectStorageProvider.Transition;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.SystemScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The runbook's backup policy audited on an account that moto_server holds: every setting the
 * audit reads (RDS BackupRetentionPeriod, PreferredBackupWindow, StorageEncrypted and manual
 * snapshots in both regions; ElastiCache SnapshotRetentionLimit; S3 versioning, replication and
 * lifecycle; ECR replication and images) is stored by moto 5.2.1, so nothing here is on WireMock.
 * The world is seeded here, not by {@code MotoFixtures}, with the settings each test drifts.
 */
@ExtendWith(MotoServerExtension.class)
class BackupPolicyMotoIT {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final String DB = "vibe-postgres-production";
    private static final String REDIS = "vibe-redis-production";
    private static final String BUCKET = "vibe-files-production";
    private static final BackupResources VIBE = BackupResources.builder("us-east-1", "us-west-2")
            .database(DB).cache(REDIS).bucket(BUCKET).image("vibe-backend", "1.42.0").image("vibe-frontend", "1.42.0")
            .build();

    /** What each test changes from the runbook's settings. */
    private record Account(int rdsRetention, String rdsWindow, int redisRetention, int glacierDays, Region imagesTo) {
        static Account runbook() {
            return new Account(7, "02:00-03:00", 3, 90, WEST);
        }
    }

    private static void seed(MotoServer moto, Account a) {
        RdsClient east = moto.sdk(RdsClient.builder(), "us-east-1");
        east.createDBInstance(r -> r.dbInstanceIdentifier(DB).engine("postgres").dbInstanceClass("db.t4g.medium")
                .masterUsername("vibe").masterUserPassword("not-a-real-password").allocatedStorage(100)
                .storageEncrypted(true).backupRetentionPeriod(a.rdsRetention()).preferredBackupWindow(a.rdsWindow()));
        String arn = east.createDBSnapshot(r -> r.dbInstanceIdentifier(DB).dbSnapshotIdentifier("vibe-manual-snapshot-1"))
                .dbSnapshot().dbSnapshotArn();
        moto.sdk(RdsClient.builder(), "us-west-2").copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier(arn)
                .targetDBSnapshotIdentifier("vibe-manual-snapshot-1-dr").sourceRegion("us-east-1")
                .kmsKeyId("alias/aws/rds"));
        moto.sdk(ElastiCacheClient.builder(), "us-east-1").createReplicationGroup(r -> r.replicationGroupId(REDIS)
                .replicationGroupDescription("Vibe cache").engine("redis").cacheNodeType("cache.t4g.medium")
                .numCacheClusters(2).automaticFailoverEnabled(true).snapshotRetentionLimit(a.redisRetention())
                .snapshotWindow("05:00-06:00"));
        S3ObjectStorageProviderContractIT.givenS3Bucket(moto, WEST,
                new BucketProtection("vibe-files-dr", "Enabled", List.of(), List.of()));
        S3ObjectStorageProviderContractIT.givenS3Bucket(moto, EAST, new BucketProtection(BUCKET, "Enabled",
                List.of(new ReplicationRule("to-dr", "Enabled", "arn:aws:s3:::vibe-files-dr")),
                List.of(new LifecycleRule("tiering", "Enabled", List.of(new Transition(30, "STANDARD_IA"),
                        new Transition(a.glacierDays(), "GLACIER")), 365))));
        EcrRegistryProviderContractIT.givenEcrReplication(moto, EAST, List.of(new RegistryReplicationRule(
                List.of(new ReplicationDestination(a.imagesTo(), "123456789012")), List.of())));
        for (String repo : List.of("vibe-backend", "vibe-frontend")) {
            EcrRegistryProviderContractIT.givenEcrImage(moto, EAST, repo, "1.42.0");
            EcrRegistryProviderContractIT.givenEcrImage(moto, WEST, repo, "1.42.0");
        }
    }

    private static Providers providers(MotoServer moto) {
        return moto.providers().register(Providers.builder()).build();
    }

    @Test
    void describeSettings_readWhatMotoStores(MotoServer moto) {
        seed(moto, Account.runbook());

        assertThat(moto.providers().databases().describeBackupSettings(EAST, DB))
                .isEqualTo(new DbBackupSettings(DB, 7, "02:00-03:00", true));
        assertThat(moto.providers().caches().describeSnapshotSettings(EAST, REDIS))
                .isEqualTo(new CacheSnapshotSettings(REDIS, 3, "05:00-06:00"));
        assertThatThrownBy(() -> moto.providers().databases().describeBackupSettings(EAST, "no-such-db"))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND));
    }

    @Test
    void audit_compliantAccount_hasNoFindings(MotoServer moto) {
        seed(moto, Account.runbook());

        BackupAudit audit = BackupPolicy.runbook().audit(providers(moto), VIBE, Instant.now());

        assertThat(audit.findings()).isEmpty();
        assertThat(audit.clean()).isTrue();
        assertThat(audit).hasToString("backup policy: no findings");
    }

    @Test
    void audit_accountDriftedInFourWays_reportsExactlyThoseFour(MotoServer moto) {
        seed(moto, new Account(1, "02:00-03:00", 1, 180, Region.of("eu-west-1")));

        BackupAudit audit = BackupPolicy.runbook().audit(providers(moto), VIBE, Instant.now());

        assertThat(audit.findings()).extracting(BackupFinding::resource, BackupFinding::setting,
                BackupFinding::expected, BackupFinding::actual, BackupFinding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("db-instance vibe-postgres-production (us-east-1)", "backup retention",
                        "7 days", "1 day", Severity.MEDIUM),
                org.assertj.core.groups.Tuple.tuple("replication-group vibe-redis-production (us-east-1)",
                        "snapshot retention", "3 days of daily snapshots", "1 day", Severity.MEDIUM),
                org.assertj.core.groups.Tuple.tuple("bucket vibe-files-production (us-east-1)", "transition to GLACIER",
                        "after 90 days", "after 180 days", Severity.LOW),
                org.assertj.core.groups.Tuple.tuple("registry (us-east-1)", "replication",
                        "a rule copying [vibe-backend, vibe-frontend] to us-west-2",
                        "rules [eu-west-1] do not copy [vibe-backend, vibe-frontend]", Severity.HIGH));
        assertThat(audit.findings().get(0).fix()).isEqualTo("aws rds modify-db-instance --db-instance-identifier"
                + " vibe-postgres-production --backup-retention-period 7 --apply-immediately"
                + " (Terraform: aws_db_instance.backup_retention_period = 7)");
        assertThat(audit.findings().get(1).fix()).isEqualTo("aws elasticache modify-replication-group"
                + " --replication-group-id vibe-redis-production --snapshot-retention-limit 3 --apply-immediately"
                + " (Terraform: aws_elasticache_replication_group.snapshot_retention_limit = 3)");
        assertThat(audit.hasHigh()).isTrue();
    }

    @Test
    void auditBackupsStep_onMoto_failsOnTheHighFindingAndPassesWhenCompliant(MotoServer moto) {
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("verify-backups")
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .retry(r -> r.initialDelay(Duration.ofMillis(20)).maxDelay(Duration.ofMillis(100)))
                .step("backups", s -> s.auditBackups(BackupPolicy.runbook(), VIBE))
                .build();
        DrEngine engine = DrEngine.builder().providers(providers(moto)).scheduler(SystemScheduler.create()).build();
        seed(moto, Account.runbook());
        assertThat(engine.permissions(plan)).containsExactly("ecr:DescribeImages", "ecr:DescribeRegistry",
                "elasticache:DescribeReplicationGroups", "rds:DescribeDBInstances", "rds:DescribeDBSnapshots",
                "s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetLifecycleConfiguration",
                "s3:GetReplicationConfiguration");

        ExecutionReport clean = engine.execute(plan);

        assertThat(clean).succeeded();
        assertThat(clean.step("backups").orElseThrow().outputs()).containsEntry("findings", List.of());

        moto.sdk(RdsClient.builder(), "us-east-1").modifyDBInstance(r -> r.dbInstanceIdentifier(DB)
                .preferredBackupWindow("05:00-06:00").applyImmediately(true));
        EcrRegistryProviderContractIT.givenEcrReplication(moto, EAST, List.of());

        assertThat(engine.execute(plan)).stepFailedWith("backups", "1 of 2 backup policy findings are HIGH: HIGH"
                + " registry (us-east-1) replication: expected a rule copying [vibe-backend, vibe-frontend] to us-west-2"
                + " but was no replication rule; fix: aws ecr put-replication-configuration"
                + " --replication-configuration 'rules=[{destinations=[{region=us-west-2,registryId=<account id>}]}]'"
                + " (Terraform: aws_ecr_replication_configuration.replication_configuration.rule.destination.region"
                + " = \"us-west-2\") | and lesser: LOW db-instance vibe-postgres-production (us-east-1) backup window:"
                + " expected 02:00-03:00 UTC but was 05:00-06:00 UTC; fix: aws rds modify-db-instance");
    }
}
