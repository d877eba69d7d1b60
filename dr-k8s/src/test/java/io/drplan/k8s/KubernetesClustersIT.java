package io.drplan.k8s;

import static io.drplan.k8s.VibeFixtures.BACKEND;
import static io.drplan.k8s.VibeFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.drplan.core.DrException;
import io.drplan.core.spi.ProviderException;
import io.drplan.k8s.internal.FabricClusterProvider;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Clusters by kubeconfig context, as the runbook's {@code --context dr-cluster}, and over a host's client. */
class KubernetesClustersIT {
    @RegisterExtension
    final MockClusters clusters = new MockClusters();

    @TempDir
    Path dir;

    private String previousKubeconfig;

    @BeforeEach
    void writeKubeconfig() throws IOException {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                current-context: primary
                clusters:
                - name: primary
                  cluster:
                    server: %s
                - name: dr
                  cluster:
                    server: %s
                users:
                - name: operator
                  user:
                    token: not-a-real-token
                contexts:
                - name: primary
                  context:
                    cluster: primary
                    user: operator
                    namespace: vibe-production
                - name: dr-cluster
                  context:
                    cluster: dr
                    user: operator
                    namespace: vibe-production
                """.formatted(url(clusters.primaryServer()), url(clusters.drServer())));
        previousKubeconfig = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig.toString());
    }

    @AfterEach
    void restoreKubeconfig() {
        if (previousKubeconfig == null) {
            System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        } else {
            System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, previousKubeconfig);
        }
    }

    private static String url(KubernetesMockServer server) {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Test
    void forContext_drCluster_callsTheDrServerOnly() {
        // given
        VibeFixtures.deployment(clusters.drClient(), BACKEND, "backend", "vibe/backend:1.4.2", 3);

        // when
        try (KubernetesCluster dr = KubernetesClusters.forContext("dr-cluster");
             KubernetesCluster primary = KubernetesClusters.forContext("primary")) {

            // then
            assertThat(dr.name()).isEqualTo("dr-cluster");
            assertThat(dr.rolloutStatus(NS, BACKEND).replicas()).isEqualTo(3);
            assertThat(catchThrowable(() -> primary.rolloutStatus(NS, BACKEND)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                        assertThat(e.endpoint()).isEqualTo("k8s/primary");
                    });
        }
    }

    @Test
    void forContext_unknownContext_failsNamingTheContextsThereAre() {
        assertThatThrownBy(() -> KubernetesClusters.forContext("dr-clsuter"))
                .isInstanceOf(DrException.class)
                .hasMessage("no kubeconfig context named 'dr-clsuter'; the kubeconfig has [dr-cluster, primary];"
                        + " add it (kubectl config set-context) or point KUBECONFIG at the right file");
    }

    @Test
    void forContext_serverError_isNotRetriedByTheClient() {
        // given: one 500, then the deployment would be found if the client retried on its own
        VibeFixtures.deployment(clusters.drClient(), BACKEND, "backend", "vibe/backend:1.4.2", 3);
        clusters.drServer().expect().get().withPath("/apis/apps/v1/namespaces/vibe-production/deployments/vibe-backend")
                .andReturn(500, "etcd timeout").once();

        // when
        try (KubernetesCluster dr = KubernetesClusters.forContext("dr-cluster")) {
            Throwable thrown = catchThrowable(() -> dr.rolloutStatus(NS, BACKEND));

            // then: the engine sees the 500 and decides about retrying
            assertThat(thrown).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.SERVER_ERROR));
            assertThat(dr.rolloutStatus(NS, BACKEND).replicas()).isEqualTo(3);
        }
    }

    @Test
    void close_clusterMadeForContext_closesItsClient() {
        // given
        KubernetesCluster dr = KubernetesClusters.forContext("dr-cluster");

        // when
        dr.close();

        // then
        assertThat(((FabricClusterProvider) dr).client().getHttpClient().isClosed()).isTrue();
    }

    @Test
    void close_clusterOverHostClient_leavesTheClientOpen() {
        // given
        KubernetesCluster dr = KubernetesClusters.fromClient("dr-cluster", clusters.drClient());

        // when
        dr.close();

        // then
        assertThat(clusters.drClient().getHttpClient().isClosed()).isFalse();
        assertThat(dr.toString()).isEqualTo("KubernetesCluster[dr-cluster at " + clusters.drClient().getMasterUrl() + "]");
    }

    @Test
    void fromClient_blankName_isRejected() {
        assertThatThrownBy(() -> KubernetesClusters.fromClient(" ", clusters.drClient()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank but was ' '");
    }
}
