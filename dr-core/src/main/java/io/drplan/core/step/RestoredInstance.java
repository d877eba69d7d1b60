package io.drplan.core.step;

import static io.drplan.core.spi.Operations.RDS_DESCRIBE_INSTANCES;
import static io.drplan.core.spi.Operations.RDS_DELETE_INSTANCE;
import static io.drplan.core.spi.Operations.RDS_DESCRIBE_SNAPSHOTS;

import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link DbRestoreStep}'s new instance once it is asked for: waiting until it is available, the step's
 * outputs from it, and adopting it (or the promoted replica) again after a restart. Internal.
 */
final class RestoredInstance {
    private RestoredInstance() { }

    static CompletionStage<DbInstance> awaitAvailable(StepContext ctx, DatabaseProvider db, Region region,
                                                      String ep, String instanceId, boolean promoted) {
        return ctx.await(instanceId + " available", RDS_DESCRIBE_INSTANCES, ep, Duration.ofSeconds(30), () -> {
            Optional<DbInstance> i = db.findInstance(region, instanceId);
            if (i.isPresent() && i.get().isAvailable() && i.get().endpoint() != null
                    && (!promoted || i.get().replicaSourceId() == null)) {
                return Poll.done(i.get());
            }
            return Poll.pending(i.map(DbInstance::status).orElse("not visible yet"));
        });
    }

