package io.drplan.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.drplan.core.spi.ClusterProvider.ApiHealth;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The raw HTTP calls of {@link FabricClusterProvider} (health, logs, secrets) against a slow mock API server. */
class FabricClusterProviderIT {
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void setUp() throws Exception {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        server.destroy();
    }

    @Test
    void apiHealth_clientWithoutRequestTimeout_stillGivesUpAfterTheDefaultBound() {
        // given: a client configured to wait forever (request timeout 0) and an API server that hangs
        client = server.createClient(b -> b.editOrNewConfig()
                .withConnectionTimeout(1_000)
                .withRequestTimeout(0)
                .withRequestRetryBackoffLimit(0)
                .endConfig());
        server.expect().get().delay(20, TimeUnit.SECONDS).withPath("/healthz").andReturn(200, "ok").always();
        FabricClusterProvider cluster = new FabricClusterProvider("dr-cluster", client, false, Clock.systemUTC(),
                Duration.ofMillis(500));

        // when
        ApiHealth health = assertTimeoutPreemptively(Duration.ofSeconds(5), cluster::apiHealth,
                "a raw call without a request timeout waited on");

        // then
        assertThat(health.live()).isFalse();
        assertThat(health.ready()).isFalse();
        assertThat(health.detail()).startsWith("unreachable: ");   // "timed out", or the JDK client closing the hung exchange
    }
}
