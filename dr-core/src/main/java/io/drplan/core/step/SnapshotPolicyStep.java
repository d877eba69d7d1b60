package io.drplan.core.step;

import io.drplan.core.spi.Operations;
import static io.drplan.core.spi.Operations.RDS_DELETE_SNAPSHOT;
import static io.drplan.core.spi.Operations.RDS_DESCRIBE_SNAPSHOTS;

import io.drplan.core.Durations;
import io.drplan.core.Region;
import io.drplan.core.StepFailedException;
import io.drplan.core.internal.PlanChecks;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's backup strategy as checks and housekeeping: {@code checkBackupFreshness} fails when
 * the newest available snapshot of an instance in a region is older than {@code maxAge} (the
 * drill checklist's "verify backup integrity": a restore now would lose more than the RPO);
 * {@code pruneSnapshots} deletes manual snapshots older than {@code olderThan} (the 30-day
 * retention of weekly snapshots), but only those whose id starts with the plan's own
 * {@code prefix(..)} and only {@code available} ones: a snapshot someone else took, or one still
 * being created or copied, is never touched. Outputs: {@code snapshotId} and {@code restorePoint} of the newest
 * snapshot, or {@code deleted}.
 */
public final class SnapshotPolicyStep extends StepBuilder<SnapshotPolicyStep> {
    private final boolean prune;
    private final String instanceId;
    private String region;
    private Duration age;
    private SnapshotType type;
    private String prefix;

    SnapshotPolicyStep(PlanRegions regions, boolean prune, String instanceId) {
        super(regions);
        this.prune = prune;
        this.instanceId = instanceId;
        this.region = regions.target();
        this.type = prune ? SnapshotType.MANUAL : SnapshotType.ANY;
    }

    /** The region of the snapshots (the plan's target region by default: where a restore would happen). */
    public SnapshotPolicyStep in(String region) {
        this.region = region;
        return this;
    }

    /** For the freshness check: the oldest acceptable newest snapshot (usually the RPO). */
    public SnapshotPolicyStep maxAge(Duration maxAge) {
        this.age = maxAge;
        return this;
    }

    /** For pruning: delete snapshots older than this (the retention). */
    public SnapshotPolicyStep olderThan(Duration retention) {
        this.age = retention;
        return this;
    }

    /**
     * For pruning (required): only snapshots whose id starts with this are deleted, the prefix of the
     * ids this plan gives its snapshots (e.g. {@code "vibe-manual-snapshot-"}, which also matches the
     * {@code -dr} copies).
     */
    public SnapshotPolicyStep prefix(String idPrefix) {
        this.prefix = idPrefix;
        return this;
    }

    /** Which snapshots count (any for the check, manual ones for pruning, by default). */
    public SnapshotPolicyStep snapshotType(SnapshotType type) {
        this.type = type;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(prune, instanceId, region, age, type, prefix);
    }

    private record Action(boolean prune, String instanceId, String regionCode, Duration age, SnapshotType type,
                          String prefix)
            implements StepAction {
        @Override
        public String description() {
            return prune ? "Delete available " + type.name().toLowerCase() + " snapshots " + prefix + "* of " + instanceId
                    + " in " + regionCode + " older than " + Durations.format(age)
                    : "Verify backup integrity: the newest snapshot of " + instanceId + " in " + regionCode
                    + " is at most " + Durations.format(age) + " old";
        }

        @Override
        public List<Operation> operations() {
            Operation describe = Ops.on(RDS_DESCRIBE_SNAPSHOTS, Ops.in(regionCode, "db", instanceId),
                    Ops.in(regionCode, "snapshot", "*"));
            return prune ? List.of(describe, Ops.on(RDS_DELETE_SNAPSHOT, Ops.in(regionCode, "snapshot", "*")))
                    : List.of(describe);
        }

        @Override
        public Duration estimate() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Set<String> outputs() {
            return prune ? Set.of("deleted") : Set.of("snapshotId", "restorePoint");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require(prune ? "pruneSnapshots instance id" : "checkBackupFreshness instance id", instanceId,
                    "\"vibe-postgres-production\"", p);
            region("in (region)", regionCode, p);
            PlanChecks.positive(prune ? "olderThan" : "maxAge", age, p);
            if (prune && (prefix == null || prefix.isBlank())) {
                p.add("pruneSnapshots prefix is missing; set the id prefix of the snapshots this plan creates, e.g."
                        + " .prefix(\"vibe-manual-snapshot-\"), so that snapshots others took are never deleted");
            }
            if (prune && type != SnapshotType.MANUAL) {
                p.add("pruneSnapshots only deletes MANUAL snapshots but snapshotType was " + type
                        + "; automated ones expire by their retention period");
            }
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Region region = Region.of(regionCode);
            DatabaseProvider db = ctx.providers().databases();
            String ep = Ops.aws("rds", region);
            Instant now = ctx.now();
            CompletionStage<List<DbSnapshot>> listed = ctx.call(RDS_DESCRIBE_SNAPSHOTS, ep,
                    () -> db.listSnapshots(region, instanceId, type));
            if (!prune) {
                return listed.thenApply(snaps -> {
                    DbSnapshot newest = snaps.stream().filter(DbSnapshot::isAvailable).findFirst()
                            .orElseThrow(() -> new StepFailedException("no available snapshot of '" + instanceId
                                    + "' in " + region + "; a restore there is impossible: check the backup copy"));
                    Duration old = newest.age(now);
                    if (old.compareTo(age) > 0) {
                        throw new StepFailedException("the newest snapshot of '" + instanceId + "' in " + region + " ("
                                + newest.id() + ") is " + Durations.format(old) + " old, more than "
                                + Durations.format(age) + "; a restore now would lose that much data: check the"
                                + " backup schedule and the cross-region copy");
                    }
                    ctx.note("newest snapshot " + newest.id() + " is " + Durations.format(old) + " old");
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("snapshotId", newest.id());
                    out.put("restorePoint", newest.createdAt());
                    return out;
                });
            }
            return listed.thenCompose(snaps -> {
                List<DbSnapshot> old = snaps.stream().filter(s -> s.id().startsWith(prefix))
                        .filter(s -> s.age(now).compareTo(age) > 0).toList();
                List<DbSnapshot> expired = old.stream().filter(DbSnapshot::isAvailable).toList();
                old.stream().filter(s -> !s.isAvailable()).forEach(s -> ctx.note("kept " + s.id() + ": it is "
                        + s.status() + ", not available"));
                CompletionStage<Void> chain = Steps.DONE;
                for (DbSnapshot s : expired) {
                    chain = chain.thenCompose(x -> ctx.call(RDS_DELETE_SNAPSHOT, ep, () -> {
                        db.deleteSnapshot(region, s.id());
                        ctx.deleted(io.drplan.core.Resource.rdsSnapshot(region, s.id()));
                        return null;
                    }));
                }
                return chain.thenApply(x -> Map.<String, Object>of("deleted",
                        expired.stream().map(DbSnapshot::id).toList()));
            });
        }
    }
}
