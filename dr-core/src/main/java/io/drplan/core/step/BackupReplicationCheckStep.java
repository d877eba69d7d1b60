package io.drplan.core.step;

import static io.drplan.core.spi.Operations.RDS_DESCRIBE_AUTOMATED_BACKUPS;

import io.drplan.core.StepKind;
import io.drplan.core.internal.PlanChecks;
import io.drplan.core.Durations;
import io.drplan.core.Region;
import io.drplan.core.StepFailedException;
import io.drplan.core.spi.DatabaseProvider.AutomatedBackup;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Readiness for a DR restore from automated backups: {@code checkBackupReplication(id)} fails unless
 * the instance's automated backups are replicated to the DR region ({@code replicating}), kept at
 * least the runbook's 7 days there, and restorable to a point at most {@code maxLag} old (the RPO a
 * restore now would give). One {@code DescribeDBInstanceAutomatedBackups} in the DR region. Outputs:
 * {@code arn}, {@code latestRestorableTime}, {@code retentionDays}.
 *
 * <pre>{@code
 * .step("backups", s -> s.checkBackupReplication("vibe-postgres-production").maxLag(Duration.ofHours(1)))
 * }</pre>
 */
public final class BackupReplicationCheckStep extends StepBuilder<BackupReplicationCheckStep> {
    /** The runbook's automated backup retention: 7 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** The default oldest acceptable latest restorable time: the runbook's RPO of one hour. */
    public static final Duration DEFAULT_MAX_LAG = Duration.ofHours(1);

    private final String instanceId;
    private String region;
    private String sourceRegion;
    private Duration retention = DEFAULT_RETENTION;
    private Duration maxLag = DEFAULT_MAX_LAG;

    BackupReplicationCheckStep(PlanRegions regions, String instanceId) {
        super(regions, StepKind.CHECK_BACKUP_REPLICATION);
        this.instanceId = instanceId;
        this.region = regions.target();
        this.sourceRegion = regions.source();
    }

    /** The region the backups must be replicated to (the plan's target region by default). */
    public BackupReplicationCheckStep to(String region) {
        this.region = region;
        return this;
    }

    /** The minimum retention of the replicated backups ({@link #DEFAULT_RETENTION} by default). */
    public BackupReplicationCheckStep retention(Duration retention) {
        this.retention = retention;
        return this;
    }

    /** The oldest acceptable latest restorable time ({@link #DEFAULT_MAX_LAG} by default; usually the RPO). */
    public BackupReplicationCheckStep maxLag(Duration maxLag) {
        this.maxLag = maxLag;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(instanceId, region, sourceRegion, retention, maxLag);
    }

    private record Action(String instanceId, String regionCode, String sourceRegion, Duration retention,
                          Duration maxLag) implements StepAction {
        @Override
        public String description() {
            return "Verify backup integrity: automated backups of " + instanceId + " are replicated to " + regionCode
                    + ", kept " + (retention == null ? "?" : retention.toDays()) + "+ days, at most "
                    + (maxLag == null ? "?" : Durations.format(maxLag)) + " behind";
        }

        @Override
        public List<Operation> operations() {
            return List.of(RDS_DESCRIBE_AUTOMATED_BACKUPS);
        }


        @Override
        public Set<String> outputs() {
            return Set.of("arn", "latestRestorableTime", "retentionDays");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("checkBackupReplication instance id", instanceId, "\"vibe-postgres-production\"", p);
            region("to (region)", regionCode, p);
            PlanChecks.positive("retention", retention, p);
            PlanChecks.positive("maxLag", maxLag, p);
            if (regionCode != null && regionCode.equals(sourceRegion)) {
                p.add("to (region) '" + regionCode + "' is the instance's own region; check the DR region instead");
            }
            return p;
        }

        @Override
        public List<String> inspect(io.drplan.core.spi.Providers providers, Instant now, Duration rpo) {
            List<AutomatedBackup> found = replicated(providers.databases().listAutomatedBackups(Region.of(regionCode),
                    instanceId));
            return List.of(found.isEmpty() ? "automated backups of " + instanceId + ": not replicated to " + regionCode
                    : "automated backups of " + instanceId + " in " + regionCode + ": " + found.get(0).status()
                    + ", kept " + found.get(0).retentionDays() + " days, latest restorable time "
                    + found.get(0).latestRestorableTime() + " (" + Durations.format(found.get(0).age(now)) + " old)");
        }

        private List<AutomatedBackup> replicated(List<AutomatedBackup> all) {
            return all.stream().filter(b -> !b.region().equals(b.sourceRegion()))
                    .sorted(Comparator.comparing(AutomatedBackup::latestRestorableTime,
                            Comparator.nullsLast(Comparator.<Instant>reverseOrder())))
                    .toList();
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Region region = Region.of(regionCode);
            return ctx.call(RDS_DESCRIBE_AUTOMATED_BACKUPS, Ops.aws("rds", region),
                    () -> replicated(ctx.providers().databases().listAutomatedBackups(region, instanceId)))
                    .thenApply(found -> {
                        if (found.isEmpty()) {
                            throw new StepFailedException("automated backups of '" + instanceId + "' are not"
                                    + " replicated to " + region + ", so a DR restore can only use a snapshot copied"
                                    + " there; turn replication on: aws rds start-db-instance-automated-backups-"
                                    + "replication --region " + region + " --source-db-instance-arn <ARN of "
                                    + instanceId + " in " + sourceRegion + "> --backup-retention-period "
                                    + retention.toDays());
                        }
                        AutomatedBackup b = found.get(0);
                        if (!"replicating".equals(b.status())) {
                            throw new StepFailedException("automated backups of '" + instanceId + "' in " + region
                                    + " are " + b.status() + ", not replicating (" + b.arn() + "); restart the"
                                    + " replication from " + b.sourceRegion());
                        }
                        if (b.retentionDays() < retention.toDays()) {
                            throw new StepFailedException("automated backups of '" + instanceId + "' in " + region
                                    + " are kept " + b.retentionDays() + " days, less than the " + retention.toDays()
                                    + " the runbook requires; restart the replication with --backup-retention-period "
                                    + retention.toDays());
                        }
                        if (b.latestRestorableTime() == null) {
                            throw new StepFailedException("automated backups of '" + instanceId + "' in " + region
                                    + " have no restorable time yet; wait until the first backup is replicated");
                        }
                        Duration age = b.age(ctx.now());
                        if (age.compareTo(maxLag) > 0) {
                            throw new StepFailedException("the latest restorable time of '" + instanceId + "' in "
                                    + region + " (" + b.latestRestorableTime() + ") is " + Durations.format(age)
                                    + " old, more than " + Durations.format(maxLag) + "; a restore now would lose"
                                    + " that much data");
                        }
                        ctx.progress(b.arn() + " replicating, kept " + b.retentionDays() + " days, latest restorable "
                                + b.latestRestorableTime() + " (" + Durations.format(age) + " old)");
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("arn", b.arn());
                        out.put("latestRestorableTime", b.latestRestorableTime());
                        out.put("retentionDays", b.retentionDays());
                        return out;
                    });
        }
    }
}
