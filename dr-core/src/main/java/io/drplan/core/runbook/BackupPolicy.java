package io.drplan.core.runbook;

import io.drplan.core.Region;
import io.drplan.core.runbook.BackupFinding.Severity;
import io.drplan.core.spi.CacheProvider.CacheSnapshotSettings;
import io.drplan.core.spi.ContainerRegistryProvider.RegistryReplicationRule;
import io.drplan.core.spi.DatabaseProvider.DbBackupSettings;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.ObjectStorageProvider.Transition;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Operations;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.Providers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;

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
    static final List<Operation> S3_READS = List.of(Operations.S3_GET_VERSIONING, Operations.S3_GET_REPLICATION,
            Operations.S3_GET_LIFECYCLE, Operations.S3_GET_BUCKET_LOCATION);

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
        return BackupRules.checks(this, resources, now);
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

    // ---- what the policy makes of each setting (the rules are in BackupRules) ----

    /** The findings for an RDS instance's automated backups. */
    public List<BackupFinding> databaseFindings(String resource, DbBackupSettings s) {
        return BackupRules.databaseFindings(this, resource, s);
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
        return BackupRules.manualSnapshotFindings(this, resource, instanceId, primary, dr, inDr, snapshots, now);
    }

    /** The findings for a Redis replication group's automatic snapshots. */
    public List<BackupFinding> cacheFindings(String resource, CacheSnapshotSettings s) {
        return BackupRules.cacheFindings(this, resource, s);
    }

    /**
     * The findings for a bucket: versioning Enabled; an Enabled replication rule for every object
     * whose destination bucket is in {@code dr}; Enabled lifecycle rules over the whole bucket that expire noncurrent
     * versions after {@link #noncurrentVersionDays()} and make {@link #transitions()}. Disabled
     * rules and rules limited by a filter do not count.
     */
    public List<BackupFinding> bucketFindings(String resource, BucketProtection b, Region dr) {
        return BackupRules.bucketFindings(this, resource, b, dr);
    }

    /** The finding when the registry's replication rules do not copy every repository to {@code dr}. */
    public List<BackupFinding> registryFindings(String resource, List<RegistryReplicationRule> rules, Region dr,
                                                List<String> repositories) {
        return BackupRules.registryFindings(this, resource, rules, dr, repositories);
    }

    /** The finding when some of {@code images} ({@code repository:tag}) are not in the registry of {@code dr}. */
    public List<BackupFinding> imageFindings(String resource, Region dr, List<String> images,
                                             java.util.function.Predicate<String> present) {
        return BackupRules.imageFindings(this, resource, dr, images, present);
    }

    /** Whether {@code actual} lies inside {@code policy} (both {@code hh:mm-hh:mm}, UTC, possibly across midnight). */
    static boolean within(String actual, String policy) {
        return BackupRules.within(actual, policy);
    }

    @Override
    public String toString() {
        return "BackupPolicy[RDS automated backups " + BackupRules.days(databaseRetentionDays) + " in " + databaseBackupWindow
                + " UTC" + (databaseEncrypted ? ", encrypted" : "") + "; manual snapshots every "
                + BackupRules.age(manualSnapshotInterval) + (manualSnapshotsCopiedToDr ? ", copied to the DR region" : "")
                + ", kept " + BackupRules.age(manualSnapshotRetention) + "; Redis snapshots " + BackupRules.days(cacheRetentionDays)
                + "; S3 versioning " + (bucketVersioning ? "Enabled" : "not required") + ", noncurrent versions "
                + (noncurrentVersionDays == 0 ? "kept" : BackupRules.days(noncurrentVersionDays))
                + (bucketsReplicatedToDr ? ", replicated to the DR region" : "") + ", transitions "
                + transitions.stream().map(t -> t.storageClass() + " after " + BackupRules.days(t.days())).toList()
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
            Matcher m = window == null ? null : BackupRules.WINDOW.matcher(window);
            if (m == null || !m.matches() || Math.floorMod(BackupRules.minutes(m, 3) - BackupRules.minutes(m, 1), 1440) < 30) {
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
                throw new IllegalArgumentException("manualSnapshots keptFor (" + BackupRules.age(keptFor)
                        + ") must be at least every (" + BackupRules.age(every) + "), or no snapshot would exist"
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
