package io.drplan.k8s;

import static io.drplan.k8s.VibeFixtures.BACKEND;
import static io.drplan.k8s.VibeFixtures.FRONTEND;
import static io.drplan.k8s.VibeFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.spi.ClusterProvider.Revision;
import io.drplan.core.spi.ClusterProvider.RolloutStatus;
import io.drplan.core.spi.ProviderException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runbook's "Rollback After Deployment": {@code kubectl rollout history}, {@code kubectl rollout
 * undo}, {@code kubectl rollout status}, on a Deployment that went from 1.4.2 (revision 1) to 1.5.0
 * (revision 2). The test plays the Deployment controller: it creates the ReplicaSets with their
 * revision annotations and reports status.
 */
class RollbackIT {
    @RegisterExtension
    final MockClusters clusters = new MockClusters();

    private KubernetesClient client;
    private KubernetesCluster cluster;
    private Deployment backend;

    @BeforeEach
    void setUp() {
        client = clusters.primaryClient();
        cluster = MockClusters.cluster(MockClusters.PRIMARY, client);
        backend = VibeFixtures.deployment(client, BACKEND, "backend", "vibe/backend:1.4.2", 3);
        VibeFixtures.replicaSet(client, backend, 1, "vibe/backend:1.4.2", "6b7d9c4f8", "deploy 1.4.2");
        // the 1.5.0 deployment: new template, revision 2
        backend = client.apps().deployments().inNamespace(NS).withName(BACKEND).edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("vibe/backend:1.5.0");
            d.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", "2");
            return d;
        });
        VibeFixtures.replicaSet(client, backend, 2, "vibe/backend:1.5.0", "58f4c7d6b", "deploy 1.5.0");
        VibeFixtures.controllerCatchesUp(client, BACKEND);
        // another Deployment's ReplicaSet with the same revision numbers must not mix in
        Deployment frontend = VibeFixtures.deployment(client, FRONTEND, "frontend", "vibe/frontend:1.4.2", 2);
        VibeFixtures.replicaSet(client, frontend, 1, "vibe/frontend:1.4.2", "7c8d9e0f1", "frontend 1.4.2");
    }

    @Test
    void rolloutHistory_twoRevisions_listsThemOldestFirst() {
        assertThat(cluster.rolloutHistory(NS, BACKEND)).containsExactly(
                new Revision(1, "vibe-backend-6b7d9c4f8", "deploy 1.4.2"),
                new Revision(2, "vibe-backend-58f4c7d6b", "deploy 1.5.0"));
    }

    @Test
    void rolloutUndo_toPrevious_restoresRevisionOneTemplateWithoutPodTemplateHash() {
        // given
        long generationBefore = client.apps().deployments().inNamespace(NS).withName(BACKEND).get()
                .getMetadata().getGeneration();

        // when
        cluster.rolloutUndo(NS, BACKEND, 0);

        // then
        Deployment d = client.apps().deployments().inNamespace(NS).withName(BACKEND).get();
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("vibe/backend:1.4.2");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsExactlyEntriesOf(java.util.Map.of("app.kubernetes.io/component", "backend"));
        assertThat(d.getMetadata().getAnnotations())
                .containsEntry("kubernetes.io/change-cause", "deploy 1.4.2")
                .containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(d.getMetadata().getGeneration()).isEqualTo(generationBefore + 1);
    }

    @Test
    void rolloutUndo_controllerWritesStatusBetweenReadAndPatch_stillRollsBack() {
        // given: the controller writes the Deployment's status (a new resourceVersion) just before our patch
        List<String> patches = new CopyOnWriteArrayList<>();
        KubernetesCluster racing = MockClusters.cluster(MockClusters.PRIMARY, clusters.client(clusters.primaryServer(),
                MockClusters.statusWriteBeforePatch(client, BACKEND, patches)));

        // when
        racing.rolloutUndo(NS, BACKEND, 0);

        // then
        // fabric8's CRUD mock ignores a resourceVersion in a JSON patch, which the API server enforces: 409
        assertThat(patches).singleElement().asString().doesNotContain("resourceVersion");
        assertThat(client.apps().deployments().inNamespace(NS).withName(BACKEND).get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage()).isEqualTo("vibe/backend:1.4.2");
    }

    @Test
    void rolloutStatus_afterUndo_completesWhenControllerCatchesUp() {
        // given
        cluster.rolloutUndo(NS, BACKEND, 0);

        // when
        RolloutStatus during = cluster.rolloutStatus(NS, BACKEND);
        VibeFixtures.controllerCatchesUp(client, BACKEND);
        RolloutStatus after = cluster.rolloutStatus(NS, BACKEND);

        // then
        assertThat(during.isComplete()).isFalse();
        assertThat(during.observedGeneration()).isEqualTo(during.generation() - 1);
        assertThat(after.isComplete()).isTrue();
    }

    @Test
    void rolloutUndo_toCurrentRevision_isSkippedWithoutChange() {
        // given
        String versionBefore = client.apps().deployments().inNamespace(NS).withName(BACKEND).get()
                .getMetadata().getResourceVersion();

        // when
        cluster.rolloutUndo(NS, BACKEND, 2);

        // then
        assertThat(client.apps().deployments().inNamespace(NS).withName(BACKEND).get().getMetadata()
                .getResourceVersion()).isEqualTo(versionBefore);
    }

    @Test
    void rolloutUndo_pausedDeployment_isRefusedAndChangesNothing() {
        // given
        client.apps().deployments().inNamespace(NS).withName(BACKEND).edit(d -> {
            d.getSpec().setPaused(true);
            return d;
        });
        String versionBefore = client.apps().deployments().inNamespace(NS).withName(BACKEND).get()
                .getMetadata().getResourceVersion();

        // when / then
        assertThatThrownBy(() -> cluster.rolloutUndo(NS, BACKEND, 0))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.INVALID_REQUEST);
                    assertThat(e.operation()).isEqualTo("k8s:patch deployments");
                    assertThat(e.getMessage()).isEqualTo("k8s/primary: rollout undo vibe-production/vibe-backend"
                            + " failed: deployment vibe-backend is paused; run kubectl rollout resume"
                            + " deployment/vibe-backend -n vibe-production first");
                });
        assertThat(client.apps().deployments().inNamespace(NS).withName(BACKEND).get().getMetadata()
                .getResourceVersion()).isEqualTo(versionBefore);
    }

    @Test
    void rolloutUndo_unknownRevision_failsNamingTheRevisionsThereAre() {
        assertThatThrownBy(() -> cluster.rolloutUndo(NS, BACKEND, 7))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("k8s/primary: rollout undo vibe-production/vibe-backend"
                            + " failed: unable to find the specified revision 7 of deployment vibe-backend;"
                            + " its revisions are [1, 2]");
                });
    }

    @Test
    void rolloutUndo_singleRevision_failsWithNoHistory() {
        assertThatThrownBy(() -> cluster.rolloutUndo(NS, FRONTEND, 0))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.INVALID_REQUEST);
                    assertThat(e.operation()).isEqualTo("k8s:patch deployments");
                    assertThat(e.getMessage()).isEqualTo("k8s/primary: rollout undo vibe-production/vibe-frontend"
                            + " failed: no rollout history found for deployment vibe-frontend (revisions [1]);"
                            + " there is no previous revision to go back to");
                });
    }

    @Test
    void rolloutUndo_negativeRevision_isRejected() {
        assertThatThrownBy(() -> cluster.rolloutUndo(NS, BACKEND, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("toRevision must be 0 (previous) or a revision number but was -1");
    }
}
