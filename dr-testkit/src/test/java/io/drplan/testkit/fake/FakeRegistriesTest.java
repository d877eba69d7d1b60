package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.Region;
import io.drplan.core.spi.ProviderException;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import org.junit.jupiter.api.Test;

class FakeRegistriesTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final String TG = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/api/1";

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);

    @Test
    void registries_replicationAndImages() {
        cloud.registries().replicate(EAST, WEST).addImage(EAST, "api", "1.0");

        assertThat(cloud.registries().replicationDestinations(EAST)).containsExactly(WEST);
        assertThat(cloud.registries().replicationDestinations(WEST)).isEmpty();
        assertThat(cloud.registries().imageExists(EAST, "api", "1.0")).isTrue();
        assertThat(cloud.registries().imageExists(WEST, "api", "1.0")).isFalse();
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation).containsExactly("ecr:DescribeRegistry",
                "ecr:DescribeRegistry", "ecr:DescribeImages", "ecr:DescribeImages");
    }
}
