package io.drplan.k8s;

import static io.drplan.k8s.VibeFixtures.BACKEND;
import static io.drplan.k8s.VibeFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.spi.ClusterProvider.ApiHealth;
import io.drplan.core.spi.ClusterProvider.EventInfo;
import io.drplan.core.spi.ClusterProvider.NodeInfo;
import io.drplan.core.spi.ProviderException;
import io.drplan.k8s.internal.FabricClusterProvider;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's appendix and post-incident commands: {@code kubectl get --raw='/healthz'}, {@code
 * kubectl get nodes}, {@code kubectl logs -l app.kubernetes.io/component=backend --tail=100}, events,
 * "Preserve logs and metrics", and scaling (Tier 2 "scale operations").
 */
class ClusterOperationsIT {
    @RegisterExtension
    final MockClusters clusters = new MockClusters();

    private KubernetesMockServer server;
    private KubernetesClient client;
    private KubernetesCluster cluster;

    @BeforeEach
    void setUp() {
        server = clusters.drServer();
        client = clusters.drClient();
        cluster = MockClusters.cluster(MockClusters.DR, client);
    }

    @Test
    void apiHealth_bothEndpointsOk_isLiveAndReady() {
        // given
        server.expect().get().withPath("/healthz").andReturn(200, "ok").always();
        server.expect().get().withPath("/readyz").andReturn(200, "ok").always();

        // when
        ApiHealth health = cluster.apiHealth();

        // then
        assertThat(health).isEqualTo(new ApiHealth(true, true, "healthz: ok, readyz: ok"));
    }

    @Test
    void apiHealth_readyzFailing_isLiveButNotReady() {
        // given
        server.expect().get().withPath("/healthz").andReturn(200, "ok").always();
        server.expect().get().withPath("/readyz").andReturn(500, "[-]etcd failed: reason withheld\nreadyz check failed")
                .always();

        // when
        ApiHealth health = cluster.apiHealth();

        // then
        assertThat(health).isEqualTo(new ApiHealth(true, false,
                "healthz: ok, readyz: HTTP 500 [-]etcd failed: reason withheld readyz check failed"));
    }

