package io.drplan.core.step;

import static io.drplan.core.spi.Operations.RDS_DESCRIBE_INSTANCES;
import static io.drplan.core.spi.Operations.RDS_PROMOTE_READ_REPLICA;
import static io.drplan.core.spi.Operations.RDS_REBOOT;

import io.drplan.core.StepKind;
import io.drplan.core.Region;
import io.drplan.core.StepFailedException;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's Procedure 1: {@link ForceFailoverStep} ({@code s.forceFailover(..)}) first verifies the failure (as the runbook's
 * step 1 does with {@code describe-db-instances}): an instance that is {@code available} is
 * healthy, and the step refuses to fail it over unless the run is forced or a drill, which the
 * report notes. It then reboots the Multi-AZ instance with forced failover, waits until it is
 * available again and checks that its AZ really changed;
 * {@link PromoteReadReplicaStep} ({@code s.promoteReadReplica(..)}) promotes a replica and waits until it is available. Neither can be
 * undone by drplan. Outputs: {@code instanceId}, {@code endpoint}, {@code port},
 * {@code availabilityZone}.
 *
 * @param <S> the concrete builder, so that chains keep their type
 */
public abstract sealed class DbFailoverStep<S extends DbFailoverStep<S>> extends StepBuilder<S>
        permits ForceFailoverStep, PromoteReadReplicaStep {

    private final boolean promote;
    private final String instanceId;
    private String region;

    DbFailoverStep(PlanRegions regions, StepKind kind, boolean promote, String instanceId) {
        super(regions, kind);
        this.promote = promote;
        this.instanceId = instanceId;
        this.region = promote ? regions.target() : regions.source();
    }

    /** The instance's region (source region for a failover, target region for a promotion, by default). */
    public final S in(String region) {
        this.region = region;
        return self();
    }

    @Override
    StepAction action() {
        return new Action(promote, instanceId, region);
    }

    private record Action(boolean promote, String instanceId, String regionCode) implements StepAction {
        @Override
        public String description() {
            return promote ? "Promote read replica " + instanceId + " in " + regionCode
                    : "Force Multi-AZ failover of " + instanceId + " in " + regionCode;
        }

        @Override
        public List<Operation> operations() {
            Operation.Target db = Ops.in(regionCode, "db", instanceId);
            return List.of(Ops.on(RDS_DESCRIBE_INSTANCES, db), Ops.on(promote ? RDS_PROMOTE_READ_REPLICA : RDS_REBOOT, db));
        }


        @Override
        public Set<String> outputs() {
            return Set.of("instanceId", "endpoint", "port", "availabilityZone");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require(promote ? "promoteReadReplica instance id" : "forceFailover instance id", instanceId,
                    "\"vibe-postgres-production\"", p);
            region("in (region)", regionCode, p);
            return p;
        }


        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Region region = Region.of(regionCode);
            DatabaseProvider db = ctx.providers().databases();
            String ep = Ops.aws("rds", region);
            return ctx.call(RDS_DESCRIBE_INSTANCES, ep, () -> Steps.orElseThrow(db.findInstance(region, instanceId),
                            "instance '" + instanceId + "' does not exist in " + region + "; check the id and region"))
                    .thenCompose(before -> {
                        if (!promote && !before.multiAz()) {
                            return Steps.failed("instance '" + instanceId + "' is not Multi-AZ, so it has no standby to fail"
                                    + " over to; restore from a snapshot instead (Procedure 3)");
                        }
                        ctx.progress(instanceId + " is " + before.status() + " in " + before.availabilityZone());
                        if (!promote && before.isAvailable()) {
                            String seen = "instance '" + instanceId + "' in " + region + " is available in "
                                    + before.availabilityZone();
                            if (!ctx.forced() && !ctx.drill()) {
                                return Steps.failed(seen + ", so there is no failure to fail over from; refusing to"
                                        + " force a failover of a healthy database; run with force() if you must");
                            }
                            ctx.note(seen + " (healthy); failing over anyway because the run is "
                                    + (ctx.drill() ? "a drill" : "forced by the operator"));
                        }
                        CompletionStage<DbInstance> started = promote
                                ? ctx.call(RDS_PROMOTE_READ_REPLICA, ep, () -> db.promoteReadReplica(region, instanceId))
                                : ctx.call(RDS_REBOOT, ep, () -> db.rebootWithFailover(region, instanceId));
                        return started.thenCompose(x -> ctx.await(instanceId + " available", RDS_DESCRIBE_INSTANCES, ep,
                                Duration.ofSeconds(10), () -> {
                                    Optional<DbInstance> i = db.findInstance(region, instanceId);
                                    boolean ready = i.isPresent() && i.get().isAvailable() && (promote
                                            || !i.get().availabilityZone().equals(before.availabilityZone()));
                                    return ready ? Poll.done(i.get())
                                            : Poll.pending(i.map(v -> v.status() + " in " + v.availabilityZone()).orElse("gone"));
                                })).thenApply(after -> {
                                    if (!promote && after.availabilityZone().equals(before.availabilityZone())) {
                                        throw new StepFailedException("the failover of '" + instanceId
                                                + "' did not change its AZ (still " + after.availabilityZone() + ")");
                                    }
                                    Map<String, Object> out = new LinkedHashMap<>();
                                    out.put("instanceId", after.id());
                                    out.put("endpoint", after.endpoint());
                                    out.put("port", after.port());
                                    out.put("availabilityZone", after.availabilityZone());
                                    if (!promote) {
                                        ctx.note("primary moved from " + before.availabilityZone() + " to "
                                                + after.availabilityZone());
                                    }
                                    return out;
                                });
                    });
        }
    }
}
