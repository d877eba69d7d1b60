package io.drplan.core.step;

import io.drplan.core.Durations;
import io.drplan.core.StepFailedException;
import io.drplan.core.StepKind;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The drill checklist's "verify backup integrity" ({@code s.checkBackupFreshness(instanceId)}): fails
 * when the newest available snapshot of the instance in the region is older than {@code maxAge(..)}
 * (a restore now would lose more than the RPO). Outputs: {@code snapshotId} and {@code restorePoint}
 * of the newest snapshot.
 */
public final class BackupFreshnessStep extends SnapshotPolicyStep<BackupFreshnessStep> {
    private Duration maxAge;

    BackupFreshnessStep(PlanRegions regions, String instanceId) {
        super(regions, StepKind.CHECK_BACKUP_FRESHNESS, instanceId, SnapshotType.ANY);
    }

    /** The oldest acceptable newest snapshot (usually the RPO). */
    public BackupFreshnessStep maxAge(Duration maxAge) {
        this.maxAge = maxAge;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(snapshots(), maxAge);
    }

    private record Action(Snapshots snapshots, Duration maxAge) implements StepAction {
        @Override
        public String description() {
            return "Verify backup integrity: the newest snapshot of " + snapshots.instanceId() + " in "
                    + snapshots.regionCode() + " is at most " + Durations.format(maxAge) + " old";
        }

        @Override
        public List<Operation> operations() {
            return List.of(snapshots.describe());
        }


        @Override
        public Set<String> outputs() {
            return Set.of("snapshotId", "restorePoint");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            snapshots.validate("checkBackupFreshness", "maxAge", maxAge, p);
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            String where = "'" + snapshots.instanceId() + "' in " + snapshots.regionCode();
            java.time.Instant now = ctx.now();
            return snapshots.list(ctx).thenApply(snaps -> {
                DbSnapshot newest = snaps.stream().filter(DbSnapshot::isAvailable).findFirst()
                        .orElseThrow(() -> new StepFailedException("no available snapshot of " + where
                                + "; a restore there is impossible: check the backup copy"));
                Duration old = newest.age(now);
                if (old.compareTo(maxAge) > 0) {
                    throw new StepFailedException("the newest snapshot of " + where + " (" + newest.id() + ") is "
                            + Durations.format(old) + " old, more than " + Durations.format(maxAge) + "; a restore now"
                            + " would lose that much data: check the backup schedule and the cross-region copy");
                }
                ctx.note("newest snapshot " + newest.id() + " is " + Durations.format(old) + " old");
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("snapshotId", newest.id());
                out.put("restorePoint", newest.createdAt());
                return out;
            });
        }
    }
}
