package io.drplan.k8s;

import static io.drplan.k8s.VibeFixtures.BACKEND;
import static io.drplan.k8s.VibeFixtures.DR_DB_URL;
import static io.drplan.k8s.VibeFixtures.FRONTEND;
import static io.drplan.k8s.VibeFixtures.NS;
import static io.drplan.k8s.VibeFixtures.SECRET;
import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionRefusedException;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Secret;
import io.drplan.core.StepOutcome;
import io.drplan.core.Verdict;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.spi.ExecutionLock;
import io.drplan.core.spi.Providers;
import io.drplan.testkit.VirtualScheduler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end on virtual time: dr-core's engine runs the Kubernetes half of Procedure 3 (with the API
 * health check) through this module's providers against the mock DR cluster, holding the plan's lock
 * as a Lease on the primary cluster; the engine's waits are virtual, every cluster call is real HTTP
 * to the mock servers. The test plays the Deployment controller after each poll that saw an
 * incomplete rollout. Complements {@link KubernetesPlanIT} (real time, background controller) with a
 * stopped DR cluster, a lock held elsewhere and the RBAC preview.
 */
class EngineOnMockClustersIT {
    private static final String PLAN = "vibe-k8s-failover";

    @RegisterExtension
    final MockClusters clusters = new MockClusters();

    private KubernetesClient drClient;
    private ControllerPlayingCluster dr;
    private LeaseLock lock;

    @BeforeEach
    void setUp() {
        drClient = clusters.drClient();
        VibeFixtures.secret(drClient);
        VibeFixtures.deployment(drClient, BACKEND, "backend", "vibe/backend:1.4.2", 3);
        VibeFixtures.deployment(drClient, FRONTEND, "frontend", "vibe/frontend:1.4.2", 2);
        for (int i = 0; i < 3; i++) {
            VibeFixtures.pod(drClient, "vibe-backend-7d4f-" + i, "backend", true, 0, "ip-10-1-1-1" + i);
        }
        for (int i = 0; i < 2; i++) {
            VibeFixtures.pod(drClient, "vibe-frontend-5c9e-" + i, "frontend", true, 0, "ip-10-1-2-2" + i);
        }
        VibeFixtures.service(drClient, BACKEND, "ClusterIP", "172.20.10.5", 8080);
        VibeFixtures.service(drClient, FRONTEND, "LoadBalancer", "172.20.10.6", 80, 443);
        clusters.drServer().expect().get().withPath("/healthz").andReturn(200, "ok").always();
        clusters.drServer().expect().get().withPath("/readyz").andReturn(200, "ok").always();
        dr = new ControllerPlayingCluster(MockClusters.cluster(MockClusters.DR, drClient), drClient);
        lock = LeaseLock.builder(clusters.primaryClient()).namespace("drplan").clusterName(MockClusters.PRIMARY).build();
    }

    private static DrPlan plan() {
        return DrPlan.region("us-east-1")
                .failoverTo("us-west-2")
                .named(PLAN)
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("update-config", s -> s.updateSecret(MockClusters.DR, NS, SECRET)
                        .key("DATABASE_URL", Secret.of(DR_DB_URL)))
                .step("restart-apps", s -> s.rolloutRestart(MockClusters.DR, NS, BACKEND, FRONTEND)
                        .after("update-config"))
                .step("check-pods", s -> s.checkPods(MockClusters.DR, NS).minimum(5).after("restart-apps"))
                .step("check-services", s -> s.checkServices(MockClusters.DR, NS).expect(BACKEND, FRONTEND)
                        .after("restart-apps"))
                .step("check-api", s -> s.checkApiServer(MockClusters.DR))
                .build();
    }

    private DrEngine engine(String holder) {
        return DrEngine.builder()
                .providers(Providers.builder().cluster(dr).permissions(KubernetesPermissions.catalog()).build())
                .scheduler(VirtualScheduler.create())
                .lock(lock)
                .holder(holder)
                .build();
    }

