package io.drplan.core.spi;

import io.drplan.core.Region;
import java.util.List;

/** Load balancers (ELBv2 in the runbook): health of a target group's targets. */
public interface LoadBalancerProvider {

    /** The health of each target registered in the target group. */
    List<TargetHealth> describeTargetHealth(Region region, String targetGroupArn);

    /** One target: {@code state} is e.g. {@code healthy}, {@code unhealthy}, {@code initial}. */
    record TargetHealth(String targetId, int port, String state, String reason) {
        public boolean isHealthy() {
            return "healthy".equals(state);
        }
    }
}
