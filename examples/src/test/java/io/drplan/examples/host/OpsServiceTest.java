package io.drplan.examples.host;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Execution;
import io.drplan.core.ExecutionRefusedException;
import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.testkit.DrTest;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a host application tests the DR logic it embeds: its own service, the testkit's cloud, virtual time. */
@DrTest
class OpsServiceTest {

    private static OpsService service(FakeCloud cloud) {
        return new OpsService(cloud.providers(), cloud.time(), Secret.of("host-test-password"), cloud.journal(),
                cloud.notifier());
    }

    @Test
    void failover_showsProgressAndRefusesASecondTrigger(FakeCloud cloud, VirtualScheduler time) {
        OpsService ops = service(cloud);
        cloud.region(Region.of("us-east-1")).goDown();

        Execution e = ops.failover(false);
        time.advance(Duration.ofMinutes(10));

        assertThat(ops.runningSteps()).containsExactlyInAnyOrder("activate-dr-infra", "restore-db");
        assertThatThrownBy(() -> ops.failover(true)).isInstanceOf(ExecutionRefusedException.class)
                .hasMessageContaining("is already being executed by");
        assertThat(time.await(e.result())).succeeded().metRto();
        assertThat(ops.runningSteps()).isEmpty();
        assertThat(ops.timeline()).startsWith("verify-primary: started", "check-images: started")
                .endsWith("check-health: succeeded");
        assertThat(cloud.notifier().notifications()).extracting(n -> n.title())
                .contains("DR execute started", "DR execute finished: SUCCEEDED");
    }

    @Test
    void preview_isCheapAndTouchesNothing(FakeCloud cloud) {
        assertThat(service(cloud).preview().rtoReachable()).isTrue();
        assertThat(cloud.calls()).isEmpty();
    }
}