    @Test
    void execute_procedure3KubernetesHalf_changesTheDrClusterAndMeetsObjectives() {
        // when
        ExecutionReport report = engine("host-a").execute(plan());

        // then
        assertThat(report).succeeded().hasVerdict(Verdict.MET).ranInOrder("update-config", "restart-apps", "check-pods")
                .stepSucceeded("check-api").doesNotReveal(DR_DB_URL).doesNotReveal(VibeFixtures.b64(DR_DB_URL));
        assertThat(VibeFixtures.decode(drClient.secrets().inNamespace(NS).withName(SECRET).get().getData()
                .get("DATABASE_URL"))).isEqualTo(DR_DB_URL);
        for (String d : List.of(BACKEND, FRONTEND)) {
            assertThat(drClient.apps().deployments().inNamespace(NS).withName(d).get().getSpec().getTemplate()
                    .getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
        }
        // each rollout was polled until complete: once incomplete, then complete
        assertThat(dr.statusReads()).isGreaterThanOrEqualTo(4);
        assertThat(lock.currentHolder(PLAN)).isEmpty();
        assertThat(report.toJson()).doesNotContain(DR_DB_URL);
    }

    @Test
    void execute_planHeldByAnotherHost_isRefusedNamingTheHolder() {
        // given
        ExecutionLock.Lease other = LeaseLock.builder(clusters.client(clusters.primaryServer())).namespace("drplan")
                .build().tryAcquire(PLAN, "host-b", Duration.ofMinutes(1)).orElseThrow();

        // then
        assertThatThrownBy(() -> engine("host-a").execute(plan()))
                .isInstanceOf(ExecutionRefusedException.class)
                .hasMessage("plan 'vibe-k8s-failover' is already being executed by host-b;"
                        + " wait for it to finish or stop it first (nothing was changed)");
        assertThat(drClient.apps().deployments().inNamespace(NS).withName(BACKEND).get().getSpec().getTemplate()
                .getMetadata().getAnnotations()).isNullOrEmpty();
        other.close();
    }

    @Test
    void execute_drClusterDown_failsFastWithAnAccurateReport() {
        // given
        clusters.drServer().destroy();

        // when: connection refused, retried on virtual time, must not hang on wall time either
        ExecutionReport report = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> engine("host-a").execute(plan()));

        // then
        // (connection refused is UNAVAILABLE: retried until the endpoint's circuit breaker opens)
        assertThat(report).hasVerdict(Verdict.FAILED)
                .stepFailedWith("update-config", "the circuit breaker for k8s/dr-cluster is open")
                .stepHasOutcome("check-api", StepOutcome.FAILED)
                .stepHasOutcome("restart-apps", StepOutcome.NOT_RUN)
                .doesNotReveal(DR_DB_URL);
        assertThat(lock.currentHolder(PLAN)).isEmpty();
    }


    @Test
    void preview_kubernetesSteps_listsTheRbacPermissions() {
        assertThat(engine("host-a").permissions(plan())).contains("get secrets", "patch secrets",
                "get deployments", "patch deployments", "list pods", "list services", "get /healthz", "get /readyz");
    }

    /**
     * The DR cluster, with the test playing the Deployment controller: after a poll that saw an
     * incomplete rollout, it reports every replica updated, ready and available.
     */
    static final class ControllerPlayingCluster implements ClusterProvider {
        private final ClusterProvider real;
        private final KubernetesClient client;
        private final AtomicInteger statusReads = new AtomicInteger();

        ControllerPlayingCluster(ClusterProvider real, KubernetesClient client) {
            this.real = real;
            this.client = client;
        }

        int statusReads() {
            return statusReads.get();
        }

        @Override
        public RolloutStatus rolloutStatus(String namespace, String deployment) {
            statusReads.incrementAndGet();
            RolloutStatus s = real.rolloutStatus(namespace, deployment);
            if (!s.isComplete()) {
                VibeFixtures.controllerCatchesUp(client, deployment);
            }
            return s;
        }

        @Override public String name() { return real.name(); }
        @Override public Optional<Secret> updateSecretKey(String ns, String s, String k, Secret v) { return real.updateSecretKey(ns, s, k, v); }
        @Override public void removeSecretKey(String ns, String s, String k) { real.removeSecretKey(ns, s, k); }
        @Override public Map<String, Secret> readSecretKeys(String ns, String s, java.util.Collection<String> k) {
            return real.readSecretKeys(ns, s, k);
        }
        @Override public void createSecret(String ns, String s, Map<String, Secret> d, Map<String, String> l,
                                           Map<String, String> a) {
            real.createSecret(ns, s, d, l, a);
        }
        @Override public Optional<SecretInfo> secretInfo(String ns, String s) { return real.secretInfo(ns, s); }
        @Override public boolean deleteOwnedSecret(String ns, String s, String e, String st) {
            return real.deleteOwnedSecret(ns, s, e, st);
        }
        @Override public void rolloutRestart(String ns, String d) { real.rolloutRestart(ns, d); }
        @Override public List<Revision> rolloutHistory(String ns, String d) { return real.rolloutHistory(ns, d); }
        @Override public void rolloutUndo(String ns, String d, long r) { real.rolloutUndo(ns, d, r); }
        @Override public int scale(String ns, String d, int n) { return real.scale(ns, d, n); }
        @Override public List<PodInfo> pods(String ns, Map<String, String> l) { return real.pods(ns, l); }
        @Override public List<ServiceInfo> services(String ns) { return real.services(ns); }
        @Override public List<NodeInfo> nodes() { return real.nodes(); }
        @Override public ApiHealth apiHealth() { return real.apiHealth(); }
        @Override public String podLog(String ns, String p, String c, int t) { return real.podLog(ns, p, c, t); }
        @Override public List<EventInfo> events(String ns) { return real.events(ns); }
        @Override public List<Path> preserveEvidence(String ns, Map<String, String> l, int t, Path f) {
            return real.preserveEvidence(ns, l, t, f);
        }
    }
}
