package io.drplan.k8s;

import static io.drplan.k8s.VibeFixtures.BACKEND;
import static io.drplan.k8s.VibeFixtures.DR_DB_URL;
import static io.drplan.k8s.VibeFixtures.NS;
import static io.drplan.k8s.VibeFixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.drplan.core.Secret;
import io.drplan.core.spi.ClusterProvider.ApiHealth;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DR cluster's API server is down (connection refused): every call fails at once with a
 * retryable {@link Reason#UNAVAILABLE} naming the endpoint, so the engine's circuit breaker opens
 * instead of the plan hanging. The primary keeps answering.
 */
class UnreachableClusterIT {
    /** Far below the clients' 1 s connect + 3 s request timeouts times any retry. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(3);

    @RegisterExtension
    final MockClusters clusters = new MockClusters();

    private KubernetesCluster dr;
    private KubernetesCluster primary;

    @BeforeEach
    void setUp() {
        VibeFixtures.deployment(clusters.primaryClient(), BACKEND, "backend", "vibe/backend:1.4.2", 3);
        dr = MockClusters.cluster(MockClusters.DR, clusters.drClient());
        primary = MockClusters.cluster(MockClusters.PRIMARY, clusters.primaryClient());
        clusters.drServer().destroy();
    }

    @Test
    void everyOperation_drServerStopped_failsFastWithUnavailable() {
        // rolloutRestart reads the Deployment first (it refuses a paused one), so its first call is a get
        List<Map.Entry<String, Consumer<KubernetesCluster>>> calls = new ArrayList<>();
        calls.add(Map.entry("k8s:get secrets",
                c -> c.updateSecretKey(NS, SECRET, "DATABASE_URL", Secret.of(DR_DB_URL))));
        calls.add(Map.entry("k8s:get deployments", c -> c.rolloutRestart(NS, BACKEND)));
        calls.add(Map.entry("k8s:get deployments", c -> c.rolloutStatus(NS, BACKEND)));
        calls.add(Map.entry("k8s:list pods", c -> c.pods(NS, Map.of("app.kubernetes.io/component", "backend"))));
        calls.add(Map.entry("k8s:list services", c -> c.services(NS)));
        calls.add(Map.entry("k8s:list nodes", KubernetesCluster::nodes));
        calls.add(Map.entry("k8s:get pods/log", c -> c.podLog(NS, "vibe-backend-7d4f-a", "backend", 100)));
        calls.add(Map.entry("k8s:list events", c -> c.events(NS)));

        calls.forEach(entry -> {
            String operation = entry.getKey();
            Consumer<KubernetesCluster> call = entry.getValue();
            // when
            Throwable thrown = assertTimeoutPreemptively(FAIL_FAST, () -> catchThrowable(() -> call.accept(dr)),
                    operation + " did not fail fast");

            // then
            assertThat(thrown).as(operation).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.endpoint()).isEqualTo("k8s/dr-cluster");
                assertThat(e.operation()).isEqualTo(operation);
                assertThat(e.getMessage()).startsWith("k8s/dr-cluster: ").contains("cluster unreachable");
            });
        });
    }

    @Test
    void apiHealth_drServerStopped_answersUnreachableInsteadOfThrowing() {
        // when
        ApiHealth health = assertTimeoutPreemptively(FAIL_FAST, dr::apiHealth, "apiHealth did not answer fast");

        // then
        assertThat(health.live()).isFalse();
        assertThat(health.ready()).isFalse();
        // the rest names the root cause, which depends on the HTTP stack (the JDK's: ClosedChannelException)
        assertThat(health.detail()).startsWith("unreachable: ").hasSizeGreaterThan("unreachable: ".length());
    }

    @Test
    void rolloutStatus_drServerStopped_primaryStillAnswers() {
        // when
        Throwable drFailure = catchThrowable(() -> dr.rolloutStatus(NS, BACKEND));

        // then
        assertThat(drFailure).isInstanceOf(ProviderException.class);
        assertThat(primary.rolloutStatus(NS, BACKEND).replicas()).isEqualTo(3);
    }

    @Test
    void leaseLock_drServerStopped_failsFastWithUnavailable() {
        // given
        LeaseLock lock = LeaseLock.builder(clusters.drClient()).namespace("drplan").clusterName(MockClusters.DR).build();

        // when
        Throwable thrown = assertTimeoutPreemptively(FAIL_FAST,
                () -> catchThrowable(() -> lock.tryAcquire("vibe-region-failover", "host-a", Duration.ofSeconds(15))));

        // then
        assertThat(thrown).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(e.endpoint()).isEqualTo("k8s/dr-cluster");
            assertThat(e.operation()).isEqualTo("k8s:get leases");
        });
    }
}
