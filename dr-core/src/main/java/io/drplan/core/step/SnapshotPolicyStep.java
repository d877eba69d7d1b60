package io.drplan.core.step;

import static io.drplan.core.spi.Operations.RDS_DESCRIBE_SNAPSHOTS;

import io.drplan.core.Region;
import io.drplan.core.StepKind;
import io.drplan.core.internal.PlanChecks;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's backup strategy as a check and as housekeeping on one instance's snapshots in one
 * region: {@link BackupFreshnessStep} ({@code s.checkBackupFreshness(..)}) and
 * {@link PruneSnapshotsStep} ({@code s.pruneSnapshots(..)}).
 *
 * @param <S> the concrete builder, so that chains keep their type
 */
public abstract sealed class SnapshotPolicyStep<S extends SnapshotPolicyStep<S>> extends StepBuilder<S>
        permits BackupFreshnessStep, PruneSnapshotsStep {

    final String instanceId;
    String region;
    SnapshotType type;

    SnapshotPolicyStep(PlanRegions regions, StepKind kind, String instanceId, SnapshotType type) {
        super(regions, kind);
        this.instanceId = instanceId;
        this.region = regions.target();
        this.type = type;
    }

    /** The region of the snapshots (the plan's target region by default: where a restore would happen). */
    public final S in(String region) {
        this.region = region;
        return self();
    }

    /** Which snapshots count. */
    public final S snapshotType(SnapshotType type) {
        this.type = type;
        return self();
    }

    /** The snapshots listed: one instance's, of one type, in one region. */
    record Snapshots(String instanceId, String regionCode, SnapshotType type) {
        Operation describe() {
            return Ops.on(RDS_DESCRIBE_SNAPSHOTS, Ops.in(regionCode, "db", instanceId), Ops.in(regionCode, "snapshot", "*"));
        }

        void validate(String method, String ageField, Duration age, List<String> p) {
            require(method + " instance id", instanceId, "\"vibe-postgres-production\"", p);
            region("in (region)", regionCode, p);
            PlanChecks.positive(ageField, age, p);
        }

        CompletionStage<List<DbSnapshot>> list(StepContext ctx) {
            return ctx.call(RDS_DESCRIBE_SNAPSHOTS, endpoint(),
                    () -> ctx.providers().databases().listSnapshots(Region.of(regionCode), instanceId, type));
        }

        String endpoint() {
            return Ops.aws("rds", Region.of(regionCode));
        }
    }

    Snapshots snapshots() {
        return new Snapshots(instanceId, region, type);
    }
}
