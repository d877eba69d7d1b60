package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.ExecutionLock.Lease;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InProcessLockTest {
    private final InProcessLock lock = new InProcessLock();

    @Test
    void tryAcquire_heldEvenByTheSameHolder_isRefused() {
        Lease first = lock.tryAcquire("plan", "host/1", Duration.ofMinutes(1)).orElseThrow();

        assertThat(lock.tryAcquire("plan", "host/1", Duration.ofMinutes(1))).isEmpty();
        assertThat(lock.currentHolder("plan")).contains("host/1");
        first.close();
        assertThat(lock.currentHolder("plan")).isEmpty();
    }

    @Test
    void staleLease_ofTheSameHolder_neitherRenewsNorReleasesANewerOne() {
        Lease stale = lock.tryAcquire("plan", "host/1", Duration.ofMinutes(1)).orElseThrow();
        stale.close();
        Lease fresh = lock.tryAcquire("plan", "host/1", Duration.ofMinutes(1)).orElseThrow();

        stale.close();

        assertThat(stale.renew()).isFalse();
        assertThat(fresh.renew()).isTrue();
        assertThat(lock.currentHolder("plan")).contains("host/1");
    }
}