    @Test
    void apiHealth_credentialsRefused_stillThrowsAccessDenied() {
        // given
        server.expect().get().withPath("/healthz").andReturn(401, "Unauthorized").always();

        // when / then: refused credentials are not a health answer
        assertThatThrownBy(cluster::apiHealth).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.reason()).isEqualTo(ProviderException.Reason.ACCESS_DENIED);
            assertThat(e.operation()).isEqualTo("k8s:get /healthz");
        });
    }

    @Test
    void apiHealth_answerOtherThanOk_isNotLive() {
        // given: unstubbed, the mock answers 200 with a body that is not "ok"
        server.expect().get().withPath("/healthz").andReturn(200, "{\"paths\":[]}").always();
        server.expect().get().withPath("/readyz").andReturn(200, "ok").always();

        // when
        ApiHealth health = cluster.apiHealth();

        // then
        assertThat(health.live()).isFalse();
        assertThat(health.ready()).isTrue();
    }

    @Test
    void nodes_mixedReadiness_reportEachNode() {
        // given
        VibeFixtures.node(client, "ip-10-1-1-10", true);
        VibeFixtures.node(client, "ip-10-1-2-20", false);

        // when
        List<NodeInfo> nodes = cluster.nodes();

        // then
        assertThat(nodes).containsExactly(new NodeInfo("ip-10-1-1-10", true), new NodeInfo("ip-10-1-2-20", false));
    }

    @Test
    void podLog_tailOfContainer_returnsTheLog() {
        // given
        server.expect().get()
                .withPath("/api/v1/namespaces/vibe-production/pods/vibe-backend-7d4f-a/log?tailLines=100&container=backend")
                .andReturn(200, "GET /health 200\nGET /api/v1/users 200\n").always();

        // when
        String log = cluster.podLog(NS, "vibe-backend-7d4f-a", "backend", 100);

        // then
        assertThat(log).isEqualTo("GET /health 200\nGET /api/v1/users 200\n");
    }

    @Test
    void podLog_missingPod_failsWithNotFound() {
        // given
        server.expect().get().withPath("/api/v1/namespaces/vibe-production/pods/gone/log?tailLines=10")
                .andReturn(404, "{\"kind\":\"Status\",\"message\":\"pods \\\"gone\\\" not found\"}").always();

        // then
        assertThatThrownBy(() -> cluster.podLog(NS, "gone", null, 10))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("k8s:get pods/log");
                    assertThat(e.endpoint()).isEqualTo("k8s/dr-cluster");
                });
    }

    @Test
    void podLog_nonPositiveTail_isRejected() {
        assertThatThrownBy(() -> cluster.podLog(NS, "p", null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tailLines must be positive but was 0");
    }

    @Test
    void events_namespace_sortedOldestFirst() {
        // given
        event("e2", "Warning", "BackOff", "vibe-backend-7d4f-b", "Back-off restarting failed container",
                "2026-11-25T21:50:00Z");
        event("e1", "Normal", "ScalingReplicaSet", "vibe-backend-7d4f-a", "Scaled up replica set to 3",
                "2026-11-25T21:40:00Z");

        // when
        List<EventInfo> events = cluster.events(NS);

        // then
        assertThat(events).containsExactly(
                new EventInfo(Instant.parse("2026-11-25T21:40:00Z"), "Normal", "ScalingReplicaSet",
                        "Pod/vibe-backend-7d4f-a", "Scaled up replica set to 3"),
                new EventInfo(Instant.parse("2026-11-25T21:50:00Z"), "Warning", "BackOff",
                        "Pod/vibe-backend-7d4f-b", "Back-off restarting failed container"));
    }

    @Test
    void preserveEvidence_backendPods_writesEachLogAndTheEvents(@TempDir Path folder) throws IOException {
        // given
        VibeFixtures.pod(client, "vibe-backend-7d4f-a", "backend", true, 0, "ip-10-1-1-10");
        VibeFixtures.pod(client, "vibe-backend-7d4f-b", "backend", false, 4, "ip-10-1-2-20");
        VibeFixtures.pod(client, "vibe-frontend-5c9e-a", "frontend", true, 0, "ip-10-1-1-10");
        server.expect().get().withPath(FabricClusterProvider.logPath(NS, "vibe-backend-7d4f-a", "backend", 100))
                .andReturn(200, "a: started\n").always();
        server.expect().get().withPath(FabricClusterProvider.logPath(NS, "vibe-backend-7d4f-b", "backend", 100))
                .andReturn(200, "b: connection refused to vibe-postgres-production\n").always();
        event("e1", "Warning", "BackOff", "vibe-backend-7d4f-b", "Back-off restarting failed container",
                "2026-11-25T21:50:00Z");

        // when
        List<Path> files = cluster.preserveEvidence(NS, Map.of("app.kubernetes.io/component", "backend"), 100,
                folder.resolve("incident-42"));

        // then
        Path dir = folder.resolve("incident-42");
        assertThat(files).containsExactly(
                dir.resolve("vibe-backend-7d4f-a.log"),
                dir.resolve("vibe-backend-7d4f-b.log"),
                dir.resolve("events.txt"));
        assertThat(Files.readString(files.get(0))).isEqualTo("a: started\n");
        assertThat(Files.readString(files.get(1))).isEqualTo("b: connection refused to vibe-postgres-production\n");
        assertThat(Files.readString(files.get(2))).isEqualTo("2026-11-25T21:50:00Z Warning BackOff"
                + " Pod/vibe-backend-7d4f-b Back-off restarting failed container\n");
    }

    @Test
    void preserveEvidence_multiContainerPodWithAGoneLog_writesANoteAndGoesOn(@TempDir Path folder)
            throws IOException {
        // given: a backend pod with a sidecar whose log the API server no longer has
        client.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("vibe-backend-7d4f-c").withNamespace(NS)
                .addToLabels("app.kubernetes.io/component", "backend").endMetadata()
                .withNewSpec().addNewContainer().withName("backend").withImage("vibe/backend:1.4.2").endContainer()
                .addNewContainer().withName("envoy").withImage("envoy:1.30").endContainer().endSpec()
                .build()).create();
        server.expect().get().withPath(FabricClusterProvider.logPath(NS, "vibe-backend-7d4f-c", "backend", 50))
                .andReturn(200, "c: ok\n").always();
        server.expect().get().withPath(FabricClusterProvider.logPath(NS, "vibe-backend-7d4f-c", "envoy", 50))
                .andReturn(404, "{\"kind\":\"Status\",\"code\":404,\"message\":\"container envoy is gone\"}")
                .always();

        // when
        List<Path> files = cluster.preserveEvidence(NS, Map.of("app.kubernetes.io/component", "backend"), 50, folder);

        // then
        assertThat(files).containsExactly(folder.resolve("vibe-backend-7d4f-c.backend.log"),
                folder.resolve("vibe-backend-7d4f-c.envoy.log"), folder.resolve("events.txt"));
        assertThat(Files.readString(files.get(0))).isEqualTo("c: ok\n");
        assertThat(Files.readString(files.get(1))).isEqualTo("log unavailable: k8s/dr-cluster: get pods/log"
                + " vibe-production/vibe-backend-7d4f-c container envoy failed: HTTP 404: container envoy is gone;"
                + " check the namespace and name\n");
        assertThat(Files.readString(files.get(2))).isEmpty();
    }

    @Test
    void scale_deployment_setsReplicasAndReturnsPrevious() {
        // given
        VibeFixtures.deployment(client, BACKEND, "backend", "vibe/backend:1.4.2", 3);

        // when
        int previous = cluster.scale(NS, BACKEND, 6);

        // then
        assertThat(previous).isEqualTo(3);
        assertThat(client.apps().deployments().inNamespace(NS).withName(BACKEND).get().getSpec().getReplicas())
                .isEqualTo(6);
    }

    @Test
    void scale_controllerWritesStatusBetweenReadAndPatch_stillScales() {
        // given: the controller writes the Deployment's status (a new resourceVersion) just before our patch
        VibeFixtures.deployment(client, BACKEND, "backend", "vibe/backend:1.4.2", 3);
        List<String> patches = new CopyOnWriteArrayList<>();
        KubernetesCluster racing = MockClusters.cluster(MockClusters.DR, clusters.client(server,
                MockClusters.statusWriteBeforePatch(client, BACKEND, patches)));

        // when
        int previous = racing.scale(NS, BACKEND, 6);

        // then
        assertThat(patches).hasSize(1);
        assertThat(previous).isEqualTo(3);
        assertThat(client.apps().deployments().inNamespace(NS).withName(BACKEND).get().getSpec().getReplicas())
                .isEqualTo(6);
    }

    @Test
    void scale_negative_isRejected() {
        assertThatThrownBy(() -> cluster.scale(NS, BACKEND, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replicas must be >= 0 but was -1");
    }

    private void event(String name, String type, String reason, String pod, String message, String time) {
        client.v1().events().inNamespace(NS).resource(new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withType(type).withReason(reason).withMessage(message)
                .withNewInvolvedObject().withKind("Pod").withName(pod).withNamespace(NS).endInvolvedObject()
                .withFirstTimestamp(time).withLastTimestamp(time)
                .build()).create();
    }
}
