package io.drplan.core.step;

import static io.drplan.core.spi.Operations.RDS_COPY_SNAPSHOT;
import static io.drplan.core.spi.Operations.RDS_CREATE_SNAPSHOT;
import static io.drplan.core.spi.Operations.RDS_DELETE_SNAPSHOT;
import static io.drplan.core.spi.Operations.RDS_DESCRIBE_SNAPSHOTS;

import io.drplan.core.StepKind;
import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotCopy;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's manual snapshot procedure: {@link CreateSnapshotStep} ({@code s.createSnapshot(..)})
 * takes a snapshot of an instance; {@link CopySnapshotStep} ({@code s.copySnapshot(..)}) copies one to
 * another region (the DR region by default), with a KMS key for encrypted snapshots. Both wait until the snapshot is available and are undone by deleting
 * it. The new snapshot is tagged with the execution and step; a snapshot of that id that exists
 * already is adopted only when this execution created it, otherwise the step fails before acting,
 * and the undo deletes nothing this execution did not create. Outputs: {@code snapshotId},
 * {@code arn}, {@code restorePoint}.
 *
 * @param <S> the concrete builder, so that chains keep their type
 */
public abstract sealed class DbSnapshotStep<S extends DbSnapshotStep<S>> extends StepBuilder<S>
        permits CreateSnapshotStep, CopySnapshotStep {

    private final boolean copy;
    private final String source;
    String sourceRegion;
    String targetRegion;
    private String targetId;
    String kmsKeyId;

    DbSnapshotStep(PlanRegions regions, StepKind kind, boolean copy, String source) {
        super(regions, kind);
        this.copy = copy;
        this.source = source;
        this.sourceRegion = regions.source();
        this.targetRegion = copy ? regions.target() : regions.source();
    }

    /** The new snapshot's id (required). */
    public final S as(String snapshotId) {
        this.targetId = snapshotId;
        return self();
    }

    @Override
    StepAction action() {
        return new Action(copy, source, sourceRegion, targetRegion, targetId, kmsKeyId);
    }

    private record Action(boolean copy, String source, String sourceRegion, String targetRegion, String targetId,
                          String kmsKeyId) implements StepAction {
        @Override
        public String description() {
            return copy ? "Copy snapshot " + source + " from " + sourceRegion + " to " + targetRegion + " as " + targetId
                    : "Create snapshot " + targetId + " of " + source + " in " + sourceRegion;
        }

        @Override
        public List<Operation> operations() {
            Operation.Target made = made();
            return copy ? List.of(Ops.on(RDS_DESCRIBE_SNAPSHOTS, made), Ops.on(RDS_COPY_SNAPSHOT,
                            Ops.in(sourceRegion, "snapshot", source), made))
                    : List.of(Ops.on(RDS_CREATE_SNAPSHOT, Ops.in(sourceRegion, "db", source), made),
                    Ops.on(RDS_DESCRIBE_SNAPSHOTS, made));
        }

        /** The snapshot the step makes: in the source region when created, in the target region when copied. */
        private Operation.Target made() {
            return Ops.in(copy ? targetRegion : sourceRegion, "snapshot", targetId);
        }


        @Override
        public Set<String> outputs() {
            return Set.of("snapshotId", "arn", "restorePoint");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require(copy ? "copySnapshot source snapshot id" : "createSnapshot instance id", source,
                    copy ? "\"vibe-manual-snapshot-20260101\"" : "\"vibe-postgres-production\"", p);
            require("as (snapshot id)", targetId, ".as(\"vibe-manual-snapshot-20260101\")", p);
            region("from (region)", sourceRegion, p);
            region("to (region)", targetRegion, p);
            if (copy && sourceRegion != null && sourceRegion.equals(targetRegion)) {
                p.add("to (region) '" + targetRegion + "' equals the source region; copy to the DR region instead");
            }
            return p;
        }


        @Override
        public List<Operation> compensationOperations() {
            return List.of(Ops.on(RDS_DESCRIBE_SNAPSHOTS, made()), Ops.on(RDS_DELETE_SNAPSHOT, made()));
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            DatabaseProvider db = ctx.providers().databases();
            Region to = Region.of(targetRegion);
            return ctx.call(RDS_DESCRIBE_SNAPSHOTS, Ops.aws("rds", to), () -> db.findSnapshot(to, targetId))
                    .thenCompose(existing -> {
                        if (existing.isEmpty()) {
                            return start(ctx, db);
                        }
                        if (!Ownership.ours(ctx, existing.get().tags())) {
                            return Steps.failed("snapshot '" + targetId + "' already exists in " + to + ", "
                                    + Ownership.creator(existing.get().tags()) + "; nothing was changed. Name the new"
                                    + " snapshot otherwise with .as(\"" + targetId + "-2\")");
                        }
                        ctx.note("adopted snapshot " + targetId + ", which this execution created before the restart");
                        return awaitAvailable(ctx, db, to);
                    });
        }

        private CompletionStage<Map<String, Object>> start(StepContext ctx, DatabaseProvider db) {
            Region from = Region.of(sourceRegion);
            Region to = Region.of(targetRegion);
            java.util.Map<String, String> tags = Ownership.tags(ctx);
            CompletionStage<DbSnapshot> started;
            if (copy) {
                started = ctx.call(RDS_DESCRIBE_SNAPSHOTS, Ops.aws("rds", from), () -> Steps.orElseThrow(
                                db.findSnapshot(from, source), "snapshot '" + source + "' does not exist in " + from
                                        + "; name a snapshot that exists there"))
                        .thenCompose(src -> {
                            if (src.encrypted() && kmsKeyId == null) {
                                return Steps.failed("snapshot '" + source + "' is encrypted; set kmsKey(..) to a KMS key in "
                                        + to + " to copy it");
                            }
                            SnapshotCopy c = new SnapshotCopy(from, src.id(), src.arn(), to, targetId, kmsKeyId, tags);
                            return ctx.call(RDS_COPY_SNAPSHOT, Ops.aws("rds", to), () -> db.copySnapshot(c));
                        });
            } else {
                started = ctx.call(RDS_CREATE_SNAPSHOT, Ops.aws("rds", from),
                        () -> db.createSnapshot(from, source, targetId, tags));
            }
            return started.thenCompose(s -> {
                ctx.created(io.drplan.core.Resource.rdsSnapshot(to, targetId));
                return awaitAvailable(ctx, db, to);
            });
        }

        private CompletionStage<Map<String, Object>> awaitAvailable(StepContext ctx, DatabaseProvider db, Region to) {
            return ctx.await(targetId + " available", RDS_DESCRIBE_SNAPSHOTS,
                    Ops.aws("rds", to), Duration.ofSeconds(30), () -> {
                        Optional<DbSnapshot> now = db.findSnapshot(to, targetId);
                        return now.filter(DbSnapshot::isAvailable).map(Poll::done)
                                .orElseGet(() -> Poll.pending(now.map(DbSnapshot::status).orElse("not visible yet")));
                    }).thenApply(s -> {
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("snapshotId", s.id());
                        out.put("arn", s.arn());
                        out.put("restorePoint", s.createdAt());
                        return out;
                    });
        }

        @Override
        public CompletionStage<Void> compensate(StepContext ctx, Map<String, Object> outputs) {
            Region to = Region.of(targetRegion);
            DatabaseProvider db = ctx.providers().databases();
            String ep = Ops.aws("rds", to);
            return ctx.call(RDS_DESCRIBE_SNAPSHOTS, ep, () -> db.findSnapshot(to, targetId)).thenCompose(found -> {
                if (found.isEmpty()) {
                    ctx.note("snapshot '" + targetId + "' is already gone; nothing to delete");
                    return Steps.DONE;
                }
                if (!Ownership.ours(ctx, found.get().tags())) {
                    return Steps.failed("snapshot '" + targetId + "' was not deleted: it is "
                            + Ownership.creator(found.get().tags()) + ", not by this step of execution "
                            + ctx.executionId() + "; drplan deletes only what its execution created");
                }
                return ctx.call(RDS_DELETE_SNAPSHOT, ep, () -> {
                    db.deleteSnapshot(to, targetId);
                    ctx.deleted(io.drplan.core.Resource.rdsSnapshot(to, targetId));
                    return null;
                });
            });
        }
    }
}