    static Map<String, Object> outputsOf(DbInstance i, RestoreSource source, String sourceId,
                                         Instant restorePoint) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instanceId", i.id());
        out.put("endpoint", i.endpoint());
        out.put("port", i.port());
        if (source == RestoreSource.SNAPSHOT_IN_REGION) {
            out.put("snapshotId", sourceId);
        }
        out.put("restorePoint", restorePoint);
        out.put("source", source.name());
        out.put("sourceId", sourceId);
        return out;
    }

    /** Resume: the instance (or promotion) this execution started before a restart, when there is one. */
    static CompletionStage<Optional<Map<String, Object>>> adopt(StepContext ctx, Region region, String newInstanceId) {
        DatabaseProvider db = ctx.providers().databases();
        String ep = Ops.aws("rds", region);
        Optional<Object> chosen = ctx.checkpointed("source");
        if (chosen.isPresent() && RestoreSource.READ_REPLICA.name().equals(chosen.get())) {
            String replica = ctx.checkpointed("sourceId").orElseThrow().toString();
            return ctx.call(RDS_DESCRIBE_INSTANCES, ep, () -> db.findInstance(region, replica))
                    .thenCompose(found -> {
                        if (found.isEmpty() || found.get().replicaSourceId() != null) {
                            return CompletableFuture.completedFuture(Optional.empty());
                        }
                        ctx.note("adopted the promotion of " + replica + ", which happened before the restart");
                        return awaitAvailable(ctx, db, region, ep, replica, true).thenApply(i -> Optional.of(
                                outputsOf(i, RestoreSource.READ_REPLICA, replica, checkpointedPoint(ctx))));
                    });
        }
        return ctx.call(RDS_DESCRIBE_INSTANCES, ep, () -> db.findInstance(region, newInstanceId))
                .thenCompose(found -> {
                    if (found.isEmpty()) {
                        return CompletableFuture.completedFuture(Optional.empty());
                    }
                    if (!Ownership.ours(ctx, found.get().tags())) {
                        // not ours: execute() will refuse it (or replace it) before acting
                        return CompletableFuture.completedFuture(Optional.empty());
                    }
                    return adoptOwn(ctx, db, region, ep, found.get(), newInstanceId).thenApply(Optional::of);
                });
    }

    /** This execution's own instance, found again after a restart: its restore point is the one journaled. */
    static CompletionStage<Map<String, Object>> adoptOwn(StepContext ctx, DatabaseProvider db, Region region,
                                                         String ep, DbInstance own, String newInstanceId) {
        if (own.status().startsWith("delet") || own.status().contains("fail")) {
            return Steps.failed("instance '" + newInstanceId + "' exists but is " + own.status()
                    + ", so it cannot be adopted; wait until it is gone, then resume again");
        }
        ctx.note("adopted " + newInstanceId + ", which this execution created before the restart");
        Optional<Object> src = ctx.checkpointed("source");
        Optional<Object> id = ctx.checkpointed("sourceId").or(() -> ctx.checkpointed("snapshotId"));
        if (id.isEmpty()) {
            return Steps.failed("instance '" + newInstanceId + "' was created by this execution, but the journal"
                    + " does not say what it was restored from, so its restore point is unknown; check it by hand");
        }
        RestoreSource s = src.map(v -> RestoreSource.valueOf(v.toString())).orElse(RestoreSource.SNAPSHOT_IN_REGION);
        CompletionStage<Instant> point = ctx.checkpointed("restorePoint").isPresent()
                ? CompletableFuture.completedFuture(checkpointedPoint(ctx))
                : ctx.call(RDS_DESCRIBE_SNAPSHOTS, ep, () -> Steps.orElseThrow(db.findSnapshot(region,
                        id.get().toString()), "snapshot '" + id.get() + "', restored from before the restart, is gone"
                        + " from " + region).createdAt());
        return point.thenCompose(p -> awaitAvailable(ctx, db, region, ep, newInstanceId, false)
                .thenApply(i -> outputsOf(i, s, id.get().toString(), p)));
    }

    static Instant checkpointedPoint(StepContext ctx) {
        Object v = ctx.checkpointed("restorePoint").orElseThrow();
        return v instanceof Instant at ? at : Instant.parse(v.toString());
    }

    /** Deletes {@code old}, which holds the new instance's name, after a final snapshot ({@code .replaceExisting()}). */
    static CompletionStage<Void> replace(StepContext ctx, DatabaseProvider db, Region region, String ep,
                                         String newInstanceId, DbInstance old) {
        String finalSnapshot = Ownership.finalSnapshotId(ctx) + "-replaced";
        ctx.note("replacing instance '" + newInstanceId + "' (" + Ownership.creator(old.tags())
                + "): deleted after final snapshot " + finalSnapshot);
        ctx.checkpoint("replacedFinalSnapshot", finalSnapshot);
        return ctx.call(RDS_DELETE_INSTANCE, ep, () -> {
            db.deleteInstance(region, newInstanceId, finalSnapshot);
            ctx.deleted(io.drplan.core.Resource.rdsInstance(region, newInstanceId));
            ctx.created(io.drplan.core.Resource.rdsSnapshot(region, finalSnapshot));
            return null;
        }).thenCompose(x -> ctx.await(newInstanceId + " deleted", RDS_DESCRIBE_INSTANCES, ep, Duration.ofSeconds(30),
                () -> {
                    Optional<DbInstance> i = db.findInstance(region, newInstanceId);
                    return i.isEmpty() ? Poll.done((Void) null) : Poll.pending(i.get().status());
                }));
    }

    /** The undo of a restore: deletes the instance this step created, after a final snapshot; nothing else. */
    static CompletionStage<Void> deleteOwn(StepContext ctx, DatabaseProvider db, Region region, String ep,
                                           String newInstanceId) {
        return ctx.call(RDS_DESCRIBE_INSTANCES, ep, () -> db.findInstance(region, newInstanceId))
                .thenCompose(found -> {
                    if (found.isEmpty()) {
                        ctx.note("instance '" + newInstanceId + "' is already gone; nothing to delete");
                        return Steps.DONE;
                    }
                    if (!Ownership.ours(ctx, found.get().tags())) {
                        return Steps.failed("instance '" + newInstanceId + "' was not deleted: it is "
                                + Ownership.creator(found.get().tags()) + ", not by this step of execution "
                                + ctx.executionId() + "; drplan deletes only what its execution created");
                    }
                    String finalSnapshot = Ownership.finalSnapshotId(ctx);
                    return ctx.call(RDS_DELETE_INSTANCE, ep, () -> {
                        db.deleteInstance(region, newInstanceId, finalSnapshot);
                        return null;
                    }).thenApply(x -> {
                        ctx.note(Ownership.deleted(newInstanceId, region, finalSnapshot));
                        return null;
                    });
                });
    }

    /** RDS refused the restore before it created anything: the id was taken, or the source gone, meanwhile. */
    static boolean refusedBeforeCreating(Throwable e) {
        return Steps.cause(e) instanceof io.drplan.core.spi.ProviderException p
                && (p.reason() == io.drplan.core.spi.ProviderException.Reason.CONFLICT
                || p.reason() == io.drplan.core.spi.ProviderException.Reason.NOT_FOUND)
                && (io.drplan.core.spi.Operations.RDS_RESTORE.toString().equals(p.operation())
                || io.drplan.core.spi.Operations.RDS_RESTORE_PITR.toString().equals(p.operation()));
    }
}
