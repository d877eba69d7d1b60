package io.drplan.core.runbook;

import io.drplan.core.spi.Operations;
import io.drplan.core.Durations;
import io.drplan.core.Region;
import io.drplan.core.runbook.BackupFinding.Severity;
import io.drplan.core.spi.CacheProvider.CacheSnapshotSettings;
import io.drplan.core.spi.ContainerRegistryProvider.RegistryReplicationRule;
import io.drplan.core.spi.DatabaseProvider.DbBackupSettings;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.ObjectStorageProvider.LifecycleRule;
import io.drplan.core.spi.ObjectStorageProvider.ReplicationRule;
import io.drplan.core.spi.ObjectStorageProvider.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a {@link BackupPolicy} makes of each setting it audits: the findings, and the text they carry. */
final class BackupRules {
    static final Pattern WINDOW = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)-([01]\\d|2[0-3]):([0-5]\\d)");

    private BackupRules() { }


    /** The findings for an RDS instance's automated backups. */
    static List<BackupFinding> databaseFindings(BackupPolicy p, String resource, DbBackupSettings s) {
        List<BackupFinding> f = new ArrayList<>();
        String id = s.instanceId();
        String modify = "aws rds modify-db-instance --db-instance-identifier " + id;
        if (s.retentionDays() != p.databaseRetentionDays()) {
            Severity sev = s.retentionDays() == 0 ? Severity.HIGH
                    : s.retentionDays() < p.databaseRetentionDays() ? Severity.MEDIUM : Severity.LOW;
            f.add(new BackupFinding(resource, "backup retention", days(p.databaseRetentionDays()),
                    s.retentionDays() == 0 ? "0 days (automated backups off)" : days(s.retentionDays()), sev,
                    modify + " --backup-retention-period " + p.databaseRetentionDays() + " --apply-immediately"
                            + " (Terraform: aws_db_instance.backup_retention_period = " + p.databaseRetentionDays() + ")"));
        }
        if (!within(s.backupWindow(), p.databaseBackupWindow())) {
            f.add(new BackupFinding(resource, "backup window", p.databaseBackupWindow() + " UTC",
                    s.backupWindow() == null ? "none" : s.backupWindow() + " UTC", Severity.LOW,
                    modify + " --preferred-backup-window " + p.databaseBackupWindow() + " --apply-immediately"
                            + " (Terraform: aws_db_instance.backup_window = \"" + p.databaseBackupWindow() + "\")"));
        }
        if (p.databaseEncrypted() && !s.storageEncrypted()) {
            f.add(new BackupFinding(resource, "storage encryption", "encrypted", "not encrypted", Severity.HIGH,
                    "encryption cannot be turned on in place: aws rds create-db-snapshot, then aws rds copy-db-snapshot"
                            + " --kms-key-id <key>, then aws rds restore-db-instance-from-db-snapshot from the copy"
                            + " (Terraform: aws_db_instance.storage_encrypted = true, which replaces the instance)"));
        }
        return f;
    }

    /**
     * The findings for an instance's manual snapshots in one region: the newest available one is at
     * most {@link #manualSnapshotInterval()} old (weekly), and none is older than
     * {@link #manualSnapshotRetention()}.
     *
     * @param inDr whether these are the copies in the DR region
     */
    static List<BackupFinding> manualSnapshotFindings(BackupPolicy p, String resource, String instanceId, Region primary, Region dr,
                                                      boolean inDr, List<DbSnapshot> snapshots, Instant now) {
        List<BackupFinding> f = new ArrayList<>();
        Optional<DbSnapshot> newest = snapshots.stream().filter(DbSnapshot::isAvailable)
                .max(java.util.Comparator.comparing(DbSnapshot::createdAt));
        String expected = (inDr ? "a manual snapshot copied to " + dr : "a manual snapshot") + " at most "
                + age(p.manualSnapshotInterval()) + " old";
        if (newest.isEmpty() || newest.get().age(now).compareTo(p.manualSnapshotInterval()) > 0) {
            String actual = newest.map(s -> "the newest, " + s.id() + ", is " + age(s.age(now)) + " old")
                    .orElse("no available manual snapshot");
            String fix = inDr
                    ? "aws rds copy-db-snapshot --source-db-snapshot-identifier <arn of the newest snapshot in " + primary
                            + "> --target-db-snapshot-identifier <its id>-dr --source-region " + primary + " --region " + dr
                    : "aws rds create-db-snapshot --db-instance-identifier " + instanceId
                            + " --db-snapshot-identifier vibe-manual-snapshot-$(date +%Y%m%d), weekly";
            f.add(new BackupFinding(resource, inDr ? "DR snapshot copy" : "weekly manual snapshot", expected, actual,
                    inDr ? Severity.HIGH : Severity.MEDIUM, fix));
        }
        List<String> expired = snapshots.stream()
                .filter(s -> s.age(now).compareTo(p.manualSnapshotRetention()) > 0).map(DbSnapshot::id).toList();
        if (!expired.isEmpty()) {
            f.add(new BackupFinding(resource, "manual snapshot retention",
                    "none older than " + age(p.manualSnapshotRetention()), "older: " + expired, Severity.LOW,
                    "aws rds delete-db-snapshot --db-snapshot-identifier <id> --region " + (inDr ? dr : primary)
                            + " for each, or a pruneSnapshots step"));
        }
        return f;
    }

    /** The findings for a Redis replication group's automatic snapshots. */
    static List<BackupFinding> cacheFindings(BackupPolicy p, String resource, CacheSnapshotSettings s) {
        if (s.retentionDays() == p.cacheRetentionDays()) {
            return List.of();
        }
        Severity sev = s.retentionDays() < p.cacheRetentionDays() ? Severity.MEDIUM : Severity.LOW;
        return List.of(new BackupFinding(resource, "snapshot retention", days(p.cacheRetentionDays()) + " of daily snapshots",
                s.retentionDays() == 0 ? "0 days (automatic snapshots off)" : days(s.retentionDays()), sev,
                "aws elasticache modify-replication-group --replication-group-id " + s.groupId()
                        + " --snapshot-retention-limit " + p.cacheRetentionDays() + " --apply-immediately"
                        + " (Terraform: aws_elasticache_replication_group.snapshot_retention_limit = "
                        + p.cacheRetentionDays() + ")"));
    }

    /**
     * The findings for a bucket: versioning Enabled; an Enabled replication rule for every object
     * whose destination bucket is in {@code dr}; Enabled lifecycle rules over the whole bucket that expire noncurrent
     * versions after {@link #noncurrentVersionDays()} and make {@link #transitions()}. Disabled
     * rules and rules limited by a filter do not count.
     */
    static List<BackupFinding> bucketFindings(BackupPolicy p, String resource, BucketProtection b, Region dr) {
        List<BackupFinding> f = new ArrayList<>();
        String bucket = b.bucket();
        if (p.bucketVersioning() && !b.versioningEnabled()) {
            f.add(new BackupFinding(resource, "versioning", "Enabled", b.versioning(), Severity.HIGH,
                    "aws s3api put-bucket-versioning --bucket " + bucket + " --versioning-configuration Status=Enabled"
                            + " (Terraform: aws_s3_bucket_versioning.versioning_configuration.status = \"Enabled\")"));
        }
        if (p.bucketsReplicatedToDr() && b.replication().stream()
                .noneMatch(r -> r.enabled() && r.wholeBucket() && dr.equals(r.destinationRegion()))) {
            f.add(new BackupFinding(resource, "replication", "an Enabled rule for every object to a bucket in " + dr,
                    b.replication().isEmpty() ? "no replication rule"
                            : String.join(", ", b.replication().stream().map(BackupRules::describe).toList()),
                    Severity.HIGH, "aws s3api put-bucket-replication --bucket " + bucket
                            + " with a rule Status=Enabled, Destination.Bucket=arn:aws:s3:::<bucket in " + dr + ">"
                            + " (Terraform: aws_s3_bucket_replication_configuration.rule.status = \"Enabled\","
                            + " rule.destination.bucket = <ARN of a bucket in " + dr + ">)"));
        }
        List<LifecycleRule> counting = b.lifecycle().stream().filter(r -> r.enabled() && r.wholeBucket()).toList();
        String ignored = String.join(", ", b.lifecycle().stream().filter(r -> !r.enabled() || !r.wholeBucket())
                .map(r -> "rule '" + r.id() + "' " + (r.enabled() ? "applies only to " + r.filter() : "is " + r.status()))
                .toList());
        String putLifecycle = "aws s3api put-bucket-lifecycle-configuration --bucket " + bucket;
        if (p.noncurrentVersionDays() > 0) {
            int actual = counting.stream().mapToInt(LifecycleRule::noncurrentExpirationDays).filter(d -> d > 0)
                    .min().orElse(0);
            if (actual != p.noncurrentVersionDays()) {
                f.add(new BackupFinding(resource, "noncurrent version retention", days(p.noncurrentVersionDays()),
                        (actual == 0 ? "never expire" : days(actual)) + (ignored.isEmpty() ? "" : " (" + ignored + ")"),
                        actual != 0 && actual < p.noncurrentVersionDays() ? Severity.MEDIUM : Severity.LOW,
                        putLifecycle + " with NoncurrentVersionExpiration.NoncurrentDays=" + p.noncurrentVersionDays()
                                + " (Terraform: aws_s3_bucket_lifecycle_configuration.rule.noncurrent_version_expiration"
                                + ".noncurrent_days = " + p.noncurrentVersionDays() + ")"));
            }
        }
        for (Transition t : p.transitions()) {
            List<Integer> actual = counting.stream().flatMap(r -> r.transitions().stream())
                    .filter(x -> t.storageClass().equals(x.storageClass())).map(Transition::days).sorted().toList();
            if (!actual.equals(List.of(t.days()))) {
                f.add(new BackupFinding(resource, "transition to " + t.storageClass(), "after " + days(t.days()),
                        (actual.isEmpty() ? "none" : "after " + String.join(", ", actual.stream().map(BackupRules::days)
                                .toList())) + (ignored.isEmpty() ? "" : " (" + ignored + ")"),
                        Severity.LOW, putLifecycle + " with Transition Days=" + t.days() + ", StorageClass="
                                + t.storageClass() + " (Terraform: aws_s3_bucket_lifecycle_configuration.rule.transition"
                                + " { days = " + t.days() + ", storage_class = \"" + t.storageClass() + "\" })"));
            }
        }
        return f;
    }

    /** The finding when the registry's replication rules do not copy every repository to {@code dr}. */
    static List<BackupFinding> registryFindings(BackupPolicy p, String resource, List<RegistryReplicationRule> rules, Region dr,
                                                List<String> repositories) {
        List<String> uncovered = repositories.stream()
                .filter(repo -> rules.stream().noneMatch(r -> r.covers(dr, repo))).toList();
        if (uncovered.isEmpty()) {
            return List.of();
        }
        String actual = rules.isEmpty() ? "no replication rule"
                : "rules " + String.join(", ", rules.stream().map(BackupRules::describe).toList())
                + " do not copy " + uncovered;
        return List.of(new BackupFinding(resource, "replication", "a rule copying " + repositories + " to " + dr,
                actual, Severity.HIGH, "aws ecr put-replication-configuration --replication-configuration"
                        + " 'rules=[{destinations=[{region=" + dr + ",registryId=<account id>}]}]'"
                        + " (Terraform: aws_ecr_replication_configuration.replication_configuration.rule.destination.region"
                        + " = \"" + dr + "\")"));
    }

    /** The finding when some of {@code images} ({@code repository:tag}) are not in the registry of {@code dr}. */
    static List<BackupFinding> imageFindings(BackupPolicy p, String resource, Region dr, List<String> images,
                                             java.util.function.Predicate<String> present) {
        List<String> missing = images.stream().filter(present.negate()).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of(new BackupFinding(resource, "images", images + " present", "missing " + missing, Severity.HIGH,
                "turn replication to " + dr + " on, then push the images again to the primary registry (replication"
                        + " copies only pushes made after it is on), or push them to the " + dr + " registry"));
    }

    static String describe(ReplicationRule r) {
        return "rule '" + r.id() + "' (" + r.status() + (r.wholeBucket() ? "" : ", only " + r.filter()) + ") to "
                + r.destinationBucketName()
                + (r.destinationRegion() == null ? " whose region could not be read" : " in " + r.destinationRegion());
    }

    static String describe(RegistryReplicationRule r) {
        return r.destinations().stream().map(d -> d.region().code()).toList()
                + (r.repositoryPrefixes().isEmpty() ? "" : " for prefixes " + r.repositoryPrefixes());
    }

    /** "7 days", "10 days 3h", or hours and minutes under a day. */
    static String age(Duration d) {
        if (d.toDays() < 1) {
            return Durations.format(d);
        }
        long hours = d.minusDays(d.toDays()).toHours();
        return days((int) d.toDays()) + (hours == 0 ? "" : " " + hours + "h");
    }

    static String days(int n) {
        return n + (n == 1 ? " day" : " days");
    }

    /** Whether {@code actual} lies inside {@code policy} (both {@code hh:mm-hh:mm}, UTC, possibly across midnight). */
    static boolean within(String actual, String policy) {
        if (actual == null) {
            return false;
        }
        Matcher a = WINDOW.matcher(actual);
        Matcher p = WINDOW.matcher(policy);
        if (!a.matches() || !p.matches()) {
            return actual.equals(policy);
        }
        int ps = minutes(p, 1);
        int aStart = Math.floorMod(minutes(a, 1) - ps, 1440);
        int aEnd = Math.floorMod(minutes(a, 3) - ps, 1440);
        int pEnd = Math.floorMod(minutes(p, 3) - ps, 1440);
        return aStart <= aEnd && aEnd <= pEnd;
    }

    static int minutes(Matcher m, int group) {
        return Integer.parseInt(m.group(group)) * 60 + Integer.parseInt(m.group(group + 1));
    }

    /** The reads an audit of {@code resources} against {@code policy} makes, in order. */
    static List<BackupPolicy.BackupCheck> checks(BackupPolicy policy, BackupResources resources, Instant now) {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(now, "now");
        Region primary = resources.primary();
        Region dr = resources.dr();
        List<BackupPolicy.BackupCheck> checks = new ArrayList<>();
        for (String db : resources.databases()) {
            String res = "db-instance " + db + " (" + primary + ")";
            checks.add(new BackupPolicy.BackupCheck(res, List.of(Operations.RDS_DESCRIBE_INSTANCES), primary,
                    p -> policy.databaseFindings(res, p.databases().describeBackupSettings(primary, db))));
            checks.add(new BackupPolicy.BackupCheck(res, List.of(Operations.RDS_DESCRIBE_SNAPSHOTS), primary,
                    p -> policy.manualSnapshotFindings(res, db, primary, dr, false,
                            p.databases().listSnapshots(primary, db, SnapshotType.MANUAL), now)));
            if (policy.manualSnapshotsCopiedToDr()) {
                String drRes = "db-snapshots of " + db + " (" + dr + ")";
                checks.add(new BackupPolicy.BackupCheck(drRes, List.of(Operations.RDS_DESCRIBE_SNAPSHOTS), dr,
                        p -> policy.manualSnapshotFindings(drRes, db, primary, dr, true,
                                p.databases().listSnapshots(dr, db, SnapshotType.MANUAL), now)));
            }
        }
        for (String group : resources.caches()) {
            String res = "replication-group " + group + " (" + primary + ")";
            checks.add(new BackupPolicy.BackupCheck(res, List.of(Operations.ELASTICACHE_DESCRIBE_REPLICATION_GROUPS), primary,
                    p -> policy.cacheFindings(res, p.caches().describeSnapshotSettings(primary, group))));
        }
        for (String bucket : resources.buckets()) {
            String res = "bucket " + bucket + " (" + primary + ")";
            checks.add(new BackupPolicy.BackupCheck(res, BackupPolicy.S3_READS, primary,
                    p -> policy.bucketFindings(res, p.objectStorage().describeProtection(primary, bucket), dr)));
        }
        if (!resources.images().isEmpty()) {
            if (policy.imagesReplicatedToDr()) {
                String res = "registry (" + primary + ")";
                checks.add(new BackupPolicy.BackupCheck(res, List.of(Operations.ECR_DESCRIBE_REGISTRY), primary,
                        p -> policy.registryFindings(res, p.registries().replicationRules(primary), dr,
                                resources.repositories())));
            }
            String res = "registry (" + dr + ")";
            checks.add(new BackupPolicy.BackupCheck(res, List.of(Operations.ECR_DESCRIBE_IMAGES), dr,
                    p -> policy.imageFindings(res, dr, resources.images(), i -> {
                        int colon = i.lastIndexOf(':');
                        return p.registries().imageExists(dr, i.substring(0, colon), i.substring(colon + 1));
                    })));
        }
        return List.copyOf(checks);
    }
}
