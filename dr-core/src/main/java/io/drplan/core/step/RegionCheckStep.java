package io.drplan.core.step;

import static io.drplan.core.spi.Operations.EC2_DESCRIBE_AVAILABILITY_ZONES;
import static io.drplan.core.spi.Operations.EC2_DESCRIBE_VPCS;

import io.drplan.core.StepKind;
import io.drplan.core.Region;
import io.drplan.core.StepFailedException;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.RegionHealthProvider.RegionHealth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's "Verify primary region status". {@link VerifyRegionDownStep} ({@code s.verifyRegionDown(..)}) guards a failover: it
 * fails while the region's VPCs and AZs are healthy, unless the run is forced or a drill (which
 * the report notes). {@link VerifyRegionUpStep} ({@code s.verifyRegionUp(..)}) checks a region is ready to take traffic. Output:
 * {@code healthy}.
 *
 * @param <S> the concrete builder, so that chains keep their type
 */
public abstract sealed class RegionCheckStep<S extends RegionCheckStep<S>> extends StepBuilder<S>
        permits VerifyRegionDownStep, VerifyRegionUpStep {

    private final String region;
    private final boolean expectDown;

    RegionCheckStep(PlanRegions regions, StepKind kind, String region, boolean expectDown) {
        super(regions, kind);
        this.region = region;
        this.expectDown = expectDown;
    }

    @Override
    StepAction action() {
        return new Action(region, expectDown);
    }

    private record Action(String regionCode, boolean expectDown) implements StepAction {
        @Override
        public String description() {
            return "Verify region " + regionCode + " is " + (expectDown ? "down" : "up");
        }

        @Override
        public List<Operation> operations() {
            return List.of(EC2_DESCRIBE_VPCS, EC2_DESCRIBE_AVAILABILITY_ZONES);
        }


        @Override
        public Set<String> outputs() {
            return Set.of("healthy");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            region("region", regionCode, p);
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Region region = Region.of(regionCode);
            // A region that does not answer is the answer, not an error to retry.
            return ctx.call(EC2_DESCRIBE_VPCS, Ops.aws("ec2", region), () -> {
                try {
                    return ctx.providers().regionHealth().probe(region);
                } catch (ProviderException e) {
                    if (e.reason() == ProviderException.Reason.UNAVAILABLE) {
                        return null;
                    }
                    throw e;
                }
            }).thenApply(health -> {
                boolean healthy = health != null && health.healthy();
                String seen = health == null ? "does not answer" : describe(health);
                ctx.progress(region + " " + seen);
                if (expectDown && healthy) {
                    if (ctx.forced() || ctx.drill()) {
                        ctx.note("region " + region + " is healthy (" + seen + "); continuing because the run is "
                                + (ctx.drill() ? "a drill" : "forced by the operator"));
                    } else {
                        throw new StepFailedException("region " + region + " is healthy (" + seen
                                + "); refusing to fail over a working region; run with force() if you must");
                    }
                }
                if (!expectDown && !healthy) {
                    throw new StepFailedException("region " + region + " is not healthy (" + seen
                            + "); fix it or fail over elsewhere");
                }
                return Map.of("healthy", healthy);
            });
        }

        private static String describe(RegionHealth h) {
            return (h.healthy() ? "is healthy" : "is unhealthy") + ": VPCs " + h.vpcStates() + ", AZs "
                    + h.availabilityZoneStates();
        }
    }
}
