package io.drplan.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.spi.ExecutionLock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of a host service (two clients, two {@link LeaseLock}s, two holders) contend for the
 * same plan through a Lease on the primary cluster.
 */
class LeaseLockIT {
    private static final String PLAN = "vibe-region-failover";
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final String LEASE_NAME = "drplan-vibe-region-failover";

    @RegisterExtension
    final MockClusters clusters = new MockClusters();

    private final MutableClock clock = new MutableClock(MockClusters.NOW);
    private KubernetesClient readBack;
    private LeaseLock lockA;
    private LeaseLock lockB;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        readBack = clusters.primaryClient();
        lockA = lock(clusters.client(clusters.primaryServer()));
        lockB = lock(clusters.client(clusters.primaryServer()));
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private LeaseLock lock(KubernetesClient client) {
        return LeaseLock.builder(client).namespace("drplan").clusterName(MockClusters.PRIMARY).clock(clock).build();
    }

    @Test
    void tryAcquire_twoHoldersStartedTogether_exactlyOneWinsEachOf50Rounds() throws Exception {
        for (int round = 0; round < 50; round++) {
            // given: both contenders released at the same instant
            CountDownLatch start = new CountDownLatch(1);
            Future<Optional<ExecutionLock.Lease>> a = pool.submit(() -> {
                start.await();
                return lockA.tryAcquire(PLAN, "host-a", LEASE);
            });
            Future<Optional<ExecutionLock.Lease>> b = pool.submit(() -> {
                start.await();
                return lockB.tryAcquire(PLAN, "host-b", LEASE);
            });

            // when
            start.countDown();
            Optional<ExecutionLock.Lease> leaseA = a.get(10, TimeUnit.SECONDS);
            Optional<ExecutionLock.Lease> leaseB = b.get(10, TimeUnit.SECONDS);

            // then: exactly one won, the cluster's Lease names it, and it really holds the lease
            assertThat(leaseA.isPresent() ^ leaseB.isPresent()).as("round %d: exactly one winner", round).isTrue();
            ExecutionLock.Lease won = leaseA.orElseGet(leaseB::orElseThrow);
            LeaseLock loser = leaseA.isPresent() ? lockB : lockA;
            String loserHolder = leaseA.isPresent() ? "host-b" : "host-a";
            assertThat(readBack.leases().inNamespace("drplan").withName(LEASE_NAME).get().getSpec()
                    .getHolderIdentity()).as("round %d: the Lease's holder", round).startsWith(won.holder() + "#");
            assertThat(won.renew()).as("round %d: the winner renews", round).isTrue();
            // the loser asking again is refused, and told who holds it
            assertThat(loser.tryAcquire(PLAN, loserHolder, LEASE)).as("round %d: the loser again", round).isEmpty();
            assertThat(loser.currentHolder(PLAN)).as("round %d", round).contains(won.holder());
            won.close();
            assertThat(lockA.currentHolder(PLAN)).as("round %d: released", round).isEmpty();
        }
    }

    @Test
    void tryAcquire_twoContendersForAnExpiredLease_exactlyOneTakesItOverEachOf20Rounds() throws Exception {
        LeaseLock dead = lock(clusters.client(clusters.primaryServer()));
        for (int round = 0; round < 20; round++) {
            // given: a holder that took the lease and died
            dead.tryAcquire(PLAN, "dead-" + round, LEASE).orElseThrow();
            clock.advance(LEASE.plusSeconds(1));
            CountDownLatch start = new CountDownLatch(1);
            Future<Optional<ExecutionLock.Lease>> a = pool.submit(() -> {
                start.await();
                return lockA.tryAcquire(PLAN, "host-a", LEASE);
            });
            Future<Optional<ExecutionLock.Lease>> b = pool.submit(() -> {
                start.await();
                return lockB.tryAcquire(PLAN, "host-b", LEASE);
            });

            // when
            start.countDown();
            Optional<ExecutionLock.Lease> leaseA = a.get(10, TimeUnit.SECONDS);
            Optional<ExecutionLock.Lease> leaseB = b.get(10, TimeUnit.SECONDS);

            // then
            assertThat(leaseA.isPresent() ^ leaseB.isPresent()).as("round %d: exactly one winner", round).isTrue();
            ExecutionLock.Lease won = leaseA.orElseGet(leaseB::orElseThrow);
            assertThat(dead.currentHolder(PLAN)).as("round %d", round).contains(won.holder());
            assertThat(readBack.leases().inNamespace("drplan").withName(LEASE_NAME).get().getSpec()
                    .getLeaseTransitions()).as("round %d", round).isEqualTo(round + 1);
            won.close();
        }
    }

