package io.drplan.core.step;

import static io.drplan.core.spi.Operations.ELB_DESCRIBE_TARGET_HEALTH;

import io.drplan.core.Region;
import io.drplan.core.StepKind;
import io.drplan.core.spi.LoadBalancerProvider.TargetHealth;
import io.drplan.core.spi.Operation;
import java.util.List;

/**
 * Procedure 3, step 5: waits for at least {@code minimum(..)} healthy targets in a target group of
 * the DR region ({@code s.checkTargetHealth(arn)}).
 */
public final class TargetHealthCheckStep extends HealthCheckStep<TargetHealthCheckStep> {
    private final String region;
    private final String targetGroupArn;
    private int minimum = 1;

    TargetHealthCheckStep(PlanRegions regions, String region, String targetGroupArn) {
        super(regions, StepKind.CHECK_TARGET_HEALTH);
        this.region = region;
        this.targetGroupArn = targetGroupArn;
    }

    /** At least this many healthy targets (1 by default). */
    public TargetHealthCheckStep minimum(int minimum) {
        this.minimum = minimum;
        return this;
    }

    @Override
    Check check() {
        return new Targets(region, targetGroupArn, minimum);
    }

    private record Targets(String region, String targetGroupArn, int minimum) implements Check {
        @Override
        public String description() {
            return "Wait for " + minimum + "+ healthy targets in " + targetGroupArn + " (" + region + ")";
        }

        @Override
        public Operation operation() {
            return ELB_DESCRIBE_TARGET_HEALTH;
        }

        @Override
        public String endpoint() {
            return Ops.aws("elasticloadbalancing", Region.of(region));
        }

        @Override
        public void validate(List<String> p) {
            StepBuilder.region("checkTargetHealth region", region, p);
            require("checkTargetHealth target group ARN", targetGroupArn,
                    "\"arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/vibe/0123\"", p);
            checkMinimum(minimum, p);
        }

        @Override
        public Poll<String> poll(StepContext ctx) {
            List<TargetHealth> t = ctx.providers().loadBalancers().describeTargetHealth(Region.of(region), targetGroupArn);
            long healthy = t.stream().filter(TargetHealth::isHealthy).count();
            String s = healthy + "/" + t.size() + " targets healthy";
            return healthy >= minimum ? Poll.done(s) : Poll.pending(s);
        }
    }
}
