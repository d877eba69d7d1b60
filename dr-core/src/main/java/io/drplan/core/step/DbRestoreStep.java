package io.drplan.core.step;

import static io.drplan.core.step.Ops.RDS_DELETE_INSTANCE;
import static io.drplan.core.step.Ops.RDS_DESCRIBE_INSTANCES;
import static io.drplan.core.step.Ops.RDS_DESCRIBE_SNAPSHOTS;
import static io.drplan.core.step.Ops.RDS_RESTORE;

import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DatabaseProvider.DbRestore;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Restores a new database instance from a snapshot: the newest available one of an instance
 * ({@code restoreLatestSnapshot}) or a named one ({@code restoreSnapshot}), in the plan's target
 * region unless told otherwise, and waits until it is available. Undone by deleting the new
 * instance. Outputs: {@code instanceId}, {@code endpoint}, {@code port}, {@code snapshotId},
 * {@code restorePoint} (read them with {@link io.drplan.core.Refs#database}).
 */
public final class DbRestoreStep extends StepBuilder<DbRestoreStep> {
    /** How long a restore usually takes. */
    public static final Duration DEFAULT_ESTIMATE = Duration.ofMinutes(25);

    private final String sourceInstanceId;
    private final String snapshotId;
    private String region;
    private String newInstanceId;
    private String subnetGroup;
    private final List<String> securityGroups = new ArrayList<>();
    private String instanceClass;
    private boolean multiAz;
    private SnapshotType snapshotType = SnapshotType.AUTOMATED;

    DbRestoreStep(PlanRegions regions, String sourceInstanceId, String snapshotId) {
        super(regions);
        this.sourceInstanceId = sourceInstanceId;
        this.snapshotId = snapshotId;
        this.region = regions.target();
    }

    /** The id of the new instance (required). */
    public DbRestoreStep as(String newInstanceId) {
        this.newInstanceId = newInstanceId;
        return this;
    }

    /** Where to restore (the plan's target region by default). */
    public DbRestoreStep in(String region) {
        this.region = region;
        return this;
    }

    /** The DB subnet group of the new instance (required: restores need one in the region). */
    public DbRestoreStep subnetGroup(String subnetGroup) {
        this.subnetGroup = subnetGroup;
        return this;
    }

    /** VPC security groups of the new instance. */
    public DbRestoreStep securityGroups(String... ids) {
        securityGroups.addAll(List.of(ids));
        return this;
    }

    /** The instance class, e.g. {@code db.t4g.medium} (the snapshot's by default). */
    public DbRestoreStep instanceClass(String instanceClass) {
        this.instanceClass = instanceClass;
        return this;
    }

    /** Whether the new instance is Multi-AZ. */
    public DbRestoreStep multiAz(boolean multiAz) {
        this.multiAz = multiAz;
        return this;
    }

    /** Which snapshots {@code restoreLatestSnapshot} considers (automated by default). */
    public DbRestoreStep snapshotType(SnapshotType type) {
        this.snapshotType = type;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(sourceInstanceId, snapshotId, region, newInstanceId, subnetGroup,
                List.copyOf(securityGroups), instanceClass, multiAz, snapshotType);
    }

    private record Action(String sourceInstanceId, String snapshotId, String regionCode, String newInstanceId,
                          String subnetGroup, List<String> securityGroups, String instanceClass, boolean multiAz,
                          SnapshotType type) implements StepAction {

        @Override
        public String description() {
            String from = snapshotId != null ? "snapshot " + snapshotId
                    : "the latest " + (type == SnapshotType.ANY ? "" : type.name().toLowerCase() + " ")
                    + "snapshot of " + sourceInstanceId;
            return "Restore " + newInstanceId + " in " + regionCode + " from " + from;
        }

        @Override
        public List<Operation> operations() {
            Operation.Target db = Ops.in(regionCode, "db", newInstanceId);
            Operation.Target snapshot = Ops.in(regionCode, "snapshot", snapshotId != null ? snapshotId : "*");
            return List.of(Ops.on(RDS_DESCRIBE_SNAPSHOTS, Ops.in(regionCode, "db", sourceInstanceId), snapshot),
                    Ops.on(RDS_RESTORE, db, snapshot, Ops.in(regionCode, "subgrp", subnetGroup)),
                    Ops.on(RDS_DESCRIBE_INSTANCES, db));
        }

        @Override
        public Duration estimate() {
            return DEFAULT_ESTIMATE;
        }

        @Override
        public Set<String> outputs() {
            return Set.of("instanceId", "endpoint", "port", "snapshotId", "restorePoint");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            if (snapshotId == null) {
                require("restoreLatestSnapshot instance id", sourceInstanceId, "\"vibe-postgres-production\"", p);
            } else {
                require("restoreSnapshot snapshot id", snapshotId, "\"vibe-manual-snapshot-20260101-dr\"", p);
            }
            require("as (new instance id)", newInstanceId, ".as(\"vibe-postgres-dr\")", p);
            require("subnetGroup", subnetGroup, ".subnetGroup(\"vibe-db-subnet-group-dr\")", p);
            region("in (region)", regionCode, p);
            return p;
        }

        @Override
        public boolean compensable() {
            return true;
        }

        @Override
        public List<Operation> compensationOperations() {
            return List.of(Ops.on(RDS_DELETE_INSTANCE, Ops.in(regionCode, "db", newInstanceId)));
        }

        @Override
        public boolean idempotent() {
            return false;
        }

        @Override
        public boolean canAdopt() {
            return true;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Region region = Region.of(regionCode);
            DatabaseProvider db = ctx.providers().databases();
            String ep = Ops.aws("rds", region);
            return findSnapshot(ctx, db, region, ep).thenCompose(snap -> {
                ctx.progress("restoring " + newInstanceId + " from " + snap.id() + " (taken " + snap.createdAt() + ")");
                ctx.checkpoint("snapshotId", snap.id());
                DbRestore restore = new DbRestore(region, snap.id(), newInstanceId, subnetGroup, securityGroups,
                        instanceClass, multiAz);
                return ctx.call(RDS_RESTORE, ep, () -> db.restoreFromSnapshot(restore))
                        .thenCompose(started -> awaitAvailable(ctx, db, region, ep))
                        .thenApply(instance -> outputsOf(instance, snap));
            });
        }

        private CompletionStage<DbSnapshot> findSnapshot(StepContext ctx, DatabaseProvider db, Region region, String ep) {
            if (snapshotId != null) {
                return ctx.call(RDS_DESCRIBE_SNAPSHOTS, ep, () -> Steps.orElseThrow(db.findSnapshot(region, snapshotId),
                        "snapshot '" + snapshotId + "' does not exist in " + region
                                + "; copy it there first or name one that exists"));
            }
            return ctx.call(RDS_DESCRIBE_SNAPSHOTS, ep, () -> db.listSnapshots(region, sourceInstanceId, type).stream()
                    .filter(DbSnapshot::isAvailable)
                    .findFirst()
                    .orElseThrow(() -> new io.drplan.core.StepFailedException("no available " + type.name().toLowerCase()
                            + " snapshot of '" + sourceInstanceId + "' in " + region
                            + "; copy one there (see the backup strategy) or use snapshotType(ANY)")));
        }

        private CompletionStage<DbInstance> awaitAvailable(StepContext ctx, DatabaseProvider db, Region region, String ep) {
            return ctx.await(newInstanceId + " available", RDS_DESCRIBE_INSTANCES, ep, Duration.ofSeconds(30), () -> {
                Optional<DbInstance> i = db.findInstance(region, newInstanceId);
                if (i.isPresent() && i.get().isAvailable() && i.get().endpoint() != null) {
                    return Poll.done(i.get());
                }
                return Poll.pending(i.map(DbInstance::status).orElse("not visible yet"));
            });
        }

        private static Map<String, Object> outputsOf(DbInstance i, DbSnapshot snap) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("instanceId", i.id());
            out.put("endpoint", i.endpoint());
            out.put("port", i.port());
            out.put("snapshotId", snap.id());
            out.put("restorePoint", snap.createdAt());
            return out;
        }

        @Override
        public CompletionStage<Void> compensate(StepContext ctx, Map<String, Object> outputs) {
            Region region = Region.of(regionCode);
            DatabaseProvider db = ctx.providers().databases();
            return ctx.call(RDS_DELETE_INSTANCE, Ops.aws("rds", region), () -> {
                db.deleteInstance(region, newInstanceId, true);
                return null;
            });
        }

        @Override
        public CompletionStage<Optional<Map<String, Object>>> adopt(StepContext ctx) {
            Region region = Region.of(regionCode);
            DatabaseProvider db = ctx.providers().databases();
            String ep = Ops.aws("rds", region);
            return ctx.call(RDS_DESCRIBE_INSTANCES, ep, () -> db.findInstance(region, newInstanceId))
                    .thenCompose(found -> {
                        if (found.isEmpty()) {
                            return java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());
                        }
                        String status = found.get().status();
                        if (status.startsWith("delet") || status.contains("fail")) {
                            return Steps.failed("instance '" + newInstanceId + "' exists but is " + status
                                    + ", so it cannot be adopted; wait until it is gone, then resume again");
                        }
                        ctx.note("adopted " + newInstanceId + ", which already existed after the restart");
                        // the snapshot chosen before the crash, not whatever is newest now: the RPO must be true
                        Optional<Object> chosen = ctx.checkpointed("snapshotId");
                        CompletionStage<DbSnapshot> snapshot = chosen.isPresent()
                                ? ctx.call(RDS_DESCRIBE_SNAPSHOTS, ep, () -> Steps.orElseThrow(
                                        db.findSnapshot(region, chosen.get().toString()), "snapshot '" + chosen.get()
                                                + "', restored from before the restart, is gone from " + region))
                                : findSnapshot(ctx, db, region, ep);
                        return snapshot.thenCompose(snap -> awaitAvailable(ctx, db, region, ep)
                                .thenApply(i -> Optional.of(outputsOf(i, snap))));
                    });
        }
    }
}
