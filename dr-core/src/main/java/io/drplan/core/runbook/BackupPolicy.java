package io.drplan.core.runbook;

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
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.Providers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runbook's Backup Strategy as one value, and an audit of an account against it.
 * {@link #runbook()} holds the runbook's numbers; {@link #toBuilder()} changes some of them.
 * {@link #audit} reads the account through the providers (so a fake cloud can be audited the same
 * way) and returns every difference as a {@link BackupFinding} with the fix.
 *
 * <pre>{@code
 * BackupAudit audit = BackupPolicy.runbook().audit(providers, vibe, scheduler.now());
 * audit.findings().forEach(System.out::println);
 * // MEDIUM db-instance vibe-postgres-production (us-east-1) backup retention: expected 7 days but was 1 day; fix: ...
 * }</pre>
 *
 * In a plan it is the pre-drill "Verify backup integrity":
 * {@code .step("backups", s -> s.auditBackups(BackupPolicy.runbook(), vibe))}.
 */
public final class BackupPolicy {
    static final Operation RDS_DESCRIBE_INSTANCES = Operation.of("rds", "DescribeDBInstances");
    static final Operation RDS_DESCRIBE_SNAPSHOTS = Operation.of("rds", "DescribeDBSnapshots");
    static final Operation CACHE_DESCRIBE = Operation.of("elasticache", "DescribeReplicationGroups");
    static final List<Operation> S3_READS = List.of(Operation.of("s3", "GetBucketVersioning"),
            Operation.of("s3", "GetReplicationConfiguration"), Operation.of("s3", "GetLifecycleConfiguration"),
            Operation.of("s3", "GetBucketLocation"));
    static final Operation ECR_DESCRIBE_REGISTRY = Operation.of("ecr", "DescribeRegistry");
    static final Operation ECR_DESCRIBE_IMAGES = Operation.of("ecr", "DescribeImages");
    private static final Pattern WINDOW = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)-([01]\\d|2[0-3]):([0-5]\\d)");

    private static final BackupPolicy RUNBOOK = new Builder().build();

    private final int databaseRetentionDays;
    private final String databaseBackupWindow;
    private final boolean databaseEncrypted;
    private final Duration manualSnapshotInterval;
    private final Duration manualSnapshotRetention;
    private final boolean manualSnapshotsCopiedToDr;
    private final int cacheRetentionDays;
    private final boolean bucketVersioning;
    private final int noncurrentVersionDays;
    private final boolean bucketsReplicatedToDr;
    private final List<Transition> transitions;
    private final boolean imagesReplicatedToDr;

    private BackupPolicy(Builder b) {
        databaseRetentionDays = b.databaseRetentionDays;
        databaseBackupWindow = b.databaseBackupWindow;
        databaseEncrypted = b.databaseEncrypted;
        manualSnapshotInterval = b.manualSnapshotInterval;
        manualSnapshotRetention = b.manualSnapshotRetention;
        manualSnapshotsCopiedToDr = b.manualSnapshotsCopiedToDr;
        cacheRetentionDays = b.cacheRetentionDays;
        bucketVersioning = b.bucketVersioning;
        noncurrentVersionDays = b.noncurrentVersionDays;
        bucketsReplicatedToDr = b.bucketsReplicatedToDr;
        transitions = List.copyOf(b.transitions);
        imagesReplicatedToDr = b.imagesReplicatedToDr;
    }

    /**
     * The runbook's Backup Strategy: RDS automated backups kept 7 days in the 02:00-03:00 UTC window,
     * encrypted; weekly manual snapshots copied to the DR region and kept 30 days; Redis daily
     * snapshots kept 3 days; S3 versioning with noncurrent versions kept 365 days, replication to
     * the DR region, STANDARD_IA after 30 days and GLACIER after 90; images replicated to the DR registry.
     */
    public static BackupPolicy runbook() {
        return RUNBOOK;
    }

    /** A builder starting from the runbook's values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public int databaseRetentionDays() { return databaseRetentionDays; }

    public String databaseBackupWindow() { return databaseBackupWindow; }

    public boolean databaseEncrypted() { return databaseEncrypted; }

    public Duration manualSnapshotInterval() { return manualSnapshotInterval; }

    public Duration manualSnapshotRetention() { return manualSnapshotRetention; }

    public boolean manualSnapshotsCopiedToDr() { return manualSnapshotsCopiedToDr; }

    public int cacheRetentionDays() { return cacheRetentionDays; }

    public boolean bucketVersioning() { return bucketVersioning; }

    public int noncurrentVersionDays() { return noncurrentVersionDays; }

    public boolean bucketsReplicatedToDr() { return bucketsReplicatedToDr; }

    public List<Transition> transitions() { return transitions; }

    public boolean imagesReplicatedToDr() { return imagesReplicatedToDr; }

    // ---- the audit ----

    /**
     * One read of the account and what the policy makes of it: {@code read} makes the provider
     * calls ({@code operations}, in {@code region}) and returns the findings. A plan step runs each
     * through the engine's guarded calls; {@link #audit} runs them in order.
     */
    public record BackupCheck(String resource, List<Operation> operations, Region region,
                              Function<Providers, List<BackupFinding>> read) {
        public BackupCheck {
            operations = List.copyOf(operations);
        }

        /** The first call the read makes, which names it in the report. */
        public Operation operation() {
            return operations.get(0);
        }

        /** The findings when the read itself failed (the resource is missing, a permission lacks, the region is down). */
        public List<BackupFinding> unreadable(RuntimeException e) {
            String why = e.getMessage();
            if (e instanceof ProviderException pe && pe.reason() == ProviderException.Reason.NOT_FOUND) {
                return List.of(new BackupFinding(resource, "exists", "exists", "not found (" + why + ")",
                        Severity.HIGH, "check the name, or create it as the runbook says"));
            }
            String op = e instanceof ProviderException pe && pe.operation() != null ? pe.operation()
                    : operation().toString();
            return List.of(new BackupFinding(resource, "readable", "readable with " + op, "unreadable (" + why + ")",
                    Severity.HIGH, "grant " + op + " and check that " + region + " answers, then audit again"));
        }
    }

    /** The reads an audit of {@code resources} makes, in order; {@code now} dates the snapshots. */
    public List<BackupCheck> checks(BackupResources resources, Instant now) {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(now, "now");
        Region primary = resources.primary();
        Region dr = resources.dr();
        List<BackupCheck> checks = new ArrayList<>();
        for (String db : resources.databases()) {
            String res = "db-instance " + db + " (" + primary + ")";
            checks.add(new BackupCheck(res, List.of(RDS_DESCRIBE_INSTANCES), primary,
                    p -> databaseFindings(res, p.databases().describeBackupSettings(primary, db))));
            checks.add(new BackupCheck(res, List.of(RDS_DESCRIBE_SNAPSHOTS), primary,
                    p -> manualSnapshotFindings(res, db, primary, dr, false,
                            p.databases().listSnapshots(primary, db, SnapshotType.MANUAL), now)));
            if (manualSnapshotsCopiedToDr) {
                String drRes = "db-snapshots of " + db + " (" + dr + ")";
                checks.add(new BackupCheck(drRes, List.of(RDS_DESCRIBE_SNAPSHOTS), dr,
                        p -> manualSnapshotFindings(drRes, db, primary, dr, true,
                                p.databases().listSnapshots(dr, db, SnapshotType.MANUAL), now)));
            }
        }
        for (String group : resources.caches()) {
            String res = "replication-group " + group + " (" + primary + ")";
            checks.add(new BackupCheck(res, List.of(CACHE_DESCRIBE), primary,
                    p -> cacheFindings(res, p.caches().describeSnapshotSettings(primary, group))));
        }
        for (String bucket : resources.buckets()) {
            String res = "bucket " + bucket + " (" + primary + ")";
            checks.add(new BackupCheck(res, S3_READS, primary,
                    p -> bucketFindings(res, p.objectStorage().describeProtection(primary, bucket), dr)));
        }
        if (!resources.images().isEmpty()) {
            if (imagesReplicatedToDr) {
                String res = "registry (" + primary + ")";
                checks.add(new BackupCheck(res, List.of(ECR_DESCRIBE_REGISTRY), primary,
                        p -> registryFindings(res, p.registries().replicationRules(primary), dr,
                                resources.repositories())));
            }
            String res = "registry (" + dr + ")";
            checks.add(new BackupCheck(res, List.of(ECR_DESCRIBE_IMAGES), dr,
                    p -> imageFindings(res, dr, resources.images(), i -> {
                        int colon = i.lastIndexOf(':');
                        return p.registries().imageExists(dr, i.substring(0, colon), i.substring(colon + 1));
                    })));
        }
        return List.copyOf(checks);
    }

    /**
     * Reads the account through {@code providers} and returns every difference from this policy.
     * A resource that cannot be read is a {@link Severity#HIGH} finding, not an exception.
     *
     * @param now the time snapshots' ages are measured at (the engine's scheduler in a plan)
     */
    public BackupAudit audit(Providers providers, BackupResources resources, Instant now) {
        Objects.requireNonNull(providers, "providers");
        List<BackupFinding> findings = new ArrayList<>();
        for (BackupCheck c : checks(resources, now)) {
            try {
                findings.addAll(c.read().apply(providers));
            } catch (ProviderException e) {
                findings.addAll(c.unreadable(e));
            }
        }
        return new BackupAudit(findings);
    }

    // ---- what the policy makes of each setting ----

    /** The findings for an RDS instance's automated backups. */
    public List<BackupFinding> databaseFindings(String resource, DbBackupSettings s) {
        List<BackupFinding> f = new ArrayList<>();
        String id = s.instanceId();
        String modify = "aws rds modify-db-instance --db-instance-identifier " + id;
        if (s.retentionDays() != databaseRetentionDays) {
            Severity sev = s.retentionDays() == 0 ? Severity.HIGH
                    : s.retentionDays() < databaseRetentionDays ? Severity.MEDIUM : Severity.LOW;
            f.add(new BackupFinding(resource, "backup retention", days(databaseRetentionDays),
                    s.retentionDays() == 0 ? "0 days (automated backups off)" : days(s.retentionDays()), sev,
                    modify + " --backup-retention-period " + databaseRetentionDays + " --apply-immediately"
                            + " (Terraform: aws_db_instance.backup_retention_period = " + databaseRetentionDays + ")"));
        }
        if (!within(s.backupWindow(), databaseBackupWindow)) {
            f.add(new BackupFinding(resource, "backup window", databaseBackupWindow + " UTC",
                    s.backupWindow() == null ? "none" : s.backupWindow() + " UTC", Severity.LOW,
                    modify + " --preferred-backup-window " + databaseBackupWindow + " --apply-immediately"
                            + " (Terraform: aws_db_instance.backup_window = \"" + databaseBackupWindow + "\")"));
        }
        if (databaseEncrypted && !s.storageEncrypted()) {
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
    public List<BackupFinding> manualSnapshotFindings(String resource, String instanceId, Region primary, Region dr,
                                                      boolean inDr, List<DbSnapshot> snapshots, Instant now) {
        List<BackupFinding> f = new ArrayList<>();
        Optional<DbSnapshot> newest = snapshots.stream().filter(DbSnapshot::isAvailable)
                .max(java.util.Comparator.comparing(DbSnapshot::createdAt));
        String expected = (inDr ? "a manual snapshot copied to " + dr : "a manual snapshot") + " at most "
                + age(manualSnapshotInterval) + " old";
        if (newest.isEmpty() || newest.get().age(now).compareTo(manualSnapshotInterval) > 0) {
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
                .filter(s -> s.age(now).compareTo(manualSnapshotRetention) > 0).map(DbSnapshot::id).toList();
        if (!expired.isEmpty()) {
            f.add(new BackupFinding(resource, "manual snapshot retention",
                    "none older than " + age(manualSnapshotRetention), "older: " + expired, Severity.LOW,
                    "aws rds delete-db-snapshot --db-snapshot-identifier <id> --region " + (inDr ? dr : primary)
                            + " for each, or a pruneSnapshots step"));
        }
        return f;
    }

    /** The findings for a Redis replication group's automatic snapshots. */
    public List<BackupFinding> cacheFindings(String resource, CacheSnapshotSettings s) {
        if (s.retentionDays() == cacheRetentionDays) {
            return List.of();
        }
        Severity sev = s.retentionDays() < cacheRetentionDays ? Severity.MEDIUM : Severity.LOW;
        return List.of(new BackupFinding(resource, "snapshot retention", days(cacheRetentionDays) + " of daily snapshots",
                s.retentionDays() == 0 ? "0 days (automatic snapshots off)" : days(s.retentionDays()), sev,
                "aws elasticache modify-replication-group --replication-group-id " + s.groupId()
                        + " --snapshot-retention-limit " + cacheRetentionDays + " --apply-immediately"
                        + " (Terraform: aws_elasticache_replication_group.snapshot_retention_limit = "
                        + cacheRetentionDays + ")"));
    }

    /**
     * The findings for a bucket: versioning Enabled; an Enabled replication rule for every object
     * whose destination bucket is in {@code dr}; Enabled lifecycle rules over the whole bucket that expire noncurrent
     * versions after {@link #noncurrentVersionDays()} and make {@link #transitions()}. Disabled
     * rules and rules limited by a filter do not count.
     */
    public List<BackupFinding> bucketFindings(String resource, BucketProtection b, Region dr) {
        List<BackupFinding> f = new ArrayList<>();
        String bucket = b.bucket();
        if (bucketVersioning && !b.versioningEnabled()) {
            f.add(new BackupFinding(resource, "versioning", "Enabled", b.versioning(), Severity.HIGH,
                    "aws s3api put-bucket-versioning --bucket " + bucket + " --versioning-configuration Status=Enabled"
                            + " (Terraform: aws_s3_bucket_versioning.versioning_configuration.status = \"Enabled\")"));
        }
        if (bucketsReplicatedToDr && b.replication().stream()
                .noneMatch(r -> r.enabled() && r.wholeBucket() && dr.equals(r.destinationRegion()))) {
            f.add(new BackupFinding(resource, "replication", "an Enabled rule for every object to a bucket in " + dr,
                    b.replication().isEmpty() ? "no replication rule"
                            : String.join(", ", b.replication().stream().map(BackupPolicy::describe).toList()),
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
        if (noncurrentVersionDays > 0) {
            int actual = counting.stream().mapToInt(LifecycleRule::noncurrentExpirationDays).filter(d -> d > 0)
                    .min().orElse(0);
            if (actual != noncurrentVersionDays) {
                f.add(new BackupFinding(resource, "noncurrent version retention", days(noncurrentVersionDays),
                        (actual == 0 ? "never expire" : days(actual)) + (ignored.isEmpty() ? "" : " (" + ignored + ")"),
                        actual != 0 && actual < noncurrentVersionDays ? Severity.MEDIUM : Severity.LOW,
                        putLifecycle + " with NoncurrentVersionExpiration.NoncurrentDays=" + noncurrentVersionDays
                                + " (Terraform: aws_s3_bucket_lifecycle_configuration.rule.noncurrent_version_expiration"
                                + ".noncurrent_days = " + noncurrentVersionDays + ")"));
            }
        }
        for (Transition t : transitions) {
            List<Integer> actual = counting.stream().flatMap(r -> r.transitions().stream())
                    .filter(x -> t.storageClass().equals(x.storageClass())).map(Transition::days).sorted().toList();
            if (!actual.equals(List.of(t.days()))) {
                f.add(new BackupFinding(resource, "transition to " + t.storageClass(), "after " + days(t.days()),
                        (actual.isEmpty() ? "none" : "after " + String.join(", ", actual.stream().map(BackupPolicy::days)
                                .toList())) + (ignored.isEmpty() ? "" : " (" + ignored + ")"),
                        Severity.LOW, putLifecycle + " with Transition Days=" + t.days() + ", StorageClass="
                                + t.storageClass() + " (Terraform: aws_s3_bucket_lifecycle_configuration.rule.transition"
                                + " { days = " + t.days() + ", storage_class = \"" + t.storageClass() + "\" })"));
            }
        }
        return f;
    }

    /** The finding when the registry's replication rules do not copy every repository to {@code dr}. */
    public List<BackupFinding> registryFindings(String resource, List<RegistryReplicationRule> rules, Region dr,
                                                List<String> repositories) {
        List<String> uncovered = repositories.stream()
                .filter(repo -> rules.stream().noneMatch(r -> r.covers(dr, repo))).toList();
        if (uncovered.isEmpty()) {
            return List.of();
        }
        String actual = rules.isEmpty() ? "no replication rule"
                : "rules " + String.join(", ", rules.stream().map(BackupPolicy::describe).toList())
                + " do not copy " + uncovered;
        return List.of(new BackupFinding(resource, "replication", "a rule copying " + repositories + " to " + dr,
                actual, Severity.HIGH, "aws ecr put-replication-configuration --replication-configuration"
                        + " 'rules=[{destinations=[{region=" + dr + ",registryId=<account id>}]}]'"
                        + " (Terraform: aws_ecr_replication_configuration.replication_configuration.rule.destination.region"
                        + " = \"" + dr + "\")"));
    }

    /** The finding when some of {@code images} ({@code repository:tag}) are not in the registry of {@code dr}. */
    public List<BackupFinding> imageFindings(String resource, Region dr, List<String> images,
                                             java.util.function.Predicate<String> present) {
        List<String> missing = images.stream().filter(present.negate()).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of(new BackupFinding(resource, "images", images + " present", "missing " + missing, Severity.HIGH,
                "turn replication to " + dr + " on, then push the images again to the primary registry (replication"
                        + " copies only pushes made after it is on), or push them to the " + dr + " registry"));
    }

    private static String describe(ReplicationRule r) {
        return "rule '" + r.id() + "' (" + r.status() + (r.wholeBucket() ? "" : ", only " + r.filter()) + ") to "
                + r.destinationBucketName()
                + (r.destinationRegion() == null ? " whose region could not be read" : " in " + r.destinationRegion());
    }

    private static String describe(RegistryReplicationRule r) {
        return r.destinations().stream().map(d -> d.region().code()).toList()
                + (r.repositoryPrefixes().isEmpty() ? "" : " for prefixes " + r.repositoryPrefixes());
    }

    /** "7 days", "10 days 3h", or hours and minutes under a day. */
    private static String age(Duration d) {
        if (d.toDays() < 1) {
            return Durations.format(d);
        }
        long hours = d.minusDays(d.toDays()).toHours();
        return days((int) d.toDays()) + (hours == 0 ? "" : " " + hours + "h");
    }

    private static String days(int n) {
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

    private static int minutes(Matcher m, int group) {
        return Integer.parseInt(m.group(group)) * 60 + Integer.parseInt(m.group(group + 1));
    }

    @Override
    public String toString() {
        return "BackupPolicy[RDS automated backups " + days(databaseRetentionDays) + " in " + databaseBackupWindow
                + " UTC" + (databaseEncrypted ? ", encrypted" : "") + "; manual snapshots every "
                + age(manualSnapshotInterval) + (manualSnapshotsCopiedToDr ? ", copied to the DR region" : "")
                + ", kept " + age(manualSnapshotRetention) + "; Redis snapshots " + days(cacheRetentionDays)
                + "; S3 versioning " + (bucketVersioning ? "Enabled" : "not required") + ", noncurrent versions "
                + (noncurrentVersionDays == 0 ? "kept" : days(noncurrentVersionDays))
                + (bucketsReplicatedToDr ? ", replicated to the DR region" : "") + ", transitions "
                + transitions.stream().map(t -> t.storageClass() + " after " + days(t.days())).toList()
                + "; images " + (imagesReplicatedToDr ? "replicated to the DR registry" : "in the DR registry") + "]";
    }

    /**
     * Builder of {@link BackupPolicy}, starting from the runbook's values. Setters reject bad values
     * at once, naming the value and the fix.
     */
    public static final class Builder {
        private int databaseRetentionDays = 7;
        private String databaseBackupWindow = "02:00-03:00";
        private boolean databaseEncrypted = true;
        private Duration manualSnapshotInterval = Duration.ofDays(7);
        private Duration manualSnapshotRetention = Duration.ofDays(30);
        private boolean manualSnapshotsCopiedToDr = true;
        private int cacheRetentionDays = 3;
        private boolean bucketVersioning = true;
        private int noncurrentVersionDays = 365;
        private boolean bucketsReplicatedToDr = true;
        private List<Transition> transitions = List.of(new Transition(30, "STANDARD_IA"), new Transition(90, "GLACIER"));
        private boolean imagesReplicatedToDr = true;

        private Builder() { }

        private Builder(BackupPolicy p) {
            databaseRetentionDays = p.databaseRetentionDays;
            databaseBackupWindow = p.databaseBackupWindow;
            databaseEncrypted = p.databaseEncrypted;
            manualSnapshotInterval = p.manualSnapshotInterval;
            manualSnapshotRetention = p.manualSnapshotRetention;
            manualSnapshotsCopiedToDr = p.manualSnapshotsCopiedToDr;
            cacheRetentionDays = p.cacheRetentionDays;
            bucketVersioning = p.bucketVersioning;
            noncurrentVersionDays = p.noncurrentVersionDays;
            bucketsReplicatedToDr = p.bucketsReplicatedToDr;
            transitions = p.transitions;
            imagesReplicatedToDr = p.imagesReplicatedToDr;
        }

        /** RDS automated-backup retention, 1 to 35 days (RDS's range; 0 would turn backups off). */
        public Builder databaseRetentionDays(int days) {
            range("databaseRetentionDays", days, 1, 35);
            databaseRetentionDays = days;
            return this;
        }

        /** RDS backup window, {@code hh:mm-hh:mm} in UTC, at least 30 minutes as RDS requires. */
        public Builder databaseBackupWindow(String window) {
            Matcher m = window == null ? null : WINDOW.matcher(window);
            if (m == null || !m.matches() || Math.floorMod(minutes(m, 3) - minutes(m, 1), 1440) < 30) {
                throw new IllegalArgumentException("databaseBackupWindow must be hh:mm-hh:mm in UTC, at least 30 minutes,"
                        + " but was '" + window + "'; use e.g. \"02:00-03:00\"");
            }
            databaseBackupWindow = window;
            return this;
        }

        public Builder databaseEncrypted(boolean required) {
            databaseEncrypted = required;
            return this;
        }

        /** Manual snapshots: one at least every {@code every}, each kept {@code keptFor}. */
        public Builder manualSnapshots(Duration every, Duration keptFor) {
            positive("manualSnapshots every", every);
            positive("manualSnapshots keptFor", keptFor);
            if (keptFor.compareTo(every) < 0) {
                throw new IllegalArgumentException("manualSnapshots keptFor (" + age(keptFor)
                        + ") must be at least every (" + age(every) + "), or no snapshot would exist"
                        + " between two; keep them longer, e.g. Duration.ofDays(30)");
            }
            manualSnapshotInterval = every;
            manualSnapshotRetention = keptFor;
            return this;
        }

        public Builder manualSnapshotsCopiedToDr(boolean required) {
            manualSnapshotsCopiedToDr = required;
            return this;
        }

        /** Redis automatic-snapshot retention, 1 to 35 days (ElastiCache's range). */
        public Builder cacheRetentionDays(int days) {
            range("cacheRetentionDays", days, 1, 35);
            cacheRetentionDays = days;
            return this;
        }

        public Builder bucketVersioning(boolean required) {
            bucketVersioning = required;
            return this;
        }

        /** Days noncurrent object versions are kept before they expire; 0 to not check. */
        public Builder noncurrentVersionDays(int days) {
            range("noncurrentVersionDays", days, 0, 100_000);
            noncurrentVersionDays = days;
            return this;
        }

        public Builder bucketsReplicatedToDr(boolean required) {
            bucketsReplicatedToDr = required;
            return this;
        }

        /** The lifecycle transitions every bucket must have (each storage class once). */
        public Builder transitions(Transition... transitions) {
            List<Transition> list = List.of(transitions);
            for (Transition t : list) {
                range("transition to " + t.storageClass() + " days", t.days(), 0, 100_000);
                if (t.storageClass() == null || t.storageClass().isBlank()) {
                    throw new IllegalArgumentException("transition storage class must not be blank but was '"
                            + t.storageClass() + "'; use e.g. new Transition(30, \"STANDARD_IA\")");
                }
            }
            if (list.stream().map(Transition::storageClass).distinct().count() != list.size()) {
                throw new IllegalArgumentException("transitions name a storage class twice: " + list
                        + "; give each storage class once");
            }
            this.transitions = list;
            return this;
        }

        public Builder imagesReplicatedToDr(boolean required) {
            imagesReplicatedToDr = required;
            return this;
        }

        public BackupPolicy build() {
            return new BackupPolicy(this);
        }

        private static void range(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(field + " must be between " + min + " and " + max + " but was "
                        + value);
            }
        }

        private static void positive(String field, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(field + " must be a positive duration but was " + d
                        + "; use e.g. Duration.ofDays(7)");
            }
        }
    }
}
