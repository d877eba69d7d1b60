package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.core.spi.ClusterProvider.EventInfo;
import io.drplan.core.spi.ClusterProvider.NodeInfo;
import io.drplan.core.spi.ClusterProvider.PodInfo;
import io.drplan.core.spi.ClusterProvider.Revision;
import io.drplan.core.spi.ClusterProvider.RolloutStatus;
import io.drplan.core.spi.ClusterProvider.ServiceInfo;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeClusterTest {
    private static final Region WEST = Region.of("us-west-2");
    private static final String NS = "shop";

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);
    private FakeCluster cluster;

    @BeforeEach
    void seed() {
        cluster = cloud.addCluster("dr-cluster", WEST);
        cluster.addNode("node-1").addNode("node-2").addNode("node-3", false);
        cluster.addSecret(NS, "app-secrets", Map.of("DATABASE_URL", "postgresql://u:pw@old-host:5432/db", "TOKEN", "t0k3n"));
        cluster.addDeployment(NS, "api", d -> d.replicas(3).label("component", "backend").revisions(2)
                .envFromSecret("app-secrets"));
        cluster.addDeployment(NS, "web", 2);
        cluster.addService(NS, "api", "ClusterIP", "10.1.100.10", 8080);
    }

    @Test
    void addDeployment_startsCompleteWithReadyPodsAndHistory() {
        RolloutStatus status = cluster.rolloutStatus(NS, "api");

        assertThat(status).isEqualTo(new RolloutStatus("api", 2, 2, 3, 3, 3, 3));
        assertThat(status.isComplete()).isTrue();
        assertThat(cluster.rolloutHistory(NS, "api")).extracting(Revision::number).containsExactly(1L, 2L);
        List<PodInfo> pods = cluster.pods(NS, Map.of("component", "backend"));
        assertThat(pods).hasSize(3).allSatisfy(p -> {
            assertThat(p.name()).matches("api-[a-z0-9]{10}-[a-z0-9]{5}");
            assertThat(p.phase()).isEqualTo("Running");
            assertThat(p.ready()).isTrue();
        });
        assertThat(pods).extracting(PodInfo::nodeName).containsExactly("node-1", "node-2", "node-1");
        assertThat(cluster.pods(NS, Map.of())).hasSize(5);
        assertThat(cluster.pods(NS, Map.of("app", "web"))).hasSize(2);
    }

    @Test
    void rolloutRestart_progressesOneReplicaPerStepAndRenamesPods() {
        List<String> before = podNames();

        cluster.rolloutRestart(NS, "api");

        assertThat(cluster.rolloutStatus(NS, "api")).isEqualTo(new RolloutStatus("api", 3, 2, 3, 1, 2, 2));
        time.advance(Duration.ofSeconds(5));
        assertThat(cluster.rolloutStatus(NS, "api")).isEqualTo(new RolloutStatus("api", 3, 3, 3, 1, 2, 2));
        time.advance(Duration.ofSeconds(55));
        assertThat(cluster.rolloutStatus(NS, "api")).isEqualTo(new RolloutStatus("api", 3, 3, 3, 2, 2, 2));
        time.advance(Duration.ofMinutes(1));
        assertThat(cluster.rolloutStatus(NS, "api")).isEqualTo(new RolloutStatus("api", 3, 3, 3, 3, 2, 2));
        assertThat(cluster.rolloutStatus(NS, "api").isComplete()).isFalse();
        time.advance(Duration.ofMinutes(1));
        RolloutStatus done = cluster.rolloutStatus(NS, "api");
        assertThat(done).isEqualTo(new RolloutStatus("api", 3, 3, 3, 3, 3, 3));
        assertThat(done.isComplete()).isTrue();
        assertThat(podNames()).hasSize(3).doesNotContainAnyElementsOf(before);
        assertThat(cluster.rolloutHistory(NS, "api")).extracting(Revision::number, Revision::changeCause)
                .last().isEqualTo(org.assertj.core.groups.Tuple.tuple(3L, "kubectl rollout restart"));
    }

    @Test
    void rolloutRestart_newPodsReadTheSecretAsItIsWhenTheyStart() {
        cluster.updateSecretKey(NS, "app-secrets", "DATABASE_URL", Secret.of("postgresql://u:pw@new-host:5432/db"));
        assertThat(cluster.readyPodEnvironment(NS, "api", "DATABASE_URL")).allMatch(u -> u.contains("old-host"));

        cluster.rolloutRestart(NS, "api");
        time.advance(Duration.ofMinutes(3));

        assertThat(cluster.readyPodEnvironment(NS, "api", "DATABASE_URL")).hasSize(3).allMatch(u -> u.contains("new-host"));
    }

    @Test
    void rolloutUndo_returnsToThePreviousReplicaSetAsANewRevision() {
        List<Revision> history = cluster.rolloutHistory(NS, "api");

        cluster.rolloutUndo(NS, "api", 0);
        time.advance(Duration.ofMinutes(3));

        List<Revision> after = cluster.rolloutHistory(NS, "api");
        assertThat(after).extracting(Revision::number).containsExactly(2L, 3L);
        assertThat(after.get(1).replicaSet()).isEqualTo(history.get(0).replicaSet());
        assertThat(cluster.rolloutStatus(NS, "api").isComplete()).isTrue();
        assertThat(podNames()).allMatch(n -> n.startsWith(history.get(0).replicaSet() + "-"));
        assertThat(cluster.events(NS)).extracting(EventInfo::reason).contains("DeploymentRollback");
    }

    @Test
    void rolloutUndo_noHistory_invalidRequest() {
        assertThatThrownBy(() -> cluster.rolloutUndo(NS, "web", 0))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST))
                .hasMessage("deployment 'shop/web' has no previous revision to roll back to (history: [1])");
        assertThatThrownBy(() -> cluster.rolloutUndo(NS, "api", 7))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("deployment 'shop/api' has no revision 7; its revisions are [1, 2]");
    }

    @Test
    void rolloutStatus_unknownDeployment_notFound() {
        assertThatThrownBy(() -> cluster.rolloutStatus(NS, "nope"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("k8s:get deployments");
                    assertThat(e.endpoint()).isEqualTo("k8s/dr-cluster");
                })
                .hasMessage("deployment 'shop/nope' not found in cluster dr-cluster; check the namespace and the name");
    }

    @Test
    void scale_returnsPreviousAndConverges() {
        assertThat(cluster.scale(NS, "web", 4)).isEqualTo(2);
        assertThat(cluster.rolloutStatus(NS, "web").readyReplicas()).isEqualTo(2);

        time.advance(Duration.ofMinutes(1));

        assertThat(cluster.rolloutStatus(NS, "web")).isEqualTo(new RolloutStatus("web", 2, 2, 4, 4, 4, 4));
        assertThat(cluster.scale(NS, "web", 0)).isEqualTo(4);
        assertThat(cluster.pods(NS, Map.of("app", "web"))).isEmpty();
    }

    @Test
    void updateSecretKey_returnsPreviousValueWithoutPrintingIt() {
        var previous = cluster.updateSecretKey(NS, "app-secrets", "TOKEN", Secret.of("n3w"));

        assertThat(previous).isPresent();
        assertThat(previous.get().reveal()).isEqualTo("t0k3n");
        assertThat(previous.get().toString()).doesNotContain("t0k3n");
        assertThat(cluster.secretValue(NS, "app-secrets", "TOKEN").orElseThrow().reveal()).isEqualTo("n3w");
        assertThat(cluster.updateSecretKey(NS, "app-secrets", "NEW", Secret.of("v"))).isEmpty();
        assertThat(cluster.toString()).doesNotContain("t0k3n", "n3w", "pw@");
    }

    @Test
    void removeSecretKey_removesOnlyThatKey() {
        cluster.removeSecretKey(NS, "app-secrets", "TOKEN");

        assertThat(cluster.readSecretKey(NS, "app-secrets", "TOKEN")).isEmpty();
        assertThat(cluster.readSecretKey(NS, "app-secrets", "DATABASE_URL")).isPresent();
    }

    @Test
    void createSecret_namespaceMissing_notFoundAsTheApiServerSays_andNoNamespaceMade() {
        assertThatThrownBy(() -> cluster.createSecret("nowhere", "s", Map.of("K", Secret.of("v")), Map.of(), Map.of()))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("namespaces \"nowhere\" not found in cluster dr-cluster");
        assertThat(cluster.toString()).doesNotContain("nowhere");
    }

    @Test
    void updateSecretKey_missingSecret_notFound() {
        assertThatThrownBy(() -> cluster.updateSecretKey(NS, "nope", "K", Secret.of("v")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("secret 'shop/nope' not found in cluster dr-cluster; create it before setting its keys");
    }

    @Test
    void regionDown_clusterIsUnavailable() {
        cloud.region(WEST).goDown();

        assertThatThrownBy(() -> cluster.apiHealth())
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.endpoint()).isEqualTo("k8s/dr-cluster");
                });
    }

    @Test
    void reads_servicesNodesHealth() {
        assertThat(cluster.services(NS)).containsExactly(new ServiceInfo("api", "ClusterIP", "10.1.100.10", List.of(8080)));
        assertThat(cluster.services("other")).isEmpty();
        assertThat(cluster.nodes()).containsExactly(new NodeInfo("node-1", true), new NodeInfo("node-2", true),
                new NodeInfo("node-3", false));
        assertThat(cluster.apiHealth().live()).isTrue();
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation)
                .containsExactly("k8s:list services", "k8s:list services", "k8s:list nodes", "k8s:get /healthz");
    }

    @Test
    void podLog_tailsHealthLines() {
        String pod = podNames().get(0);
        time.advance(Duration.ofMinutes(1));

        String log = cluster.podLog(NS, pod, null, 2);

        assertThat(log).isEqualTo("2026-01-01T00:00:50Z INFO  GET /health 200\n2026-01-01T00:01:00Z INFO  GET /health 200\n");
        assertThat(cluster.podLog(NS, pod, "api", 100).lines()).hasSize(3 + 6);
        assertThatThrownBy(() -> cluster.podLog(NS, "api-gone", null, 10))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void preserveEvidence_writesPodLogsAndEvents(@TempDir Path dir) throws Exception {
        cluster.rolloutRestart(NS, "web");
        time.advance(Duration.ofMinutes(3));

        List<Path> files = cluster.preserveEvidence(NS, Map.of("app", "web"), 50, dir.resolve("evidence"));

        assertThat(files).hasSize(3);
        assertThat(files.get(2).getFileName().toString()).isEqualTo("events.txt");
        assertThat(files.get(0).getFileName().toString()).matches("web-[a-z0-9]{10}-[a-z0-9]{5}\\.log");
        assertThat(Files.readString(files.get(0))).contains("Starting web");
        assertThat(Files.readString(files.get(2))).contains("Normal ScalingReplicaSet deployment/web", "Killing");
    }

    @Test
    void killPod_deploymentReplacesItAfterOneStartUp() {
        String victim = podNames().get(0);

        cluster.killPod(NS, victim);

        assertThat(podNames()).hasSize(3).doesNotContain(victim);
        assertThat(cluster.rolloutStatus(NS, "api")).isEqualTo(new RolloutStatus("api", 2, 2, 3, 3, 2, 2));
        time.advance(Duration.ofMinutes(1));
        assertThat(cluster.rolloutStatus(NS, "api").isComplete()).isTrue();
    }

    @Test
    void crashPod_restartsInPlace() {
        String pod = podNames().get(1);

        cluster.crashPod(NS, pod);

        PodInfo crashed = cluster.pods(NS, Map.of("component", "backend")).get(1);
        assertThat(crashed).isEqualTo(new PodInfo(pod, "Running", false, 1, "node-2"));
        time.advance(Duration.ofMinutes(1));
        assertThat(cluster.pods(NS, Map.of("component", "backend")).get(1)).isEqualTo(new PodInfo(pod, "Running", true, 1,
                "node-2"));
        assertThat(cluster.events(NS)).extracting(EventInfo::reason).contains("BackOff");
    }

    @Test
    void setNodeReady_false_podsUnreadyThenEvictedToReadyNodes() {
        cluster.setNodeReady("node-1", false);

        assertThat(cluster.rolloutStatus(NS, "api").readyReplicas()).isEqualTo(1);
        time.advance(FakeCluster.POD_EVICTION_TIMEOUT);
        assertThat(cluster.pods(NS, Map.of("component", "backend"))).extracting(PodInfo::nodeName)
                .containsOnly("node-2");
        time.advance(Duration.ofMinutes(1));
        assertThat(cluster.rolloutStatus(NS, "api").isComplete()).isTrue();
        assertThat(cluster.nodes()).contains(new NodeInfo("node-1", false));
    }

    @Test
    void setNodeReady_backBeforeEviction_podsReadyAgain() {
        List<String> before = podNames();
        cluster.setNodeReady("node-1", false);
        time.advance(Duration.ofMinutes(2));

        cluster.setNodeReady("node-1", true);
        time.advance(Duration.ofMinutes(10));

        assertThat(podNames()).isEqualTo(before);
        assertThat(cluster.rolloutStatus(NS, "api").isComplete()).isTrue();
    }

    @Test
    void setApiReady_false_readyzFails() {
        cluster.setApiReady(false);

        assertThat(cluster.apiHealth()).isEqualTo(new io.drplan.core.spi.ClusterProvider.ApiHealth(true, false,
                "[-]etcd failed: reason withheld; readyz check failed"));
        cluster.setApiReady(true);
        assertThat(cluster.apiHealth().ready()).isTrue();
    }

    private List<String> podNames() {
        return cluster.pods(NS, Map.of("component", "backend")).stream().map(PodInfo::name).toList();
    }
}
