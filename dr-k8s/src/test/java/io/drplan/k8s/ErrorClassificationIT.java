package io.drplan.k8s;

import static io.drplan.k8s.VibeFixtures.BACKEND;
import static io.drplan.k8s.VibeFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** API server answers are classified so that the engine retries exactly what is worth retrying. */
class ErrorClassificationIT {
    private static final String DEPLOYMENT_PATH = "/apis/apps/v1/namespaces/vibe-production/deployments/vibe-backend";

    @RegisterExtension
    final MockClusters clusters = new MockClusters();

    private KubernetesMockServer server;
    private KubernetesCluster cluster;

    @BeforeEach
    void setUp() {
        server = clusters.drServer();
        VibeFixtures.deployment(clusters.drClient(), BACKEND, "backend", "vibe/backend:1.4.2", 3);
        cluster = MockClusters.cluster(MockClusters.DR, clusters.drClient());
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
        "429, THROTTLED,       true,  TooManyRequests",
        "500, SERVER_ERROR,    true,  InternalError",
        "503, SERVER_ERROR,    true,  ServiceUnavailable",
        "401, ACCESS_DENIED,   false, Unauthorized",
        "403, ACCESS_DENIED,   false, Forbidden",
        "409, CONFLICT,        false, Conflict",
        "400, INVALID_REQUEST, false, BadRequest",
        "422, INVALID_REQUEST, false, Invalid",
        "404, NOT_FOUND,       false, NotFound"})
    void rolloutRestart_serverAnswers_classifiedByStatus(int code, Reason reason, boolean retryable, String why) {
        // given
        server.expect().patch().withPath(DEPLOYMENT_PATH).andReturn(code, new StatusBuilder()
                .withStatus("Failure").withCode(code).withReason(why)
                .withMessage("deployments.apps \"vibe-backend\" " + why).build()).once();

        // when
        Throwable thrown = catchThrowable(() -> cluster.rolloutRestart(NS, BACKEND));

        // then
        assertThat(thrown).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.isRetryable()).isEqualTo(retryable);
            assertThat(e.operation()).isEqualTo("k8s:patch deployments");
            assertThat(e.endpoint()).isEqualTo("k8s/dr-cluster");
            assertThat(e.permission()).isEqualTo(code == 403 ? Optional.of("patch deployments") : Optional.empty());
            assertThat(e.getMessage()).startsWith("k8s/dr-cluster: patch deployments vibe-production/vibe-backend"
                    + " failed: HTTP " + code + ": deployments.apps \"vibe-backend\" " + why + "; ");
        });
    }
}
