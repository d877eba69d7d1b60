package io.drplan.core.step;

import static io.drplan.core.spi.Operations.RDS_DELETE_INSTANCE;
import static io.drplan.core.spi.Operations.RDS_DESCRIBE_INSTANCES;

import io.drplan.core.StepKind;
import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.spi.Operation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Removes a database instance a drplan execution created, after a final snapshot (the only way the
 * SPI deletes: no data is destroyed). Refuses an instance another execution, a person or another tool
 * made: the creating execution is {@code createdBy(..)} (a failover's, for its fail-back) or this one.
 *
 * <pre>{@code
 * .step("remove-dr-db", s -> s.deleteDatabase("vibe-postgres-dr").in("us-west-2").createdBy(failover.executionId()))
 * }</pre>
 */
public final class DbDeleteStep extends StepBuilder<DbDeleteStep> {
    private final String instanceId;
    private String region;
    private String createdBy;

    DbDeleteStep(PlanRegions regions, String instanceId) {
        super(regions, StepKind.DELETE_DATABASE);
        this.instanceId = instanceId;
        this.region = regions.target();
    }

    /** The instance's region (the plan's DR region by default). */
    public DbDeleteStep in(String region) {
        this.region = region;
        return this;
    }

    /** The execution that created the instance (this one by default). */
    public DbDeleteStep createdBy(String executionId) {
        this.createdBy = executionId;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(instanceId, region, createdBy);
    }

    private record Action(String instanceId, String regionCode, String createdBy) implements StepAction {
        @Override
        public String description() {
            return "Delete " + instanceId + " in " + regionCode + " after a final snapshot"
                    + (createdBy == null ? "" : " (created by execution " + createdBy + ")");
        }

        @Override
        public List<Operation> operations() {
            return List.of(RDS_DESCRIBE_INSTANCES, RDS_DELETE_INSTANCE);
        }


        @Override
        public Set<String> outputs() {
            return Set.of("finalSnapshotId");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("deleteDatabase instanceId", instanceId, "s.deleteDatabase(\"vibe-postgres-dr\")", p);
            region("deleteDatabase region", regionCode, p);
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Region region = Region.of(regionCode);
            DatabaseProvider db = ctx.providers().databases();
            String ep = Ops.aws("rds", region);
            String creator = createdBy != null ? createdBy : ctx.executionId();
            return ctx.call(RDS_DESCRIBE_INSTANCES, ep, () -> db.findInstance(region, instanceId)).thenCompose(found -> {
                if (found.isEmpty()) {
                    ctx.note("instance '" + instanceId + "' is already gone; nothing to delete");
                    return java.util.concurrent.CompletableFuture.completedFuture(Map.<String, Object>of());
                }
                Map<String, String> tags = found.get().tags();
                if (!creator.equals(tags.get(DatabaseProvider.EXECUTION_TAG))) {
                    return Steps.failed("instance '" + instanceId + "' was not deleted: it is "
                            + Ownership.creator(tags) + ", not by execution " + creator
                            + "; drplan deletes only what its executions created");
                }
                String finalSnapshot = Ownership.finalSnapshotId(ctx);
                return ctx.call(RDS_DELETE_INSTANCE, ep, () -> {
                    db.deleteInstance(region, instanceId, finalSnapshot);
                    return null;
                }).thenApply(x -> {
                    ctx.note(Ownership.deleted(instanceId, region, finalSnapshot));
                    return Map.<String, Object>of("finalSnapshotId", finalSnapshot);
                });
            });
        }
    }
}