    @Test
    void tryAcquire_heldByAnother_isEmptyAndCurrentHolderNamesIt() {
        // given
        Optional<ExecutionLock.Lease> held = lockA.tryAcquire(PLAN, "host-a", LEASE);

        // when
        Optional<ExecutionLock.Lease> second = lockB.tryAcquire(PLAN, "host-b", LEASE);

        // then
        assertThat(held).map(ExecutionLock.Lease::holder).contains("host-a");
        assertThat(second).isEmpty();
        assertThat(lockB.currentHolder(PLAN)).contains("host-a");
        Lease lease = readBack.leases().inNamespace("drplan").withName(LEASE_NAME).get();
        assertThat(lease.getSpec().getHolderIdentity()).matches("host-a#[0-9a-f]{16}");
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(15);
        assertThat(lease.getSpec().getRenewTime().toInstant()).isEqualTo(MockClusters.NOW);
        assertThat(lease.getMetadata().getAnnotations()).containsEntry("drplan.io/plan", PLAN);
    }

    @Test
    void tryAcquire_deadHolder_isTakenOverOnlyAfterTheLeaseDuration() {
        // given: host-a takes the lease and dies (never renews)
        ExecutionLock.Lease a = lockA.tryAcquire(PLAN, "host-a", LEASE).orElseThrow();

        // when: exactly at the end of the lease, it still holds
        clock.advance(LEASE);
        Optional<ExecutionLock.Lease> tooEarly = lockB.tryAcquire(PLAN, "host-b", LEASE);
        // and one second later it has expired
        clock.advance(Duration.ofSeconds(1));
        Optional<ExecutionLock.Lease> takeover = lockB.tryAcquire(PLAN, "host-b", LEASE);

        // then
        assertThat(tooEarly).isEmpty();
        assertThat(takeover).map(ExecutionLock.Lease::holder).contains("host-b");
        assertThat(lockA.currentHolder(PLAN)).contains("host-b");
        assertThat(a.renew()).isFalse();
        Lease lease = readBack.leases().inNamespace("drplan").withName(LEASE_NAME).get();
        assertThat(lease.getSpec().getHolderIdentity()).matches("host-b#[0-9a-f]{16}");
        assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
        assertThat(lease.getSpec().getAcquireTime())
                .isEqualTo(ZonedDateTime.ofInstant(MockClusters.NOW.plusSeconds(16), ZoneOffset.UTC));
    }

    @Test
    void currentHolder_expiredLease_isEmpty() {
        // given
        lockA.tryAcquire(PLAN, "host-a", LEASE).orElseThrow();

        // when
        clock.advance(LEASE.plusSeconds(1));

        // then
        assertThat(lockB.currentHolder(PLAN)).isEmpty();
    }

    @Test
    void renew_liveHolder_extendsTheLease() {
        // given
        ExecutionLock.Lease a = lockA.tryAcquire(PLAN, "host-a", LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(10));

        // when
        boolean renewed = a.renew();
        clock.advance(Duration.ofSeconds(10));

        // then: 20 s after acquiring, 10 s after renewing, host-a still holds
        assertThat(renewed).isTrue();
        assertThat(lockB.tryAcquire(PLAN, "host-b", LEASE)).isEmpty();
        assertThat(lockB.currentHolder(PLAN)).contains("host-a");
        assertThat(readBack.leases().inNamespace("drplan").withName(LEASE_NAME).get().getSpec().getRenewTime()
                .toInstant()).isEqualTo(MockClusters.NOW.plusSeconds(10));
    }

    @Test
    void close_holder_clearsHolderSoTheNextContenderWins() {
        // given
        ExecutionLock.Lease a = lockA.tryAcquire(PLAN, "host-a", LEASE).orElseThrow();

        // when
        a.close();

        // then
        assertThat(lockB.currentHolder(PLAN)).isEmpty();
        assertThat(lockB.tryAcquire(PLAN, "host-b", LEASE)).map(ExecutionLock.Lease::holder).contains("host-b");
        assertThat(a.renew()).isFalse();
    }

