package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeObjectStorageTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final String TG = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/api/1";

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);

    @Test
    void describeProtection_recordsThreeCallsAndChecksTheRegion() {
        BucketProtection p = new BucketProtection("files", "Suspended", List.of(), List.of());
        cloud.objectStorage().addBucket(EAST, p);

        assertThat(cloud.objectStorage().describeProtection(EAST, "files")).isEqualTo(p);
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation).containsExactly("s3:GetBucketVersioning",
                "s3:GetReplicationConfiguration", "s3:GetLifecycleConfiguration");
        assertThatThrownBy(() -> cloud.objectStorage().describeProtection(WEST, "files"))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST))
                .hasMessage("bucket 'files' is in us-east-1, not us-west-2; ask that region");
        assertThatThrownBy(() -> cloud.objectStorage().describeProtection(EAST, "nope"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }
}
