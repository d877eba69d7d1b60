package io.drplan.core.step;

import static io.drplan.core.spi.Operations.RDS_DELETE_INSTANCE;
import static io.drplan.core.spi.Operations.RDS_DESCRIBE_AUTOMATED_BACKUPS;
import static io.drplan.core.spi.Operations.RDS_DESCRIBE_INSTANCES;
import static io.drplan.core.spi.Operations.RDS_DESCRIBE_SNAPSHOTS;
import static io.drplan.core.spi.Operations.RDS_PROMOTE_READ_REPLICA;
import static io.drplan.core.spi.Operations.RDS_RESTORE;
import static io.drplan.core.spi.Operations.RDS_RESTORE_PITR;

import io.drplan.core.StepKind;
import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DatabaseProvider.DbRestore;
import io.drplan.core.spi.DatabaseProvider.PointInTimeRestore;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.Operation;
import io.drplan.core.step.RestoreSources.Candidate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Restores the database in the DR region and waits until it is available. Where the data comes
 * from decides how old it is, so the plan names it ({@link RestoreSource}):
 * {@code restoreLatest(id).from(REPLICATED_BACKUPS)} restores the automated backups replicated to
 * the region to their latest restorable time, {@code from(READ_REPLICA)} promotes a cross-region read
 * replica, {@code from(SNAPSHOT_IN_REGION)} (what {@code restoreLatestSnapshot} does) restores the
 * newest snapshot copied there, and {@code from(FRESHEST)} (the default of {@code restoreLatest})
 * picks whichever gives the newest restore point. {@code restoreSnapshot(id)} restores a named one.
 *
 * <p>The new instance is tagged with the execution and step ({@code drplan:execution},
 * {@code drplan:step}, {@code drplan:created-at}). An instance of that name that exists already is
 * adopted only when this execution created it (a resume); otherwise the step fails before acting,
 * naming who created it, unless the plan says {@link #replaceExisting()}, which deletes it after a
 * final snapshot. Undone by deleting the new instance, always after a final snapshot
 * {@code drplan-final-<execution>-<step>}; a promoted replica is never deleted.
 *
 * <p>Outputs: {@code instanceId}, {@code endpoint}, {@code port}, {@code restorePoint} (when the
 * restored data was current: the report's RPO is its age), {@code source} and {@code sourceId}
 * (the snapshot id, backup ARN or replica id used); {@code snapshotId} for a snapshot restore.
 */
public final class DbRestoreStep extends StepBuilder<DbRestoreStep> {
    /** How long a promotion of a read replica usually takes. */
    public static final Duration PROMOTE_ESTIMATE = Duration.ofMinutes(5);
    /** The preflight's finding: the new instance id was free. */
    private static final String ID_FREE = "newInstanceIdFree";
    /**
     * How old the preflight's "id free" may be for the step to restore without reading it again: any
     * age in a run, since RDS refuses a restore onto a taken id and the step then reads it afresh.
     */
    private static final Duration ID_FREE_MAX_AGE = Duration.ofDays(1);

    private final String sourceInstanceId;
    private final String snapshotId;
    private String region;
    private String newInstanceId;
    private String subnetGroup;
    private final List<String> securityGroups = new ArrayList<>();
    private String instanceClass;
    private boolean multiAz;
    private SnapshotType snapshotType = SnapshotType.ANY;
    private RestoreSource source;
    private boolean replaceExisting;

    DbRestoreStep(PlanRegions regions, String sourceInstanceId, String snapshotId, RestoreSource source) {
        super(regions, StepKind.RESTORE_DATABASE);
        this.sourceInstanceId = sourceInstanceId;
        this.snapshotId = snapshotId;
        this.source = source;
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

    /** Where the data comes from ({@link RestoreSource#FRESHEST} by default for {@code restoreLatest}). */
    public DbRestoreStep from(RestoreSource source) {
        this.source = source;
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

    /**
     * Which snapshots a snapshot source considers (any by default). In the DR region there are only
     * copies, which are manual: AWS keeps automated snapshots in their instance's region.
     */
    public DbRestoreStep snapshotType(SnapshotType type) {
        this.snapshotType = type;
        return this;
    }

    /**
     * Replace an instance of the new id that another execution or a person created: it is deleted
     * after a final snapshot ({@code drplan-final-<execution>-<step>}) before the restore. Without
     * this, such an instance makes the step fail before acting.
     */
    public DbRestoreStep replaceExisting() {
        this.replaceExisting = true;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(sourceInstanceId, snapshotId, region, newInstanceId, subnetGroup,
                List.copyOf(securityGroups), instanceClass, multiAz, snapshotType,
                snapshotId != null ? RestoreSource.SNAPSHOT_IN_REGION : source, replaceExisting);
    }

    private record Action(String sourceInstanceId, String snapshotId, String regionCode, String newInstanceId,
                          String subnetGroup, List<String> securityGroups, String instanceClass, boolean multiAz,
                          SnapshotType type, RestoreSource source, boolean replaceExisting) implements StepAction {
        @Override
        public Map<String, Object> settings() {
            return Map.of("instanceId", newInstanceId, "region", regionCode);
        }


        @Override
        public String description() {
            String from;
            if (snapshotId != null) {
                from = "snapshot " + snapshotId;
            } else {
                from = switch (source) {
                    case REPLICATED_BACKUPS -> "the latest restorable time of the automated backups of "
                            + sourceInstanceId + " replicated there";
                    case READ_REPLICA -> "the latest data of " + sourceInstanceId + " in its read replica there, promoted";
                    case SNAPSHOT_IN_REGION -> "the latest " + (type == SnapshotType.ANY ? "" : type.name().toLowerCase()
                            + " ") + "snapshot of " + sourceInstanceId;
                    case FRESHEST -> "the latest data of " + sourceInstanceId + " there: the freshest of its replicated"
                            + " automated backups, a read replica and a snapshot copied there";
                };
            }
            return "Restore " + newInstanceId + " in " + regionCode + " from " + from;
        }

        @Override
        public List<Operation> operations() {
            Operation.Target db = Ops.in(regionCode, "db", newInstanceId);
            Operation.Target subnet = Ops.in(regionCode, "subgrp", subnetGroup);
            List<Operation> ops = new ArrayList<>(List.of(Ops.on(RDS_DESCRIBE_INSTANCES, db)));
            if (uses(RestoreSource.REPLICATED_BACKUPS)) {
                Operation.Target backups = Ops.in(regionCode, "auto-backup", "*");
                ops.add(Ops.on(RDS_DESCRIBE_AUTOMATED_BACKUPS, backups));
                ops.add(Ops.on(RDS_RESTORE_PITR, db, backups, subnet));
            }
            if (uses(RestoreSource.READ_REPLICA)) {
                ops.add(Ops.on(RDS_PROMOTE_READ_REPLICA, Ops.in(regionCode, "db", "*")));
            }
            if (uses(RestoreSource.SNAPSHOT_IN_REGION)) {
                Operation.Target snapshot = Ops.in(regionCode, "snapshot", snapshotId != null ? snapshotId : "*");
                ops.add(Ops.on(RDS_DESCRIBE_SNAPSHOTS, Ops.in(regionCode, "db", sourceInstanceId), snapshot));
                ops.add(Ops.on(RDS_RESTORE, db, snapshot, subnet));
            }
            if (replaceExisting) {
                ops.add(Ops.on(RDS_DELETE_INSTANCE, db));
            }
            return List.copyOf(ops);
        }

        private boolean uses(RestoreSource s) {
            return sources().uses(s);
        }

        @Override
        public Optional<Duration> estimate() {
            return source == RestoreSource.READ_REPLICA ? Optional.of(PROMOTE_ESTIMATE) : Optional.empty();
        }

        @Override
        public Set<String> outputs() {
            return Set.of("instanceId", "endpoint", "port", "snapshotId", "restorePoint", "source", "sourceId");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            if (snapshotId == null) {
                require("restoreLatest instance id", sourceInstanceId, "\"vibe-postgres-production\"", p);
                if (source == null) {
                    p.add("from (restore source) is null; use .from(RestoreSource.FRESHEST)");
                }
                if (type == null) {
                    p.add("snapshotType is null; use .snapshotType(SnapshotType.ANY)");
                }
            } else {
                require("restoreSnapshot snapshot id", snapshotId, "\"vibe-manual-snapshot-20260101-dr\"", p);
            }
            require("as (new instance id)", newInstanceId, ".as(\"vibe-postgres-dr\")", p);
            if (source != RestoreSource.READ_REPLICA) {
                require("subnetGroup", subnetGroup, ".subnetGroup(\"vibe-db-subnet-group-dr\")", p);
            }
            region("in (region)", regionCode, p);
            return p;
        }


        @Override
        public List<Operation> compensationOperations() {
            Operation.Target db = Ops.in(regionCode, "db", newInstanceId);
            return List.of(Ops.on(RDS_DESCRIBE_INSTANCES, db), Ops.on(RDS_DELETE_INSTANCE, db));
        }


        @Override
        public boolean canAdopt() {
            return true;
        }

        // ------------------------------------------------------------ preview

        /** What the restore would restore from exists: the snapshot named, or at least one of the sources. */
        @Override
        public List<String> preflight(PreflightContext ctx) {
            // read alongside: whether the new id is free, which the step would otherwise read first
            Region region = Region.of(regionCode);
            DatabaseProvider db = ctx.providers().databases();
            java.util.function.Supplier<Optional<DbInstance>> taken = ctx.fork(() -> db.findInstance(region,
                    newInstanceId));
            List<String> problems = sources().preflight(ctx, regionCode, newInstanceId);
            try {
                if (taken.get().isEmpty()) {
                    ctx.keep(ID_FREE, Boolean.TRUE);
                }
            } catch (io.drplan.core.spi.ProviderException e) {
                // not a check of its own: the step reads it when it runs
            }
            return problems;
        }

        @Override
        public List<String> inspect(io.drplan.core.spi.Providers providers, Instant now, Duration rpo) {
            return sources().inspect(providers, Region.of(regionCode), now, rpo);
        }

        private RestoreSources sources() {
            return new RestoreSources(sourceInstanceId, snapshotId, type, source);
        }

        // ------------------------------------------------------------ execute

        /**
         * Restores, using what the preflight read (the new id free, the snapshot) when it is fresh
         * enough. Both are safe to act on: RDS refuses a restore onto a taken id ("already exists")
         * and from a snapshot that is gone ("not found"), before it creates anything; the step then
         * reads both afresh and goes on from what is there.
         */
        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            java.util.concurrent.atomic.AtomicBoolean reused = new java.util.concurrent.atomic.AtomicBoolean();
            return execute(ctx, reused).handle((out, e) -> {
                if (e == null) {
                    return CompletableFuture.completedFuture(out);
                }
                if (reused.get() && RestoredInstance.refusedBeforeCreating(e)) {
                    ctx.note("the preflight's reading was out of date (" + Steps.cause(e).getMessage()
                            + "); read again");
                    return execute(ctx, new java.util.concurrent.atomic.AtomicBoolean());
                }
                return CompletableFuture.<Map<String, Object>>failedFuture(e);
            }).thenCompose(x -> x);
        }

        private CompletionStage<Map<String, Object>> execute(StepContext ctx,
                                                             java.util.concurrent.atomic.AtomicBoolean reused) {
            Region region = Region.of(regionCode);
            DatabaseProvider db = ctx.providers().databases();
            String ep = Ops.aws("rds", region);
            // Whether the new id is taken and where the data comes from are independent reads: both at
            // once, so the restore starts one round trip sooner. The source is used only when the id is free.
            CompletableFuture<Candidate> chosen = sources().choose(ctx, db, region, ep, reused).toCompletableFuture();
            boolean free = ctx.preflightFinding(ID_FREE, ID_FREE_MAX_AGE).isPresent();
            if (free) {
                reused.set(true);
            }
            CompletionStage<Optional<DbInstance>> found = free ? CompletableFuture.completedFuture(Optional.empty())
                    : ctx.call(RDS_DESCRIBE_INSTANCES, ep, () -> db.findInstance(region, newInstanceId));
            return found
                    .thenCompose(existing -> {
                        if (existing.isEmpty()) {
                            return restore(ctx, db, region, ep, chosen);
                        }
                        chosen.exceptionally(ignored -> null); // not used: an instance of that name exists
                        DbInstance old = existing.get();
                        if (Ownership.ours(ctx, old.tags())) {
                            // created by this very step of this execution: a resumed run adopts it
                            return RestoredInstance.adoptOwn(ctx, db, region, ep, old, newInstanceId);
                        }
                        if (!replaceExisting) {
                            return Steps.failed("instance '" + newInstanceId + "' already exists in " + region + " ("
                                    + old.status() + "), " + Ownership.creator(old.tags()) + "; nothing was changed."
                                    + " Restore under another name with .as(\"" + newInstanceId + "-2\"), or replace it"
                                    + " with .replaceExisting(), which deletes it after a final snapshot");
                        }
                        // chosen again after the deletion, which may take minutes: the restore point is then fresher
                        return RestoredInstance.replace(ctx, db, region, ep, newInstanceId, old)
                                .thenCompose(x -> restore(ctx, db, region, ep, sources().choose(ctx, db, region, ep,
                                        new java.util.concurrent.atomic.AtomicBoolean())));
                    });
        }

        private CompletionStage<Map<String, Object>> restore(StepContext ctx, DatabaseProvider db, Region region,
                                                             String ep, CompletionStage<Candidate> chosen) {
            return chosen.thenCompose(c -> {
                ctx.checkpoint("source", c.source().name());
                ctx.checkpoint("sourceId", c.id());
                ctx.checkpoint("restorePoint", c.restorePoint());
                ctx.progress("restoring " + newInstanceId + " from " + RestoreSources.name(c.source()) + " " + c.what()
                        + " (restore point " + c.restorePoint() + ")");
                Map<String, String> tags = Ownership.tags(ctx);
                CompletionStage<?> started = switch (c.source()) {
                    case REPLICATED_BACKUPS -> ctx.call(RDS_RESTORE_PITR, ep, () -> db.restoreToPointInTime(
                            new PointInTimeRestore(region, c.id(), c.restorePoint(), newInstanceId, subnetGroup,
                                    securityGroups, instanceClass, multiAz, tags)));
                    case READ_REPLICA -> ctx.call(RDS_PROMOTE_READ_REPLICA, ep, () -> db.promoteReadReplica(region, c.id()));
                    case SNAPSHOT_IN_REGION -> ctx.call(RDS_RESTORE, ep, () -> db.restoreFromSnapshot(
                            new DbRestore(region, c.id(), newInstanceId, subnetGroup, securityGroups, instanceClass,
                                    multiAz, tags)));
                    case FRESHEST -> Steps.failed("internal: FRESHEST is not one source");
                };
                String instance = c.source() == RestoreSource.READ_REPLICA ? c.id() : newInstanceId;
                return started.thenApply(x -> {
                    if (c.source() == RestoreSource.READ_REPLICA) {
                        ctx.changed(io.drplan.core.Resource.rdsInstance(region, instance), "read replica of "
                                + sourceInstanceId, "promoted to a standalone instance");
                    } else {
                        ctx.created(io.drplan.core.Resource.rdsInstance(region, instance));
                    }
                    return x;
                }).thenCompose(x -> RestoredInstance.awaitAvailable(ctx, db, region, ep, instance,
                                c.source() == RestoreSource.READ_REPLICA))
                        .thenApply(i -> RestoredInstance.outputsOf(i, c.source(), c.id(), c.restorePoint()));
            });
        }

        // ------------------------------------------------------------ undo and resume

        @Override
        public CompletionStage<Void> compensate(StepContext ctx, Map<String, Object> outputs) {
            Region region = Region.of(regionCode);
            DatabaseProvider db = ctx.providers().databases();
            String ep = Ops.aws("rds", region);
            if (RestoreSource.READ_REPLICA.name().equals(outputs.get("source"))) {
                ctx.note("read replica " + outputs.get("instanceId") + " was promoted; a promotion cannot be undone"
                        + " and the instance was not created by this execution, so it is left as it is");
                return Steps.DONE;
            }
            return RestoredInstance.deleteOwn(ctx, db, region, ep, newInstanceId);
        }

        @Override
        public CompletionStage<Optional<Map<String, Object>>> adopt(StepContext ctx) {
            return RestoredInstance.adopt(ctx, Region.of(regionCode), newInstanceId);
        }
    }
}
