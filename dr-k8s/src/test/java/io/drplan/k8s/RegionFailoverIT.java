package io.drplan.k8s;

import static io.drplan.k8s.VibeFixtures.BACKEND;
import static io.drplan.k8s.VibeFixtures.DR_DB_URL;
import static io.drplan.k8s.VibeFixtures.FRONTEND;
import static io.drplan.k8s.VibeFixtures.JWT;
import static io.drplan.k8s.VibeFixtures.NS;
import static io.drplan.k8s.VibeFixtures.PRIMARY_DB_URL;
import static io.drplan.k8s.VibeFixtures.REDIS_URL;
import static io.drplan.k8s.VibeFixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Secret;
import io.drplan.core.spi.ClusterProvider.PodInfo;
import io.drplan.core.spi.ClusterProvider.RolloutStatus;
import io.drplan.core.spi.ClusterProvider.ServiceInfo;
import io.drplan.core.spi.ProviderException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kubernetes half of the runbook's Procedure 3 (Full Region Failover), Step 4 "Update Application
 * Configuration" and Step 6 "Verify Application Health", against the DR cluster while the primary
 * cluster stands by; every change is verified by reading the objects back.
 */
class RegionFailoverIT {
    @RegisterExtension
    final MockClusters clusters = new MockClusters();

    private KubernetesClient drClient;
    private KubernetesCluster dr;
    private KubernetesCluster primary;

    @BeforeEach
    void setUp() {
        for (KubernetesClient c : List.of(clusters.primaryClient(), clusters.drClient())) {
            VibeFixtures.secret(c);
            VibeFixtures.deployment(c, BACKEND, "backend", "vibe/backend:1.4.2", 3);
            VibeFixtures.deployment(c, FRONTEND, "frontend", "vibe/frontend:1.4.2", 2);
        }
        drClient = clusters.drClient();
        dr = MockClusters.cluster(MockClusters.DR, drClient);
        primary = MockClusters.cluster(MockClusters.PRIMARY, clusters.primaryClient());
    }

