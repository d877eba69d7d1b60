package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.ExecutionLock.Lease;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FakeExecutionLockTest {
    private static final Duration LEASE = Duration.ofMinutes(1);

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeExecutionLock lock = FakeCloud.create(time).lock();

    @Test
    void tryAcquire_heldByAnother_isEmptyUntilReleased() {
        Lease lease = lock.tryAcquire("plan", "a", LEASE).orElseThrow();

        assertThat(lock.tryAcquire("plan", "b", LEASE)).isEmpty();
        assertThat(lock.currentHolder("plan")).contains("a");
        lease.close();
        assertThat(lock.currentHolder("plan")).isEmpty();
        assertThat(lock.tryAcquire("plan", "b", LEASE)).isPresent();
    }

    @Test
    void lease_notRenewed_isTakenOverAfterExpiry() {
        Lease a = lock.tryAcquire("plan", "a", LEASE).orElseThrow();
        time.advance(Duration.ofSeconds(30));
        assertThat(a.renew()).isTrue();
        time.advance(Duration.ofSeconds(59));
        assertThat(lock.tryAcquire("plan", "b", LEASE)).isEmpty();
        time.advance(Duration.ofSeconds(1));

        Lease b = lock.tryAcquire("plan", "b", LEASE).orElseThrow();

        assertThat(b.holder()).isEqualTo("b");
        assertThat(a.renew()).isFalse();
        a.close();
        assertThat(lock.currentHolder("plan")).contains("b");
    }
}
