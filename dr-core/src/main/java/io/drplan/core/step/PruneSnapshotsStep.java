package io.drplan.core.step;

import static io.drplan.core.spi.Operations.RDS_DELETE_SNAPSHOT;

import io.drplan.core.Durations;
import io.drplan.core.Region;
import io.drplan.core.StepKind;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The backup strategy's retention ({@code s.pruneSnapshots(instanceId)}): deletes manual snapshots
 * older than {@code olderThan(..)} (the 30-day retention of weekly snapshots), but only those whose id
 * starts with the plan's own {@code prefix(..)} and only {@code available} ones: a snapshot someone
 * else took, or one still being created or copied, is never touched. Output: {@code deleted}.
 */
public final class PruneSnapshotsStep extends SnapshotPolicyStep<PruneSnapshotsStep> {
    private Duration retention;
    private String prefix;

    PruneSnapshotsStep(PlanRegions regions, String instanceId) {
        super(regions, StepKind.PRUNE_SNAPSHOTS, instanceId, SnapshotType.MANUAL);
    }

    /** Delete snapshots older than this (the retention). */
    public PruneSnapshotsStep olderThan(Duration retention) {
        this.retention = retention;
        return this;
    }

    /**
     * Required: only snapshots whose id starts with this are deleted, the prefix of the ids this plan
     * gives its snapshots (e.g. {@code "vibe-manual-snapshot-"}, which also matches the {@code -dr}
     * copies).
     */
    public PruneSnapshotsStep prefix(String idPrefix) {
        this.prefix = idPrefix;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(snapshots(), retention, prefix);
    }

    private record Action(Snapshots snapshots, Duration retention, String prefix) implements StepAction {
        @Override
        public String description() {
            return "Delete available " + snapshots.type().name().toLowerCase(java.util.Locale.ROOT) + " snapshots "
                    + prefix + "* of " + snapshots.instanceId() + " in " + snapshots.regionCode() + " older than "
                    + Durations.format(retention);
        }

        @Override
        public List<Operation> operations() {
            return List.of(snapshots.describe(), Ops.on(RDS_DELETE_SNAPSHOT, Ops.in(snapshots.regionCode(), "snapshot", "*")));
        }


        @Override
        public Set<String> outputs() {
            return Set.of("deleted");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            snapshots.validate("pruneSnapshots", "olderThan", retention, p);
            if (prefix == null || prefix.isBlank()) {
                p.add("pruneSnapshots prefix is missing; set the id prefix of the snapshots this plan creates, e.g."
                        + " .prefix(\"vibe-manual-snapshot-\"), so that snapshots others took are never deleted");
            }
            if (snapshots.type() != SnapshotType.MANUAL) {
                p.add("pruneSnapshots only deletes MANUAL snapshots but snapshotType was " + snapshots.type()
                        + "; automated ones expire by their retention period");
            }
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Region region = Region.of(snapshots.regionCode());
            Instant now = ctx.now();
            return snapshots.list(ctx).thenCompose(snaps -> {
                List<DbSnapshot> old = snaps.stream().filter(s -> s.id().startsWith(prefix))
                        .filter(s -> s.age(now).compareTo(retention) > 0).toList();
                List<DbSnapshot> expired = old.stream().filter(DbSnapshot::isAvailable).toList();
                old.stream().filter(s -> !s.isAvailable()).forEach(s -> ctx.note("kept " + s.id() + ": it is "
                        + s.status() + ", not available"));
                CompletionStage<Void> chain = Steps.DONE;
                for (DbSnapshot s : expired) {
                    chain = chain.thenCompose(x -> ctx.call(RDS_DELETE_SNAPSHOT, snapshots.endpoint(), () -> {
                        ctx.providers().databases().deleteSnapshot(region, s.id());
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
