package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.LoadBalancerProvider.TargetHealth;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import org.junit.jupiter.api.Test;

class FakeLoadBalancersTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final String TG = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/api/1";

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);

    @Test
    void describeTargetHealth_unboundGroup_healthyWhileRegionUp() {
        cloud.loadBalancers().addTargetGroup(WEST, TG, "10.1.0.1", "10.1.0.2");

        assertThat(cloud.loadBalancers().describeTargetHealth(WEST, TG)).containsExactly(
                new TargetHealth("10.1.0.1", 8080, "healthy", ""), new TargetHealth("10.1.0.2", 8080, "healthy", ""));
        cloud.region(WEST).goDown();
        assertThatThrownBy(() -> cloud.loadBalancers().describeTargetHealth(WEST, TG))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.endpoint()).isEqualTo("elasticloadbalancing/us-west-2");
                });
    }

    @Test
    void describeTargetHealth_boundToMissingDeployment_unhealthy() {
        cloud.addCluster("dr-cluster", WEST);
        cloud.loadBalancers().addTargetGroup(WEST, TG, "10.1.0.1").bindToDeployment(TG, "dr-cluster", "shop", "api");

        assertThat(cloud.loadBalancers().describeTargetHealth(WEST, TG)).containsExactly(
                new TargetHealth("10.1.0.1", 8080, "unhealthy", "Target.FailedHealthChecks"));
    }

    @Test
    void describeTargetHealth_wrongRegion_notFound() {
        cloud.loadBalancers().addTargetGroup(WEST, TG);

        assertThatThrownBy(() -> cloud.loadBalancers().describeTargetHealth(EAST, TG))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("target group '" + TG + "' not found in us-east-1; check the ARN and its region");
    }
}
