package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.Region;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.RegionHealthProvider.RegionHealth;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeRegionHealthTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final String TG = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/api/1";

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);

    @Test
    void probe_impairedZonesStillHealthyWhileOneIsAvailable() {
        cloud.regionHealth().addVpc(EAST, "vpc-1").addAvailabilityZones(EAST, "us-east-1a", "us-east-1b")
                .setAvailabilityZoneState(EAST, "us-east-1a", "impaired");

        RegionHealth health = cloud.regionHealth().probe(EAST);

        assertThat(health).isEqualTo(new RegionHealth(EAST, List.of("available"), List.of("impaired", "available")));
        assertThat(health.healthy()).isTrue();
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation)
                .containsExactly("ec2:DescribeVpcs", "ec2:DescribeAvailabilityZones");
        assertThat(cloud.regionHealth().probe(WEST).healthy()).isFalse();
    }
}