    @Test
    void close_afterBeingTakenOver_leavesTheNewHolder() {
        // given
        ExecutionLock.Lease a = lockA.tryAcquire(PLAN, "host-a", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        lockB.tryAcquire(PLAN, "host-b", LEASE).orElseThrow();

        // when
        a.close();

        // then
        assertThat(lockA.currentHolder(PLAN)).contains("host-b");
    }

    @Test
    void tryAcquire_sameHolderWhileItsLeaseIsLive_isRefused() {
        // given: an execution holds the plan under the engine's default holder
        ExecutionLock.Lease first = lockA.tryAcquire(PLAN, "host-a/42", LEASE).orElseThrow();
        String identity = readBack.leases().inNamespace("drplan").withName(LEASE_NAME).get().getSpec()
                .getHolderIdentity();

        // when: a second execution in the same JVM asks with the same holder, through another lock too
        Optional<ExecutionLock.Lease> sameLock = lockA.tryAcquire(PLAN, "host-a/42", LEASE);
        Optional<ExecutionLock.Lease> otherLock = lockB.tryAcquire(PLAN, "host-a/42", LEASE);

        // then
        assertThat(sameLock).isEmpty();
        assertThat(otherLock).isEmpty();
        assertThat(lockB.currentHolder(PLAN)).contains("host-a/42");
        assertThat(first.renew()).isTrue();
        assertThat(readBack.leases().inNamespace("drplan").withName(LEASE_NAME).get().getSpec()
                .getHolderIdentity()).isEqualTo(identity);
    }

    @Test
    void close_staleLeaseOfTheSameHolder_leavesTheNewerAcquisition() {
        // given: the holder's first lease expired and the same holder acquired the plan again
        ExecutionLock.Lease stale = lockA.tryAcquire(PLAN, "host-a", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        ExecutionLock.Lease newer = lockA.tryAcquire(PLAN, "host-a", LEASE).orElseThrow();

        // when
        boolean staleRenewed = stale.renew();
        stale.close();

        // then: the newer acquisition still holds the plan, and nobody else gets it
        assertThat(staleRenewed).isFalse();
        assertThat(lockB.currentHolder(PLAN)).contains("host-a");
        assertThat(lockB.tryAcquire(PLAN, "host-b", LEASE)).isEmpty();
        assertThat(newer.renew()).isTrue();
        Lease lease = readBack.leases().inNamespace("drplan").withName(LEASE_NAME).get();
        assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
        newer.close();
        assertThat(lockB.currentHolder(PLAN)).isEmpty();
    }

    @Test
    void tryAcquire_plansAreIndependent() {
        // when
        Optional<ExecutionLock.Lease> failover = lockA.tryAcquire(PLAN, "host-a", LEASE);
        Optional<ExecutionLock.Lease> drill = lockB.tryAcquire("Quarterly DR drill", "host-b", LEASE);

        // then
        assertThat(failover).isPresent();
        assertThat(drill).isPresent();
        List<String> names = new ArrayList<>();
        readBack.leases().inNamespace("drplan").list().getItems().forEach(l -> names.add(l.getMetadata().getName()));
        assertThat(names).containsExactlyInAnyOrder(LEASE_NAME, lockB.leaseName("Quarterly DR drill"));
        assertThat(lockB.leaseName("Quarterly DR drill")).matches("drplan-quarterly-dr-drill-[0-9a-f]{8}");
    }

    @Test
    void tryAcquire_nonPositiveDuration_isRejected() {
        assertThatThrownBy(() -> lockA.tryAcquire(PLAN, "host-a", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseDuration must be positive but was PT0S");
    }

    @Test
    void tryAcquire_leaseStartsAtTheClocksInstant() {
        // when
        lockA.tryAcquire(PLAN, "host-a", Duration.ofMillis(1500)).orElseThrow();

        // then: durations round up to whole seconds
        Lease lease = readBack.leases().inNamespace("drplan").withName(LEASE_NAME).get();
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(2);
        assertThat(lease.getSpec().getAcquireTime().toInstant()).isEqualTo(Instant.parse("2026-11-25T22:00:00Z"));
    }
}