    @Test
    void updateSecretKey_existingKey_replacesOnlyThatKeyAndReturnsPrevious() {
        // when
        Optional<Secret> previous = dr.updateSecretKey(NS, SECRET, "DATABASE_URL", Secret.of(DR_DB_URL));

        // then
        assertThat(previous).isPresent();
        assertThat(previous.get().reveal()).isEqualTo(PRIMARY_DB_URL);
        assertThat(previous.get().toString()).isEqualTo("Secret[vibe-production/vibe-secrets[DATABASE_URL]@previous]");
        Map<String, String> data = drClient.secrets().inNamespace(NS).withName(SECRET).get().getData();
        assertThat(VibeFixtures.decoded(data)).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "DATABASE_URL", DR_DB_URL, "REDIS_URL", REDIS_URL, "JWT_SECRET", JWT)));
    }

    @Test
    void everyCall_returnsAtOnce_withAFixedNumberOfRequests() {
        // given
        var server = clusters.drServer();
        int before = server.getRequestCount();

        // when / then: one read and one write each, or a single read; nothing polls
        dr.updateSecretKey(NS, SECRET, "DATABASE_URL", Secret.of(DR_DB_URL));
        assertThat(server.getRequestCount() - before).isEqualTo(2);
        before = server.getRequestCount();
        dr.rolloutRestart(NS, BACKEND);
        assertThat(server.getRequestCount() - before).isEqualTo(2);
        before = server.getRequestCount();
        dr.rolloutStatus(NS, BACKEND);
        assertThat(server.getRequestCount() - before).isEqualTo(1);
        before = server.getRequestCount();
        dr.scale(NS, BACKEND, 4);
        assertThat(server.getRequestCount() - before).isEqualTo(2);
    }

    @Test
    void updateSecretKey_throughTheQuietHttpClient_stillSendsTheClientsCredentials() throws InterruptedException {
        // when
        dr.updateSecretKey(NS, SECRET, "DATABASE_URL", Secret.of(DR_DB_URL));

        // then: the PATCH carried the token of the client's configuration (the mock's is "secret")
        var patch = clusters.drServer().getLastRequest();
        assertThat(patch.getMethod()).isEqualTo("PATCH");
        assertThat(patch.getPath()).isEqualTo("/api/v1/namespaces/vibe-production/secrets/vibe-secrets");
        assertThat(patch.getHeader("Authorization")).isEqualTo("Bearer secret");
        assertThat(patch.getHeader("Content-Type")).startsWith("application/merge-patch+json");
    }

    @Test
    void updateSecretKey_newKey_returnsEmptyAndKeepsOtherKeys() {
        // when
        Optional<Secret> previous = dr.updateSecretKey(NS, SECRET, "DATABASE_REPLICA_URL", Secret.of(DR_DB_URL));

        // then
        assertThat(previous).isEmpty();
        Map<String, String> data = drClient.secrets().inNamespace(NS).withName(SECRET).get().getData();
        assertThat(data).containsOnlyKeys("DATABASE_URL", "REDIS_URL", "JWT_SECRET", "DATABASE_REPLICA_URL");
        assertThat(VibeFixtures.decode(data.get("DATABASE_REPLICA_URL"))).isEqualTo(DR_DB_URL);
        assertThat(VibeFixtures.decode(data.get("DATABASE_URL"))).isEqualTo(PRIMARY_DB_URL);
    }

    @Test
    void updateSecretKey_missingSecret_failsWithNotFound() {
        assertThatThrownBy(() -> dr.updateSecretKey(NS, "no-such-secret", "DATABASE_URL", Secret.of(DR_DB_URL)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.endpoint()).isEqualTo("k8s/dr-cluster");
                    assertThat(e.operation()).isEqualTo("k8s:get secrets");
                    assertThat(e.getMessage()).isEqualTo("k8s/dr-cluster: get secrets vibe-production/no-such-secret"
                            + " failed: secret vibe-production/no-such-secret does not exist; create it first");
                });
    }

    @Test
    void removeSecretKey_presentKey_removesOnlyThatKey() {
        // given
        dr.updateSecretKey(NS, SECRET, "DATABASE_REPLICA_URL", Secret.of(DR_DB_URL));

        // when
        dr.removeSecretKey(NS, SECRET, "DATABASE_REPLICA_URL");

        // then
        Map<String, String> data = drClient.secrets().inNamespace(NS).withName(SECRET).get().getData();
        assertThat(data).containsOnlyKeys("DATABASE_URL", "REDIS_URL", "JWT_SECRET");
    }

    @Test
    void removeSecretKey_absentKey_changesNothing() {
        // given
        String before = drClient.secrets().inNamespace(NS).withName(SECRET).get().getMetadata().getResourceVersion();

        // when
        dr.removeSecretKey(NS, SECRET, "NOT_THERE");

        // then
        assertThat(drClient.secrets().inNamespace(NS).withName(SECRET).get().getMetadata().getResourceVersion())
                .isEqualTo(before);
    }

    @Test
    void rolloutRestart_deployment_stampsRestartedAtAndBumpsGeneration() {
        // given
        long generationBefore = drClient.apps().deployments().inNamespace(NS).withName(BACKEND).get()
                .getMetadata().getGeneration();

        // when
        dr.rolloutRestart(NS, BACKEND);

        // then
        Deployment d = drClient.apps().deployments().inNamespace(NS).withName(BACKEND).get();
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-11-25T22:00:00Z");
        assertThat(d.getMetadata().getGeneration()).isEqualTo(generationBefore + 1);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("vibe/backend:1.4.2");
    }

    @Test
    void rolloutRestart_missingDeployment_failsWithNotFound() {
        assertThatThrownBy(() -> dr.rolloutRestart(NS, "vibe-worker"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("k8s:get deployments");
                });
    }

    @Test
    void rolloutRestart_pausedDeployment_isRefusedAndChangesNothing() {
        // given
        drClient.apps().deployments().inNamespace(NS).withName(BACKEND).edit(d -> {
            d.getSpec().setPaused(true);
            return d;
        });
        String versionBefore = drClient.apps().deployments().inNamespace(NS).withName(BACKEND).get()
                .getMetadata().getResourceVersion();

        // when / then
        assertThatThrownBy(() -> dr.rolloutRestart(NS, BACKEND))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.INVALID_REQUEST);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.operation()).isEqualTo("k8s:patch deployments");
                    assertThat(e.getMessage()).isEqualTo("k8s/dr-cluster: rollout restart vibe-production/vibe-backend"
                            + " failed: deployment vibe-backend is paused; run kubectl rollout resume"
                            + " deployment/vibe-backend -n vibe-production first");
                });
        assertThat(drClient.apps().deployments().inNamespace(NS).withName(BACKEND).get().getMetadata()
                .getResourceVersion()).isEqualTo(versionBefore);
    }

    @Test
    void rolloutStatus_afterRestart_completesOnlyWhenControllerCatchesUp() {
        // given
        dr.rolloutRestart(NS, BACKEND);

        // when
        RolloutStatus during = dr.rolloutStatus(NS, BACKEND);
        VibeFixtures.controllerCatchesUp(drClient, BACKEND);
        RolloutStatus after = dr.rolloutStatus(NS, BACKEND);

        // then
        assertThat(during.isComplete()).isFalse();
        assertThat(during).isEqualTo(new RolloutStatus(BACKEND, 2, 0, 3, 0, 0, 0));
        assertThat(after.isComplete()).isTrue();
        assertThat(after).isEqualTo(new RolloutStatus(BACKEND, 2, 2, 3, 3, 3, 3));
        assertThat(after.toString()).isEqualTo("vibe-backend 3/3 updated, 3 ready, 3 available (generation 2/2)");
    }

    @Test
    void pods_byComponentLabel_reportReadinessRestartsAndNode() {
        // given
        VibeFixtures.pod(drClient, "vibe-backend-7d4f-a", "backend", true, 0, "ip-10-1-1-10");
        VibeFixtures.pod(drClient, "vibe-backend-7d4f-b", "backend", false, 4, "ip-10-1-2-20");
        VibeFixtures.pod(drClient, "vibe-frontend-5c9e-a", "frontend", true, 0, "ip-10-1-1-10");

        // when
        List<PodInfo> backend = dr.pods(NS, Map.of("app.kubernetes.io/component", "backend"));
        List<PodInfo> all = dr.pods(NS, Map.of());

        // then
        assertThat(backend).containsExactly(
                new PodInfo("vibe-backend-7d4f-a", "Running", true, 0, "ip-10-1-1-10"),
                new PodInfo("vibe-backend-7d4f-b", "Running", false, 4, "ip-10-1-2-20"));
        assertThat(all).extracting(PodInfo::name)
                .containsExactly("vibe-backend-7d4f-a", "vibe-backend-7d4f-b", "vibe-frontend-5c9e-a");
    }

    @Test
    void services_namespace_listTypeClusterIpAndPorts() {
        // given
        VibeFixtures.service(drClient, "vibe-backend", "ClusterIP", "172.20.10.5", 8080);
        VibeFixtures.service(drClient, "vibe-frontend", "LoadBalancer", "172.20.10.6", 80, 443);

        // when
        List<ServiceInfo> services = dr.services(NS);

        // then
        assertThat(services).containsExactly(
                new ServiceInfo("vibe-backend", "ClusterIP", "172.20.10.5", List.of(8080)),
                new ServiceInfo("vibe-frontend", "LoadBalancer", "172.20.10.6", List.of(80, 443)));
    }

    @Test
    void procedure3_step4OnDrCluster_changesDrOnlyAndLeavesPrimaryAsItWas() {
        // when: Step 4, against --context dr-cluster
        dr.updateSecretKey(NS, SECRET, "DATABASE_URL", Secret.of(DR_DB_URL));
        dr.rolloutRestart(NS, BACKEND);
        dr.rolloutRestart(NS, FRONTEND);
        VibeFixtures.controllerCatchesUp(drClient, BACKEND);
        VibeFixtures.controllerCatchesUp(drClient, FRONTEND);

        // then: the DR cluster has the DR database and restarted, complete rollouts
        assertThat(VibeFixtures.decode(drClient.secrets().inNamespace(NS).withName(SECRET).get().getData()
                .get("DATABASE_URL"))).isEqualTo(DR_DB_URL);
        for (String name : List.of(BACKEND, FRONTEND)) {
            assertThat(drClient.apps().deployments().inNamespace(NS).withName(name).get().getSpec().getTemplate()
                    .getMetadata().getAnnotations()).containsEntry("kubectl.kubernetes.io/restartedAt",
                    "2026-11-25T22:00:00Z");
            assertThat(dr.rolloutStatus(NS, name).isComplete()).isTrue();
        }
        // and the primary cluster was not touched
        KubernetesClient p = clusters.primaryClient();
        assertThat(VibeFixtures.decode(p.secrets().inNamespace(NS).withName(SECRET).get().getData()
                .get("DATABASE_URL"))).isEqualTo(PRIMARY_DB_URL);
        assertThat(p.apps().deployments().inNamespace(NS).withName(BACKEND).get().getSpec().getTemplate()
                .getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(primary.rolloutStatus(NS, BACKEND).generation()).isEqualTo(1);
    }
}
