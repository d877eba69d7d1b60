package io.drplan.k8s;

import static io.drplan.k8s.VibeFixtures.BACKEND;
import static io.drplan.k8s.VibeFixtures.DR_DB_URL;
import static io.drplan.k8s.VibeFixtures.FRONTEND;
import static io.drplan.k8s.VibeFixtures.NS;
import static io.drplan.k8s.VibeFixtures.SECRET;
import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.Execution;
import io.drplan.core.ExecutionRefusedException;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Mode;
import io.drplan.core.RunOptions;
import io.drplan.core.Secret;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.SystemScheduler;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kubernetes half of Procedure 3 and the runbook's "Rollback after deployment" run by the
 * engine, as plans, against the DR mock cluster. A background thread plays the Deployment
 * controller (the mock server has none); every outcome is read back from the server.
 */
class KubernetesPlanIT {
    @RegisterExtension
    final MockClusters clusters = new MockClusters();

    private KubernetesClient dr;
    private SystemScheduler scheduler;
    private ScheduledExecutorService controller;
    /** On when the controller should observe new specs but report the rollout timed out. */
    private final java.util.concurrent.atomic.AtomicBoolean stuck = new java.util.concurrent.atomic.AtomicBoolean();
    /** Off while a test needs a rollout to stay in progress. */
    private final java.util.concurrent.atomic.AtomicBoolean reconciling = new java.util.concurrent.atomic.AtomicBoolean(true);

    @BeforeEach
    void setUp() {
        dr = clusters.drClient();
        VibeFixtures.secret(dr);
        VibeFixtures.deployment(dr, BACKEND, "backend", "vibe/backend:1.4.2", 3);
        VibeFixtures.deployment(dr, FRONTEND, "frontend", "vibe/frontend:1.4.2", 2);
        VibeFixtures.controllerCatchesUp(dr, BACKEND);
        VibeFixtures.controllerCatchesUp(dr, FRONTEND);
        for (int i = 0; i < 3; i++) {
            VibeFixtures.pod(dr, "vibe-backend-7d9-" + i, "backend", true, 0, "node-" + i);
        }
        VibeFixtures.pod(dr, "vibe-frontend-5c4-0", "frontend", true, 0, "node-0");
        VibeFixtures.service(dr, BACKEND, "ClusterIP", "10.1.100.10", 8080);
        VibeFixtures.service(dr, FRONTEND, "ClusterIP", "10.1.100.11", 80);
        scheduler = SystemScheduler.create();
        controller = Executors.newSingleThreadScheduledExecutor();
        controller.scheduleWithFixedDelay(this::reconcile, 50, 50, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void tearDown() {
        controller.shutdownNow();
        scheduler.close();
    }

    /** The missing Deployment controller: a spec change is rolled out at once. */
    private void reconcile() {
        if (!reconciling.get()) {
            return;
        }
        try {
            for (Deployment d : dr.apps().deployments().inNamespace(NS).list().getItems()) {
                Long generation = d.getMetadata().getGeneration();
                Long observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
                if (generation != null && (observed == null || observed < generation)) {
                    if (stuck.get()) {
                        dr.apps().deployments().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.apps
                                .DeploymentBuilder(d).editOrNewStatus().withObservedGeneration(generation)
                                .withUpdatedReplicas(1).withConditions(new io.fabric8.kubernetes.api.model.apps
                                        .DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                                        .withReason("ProgressDeadlineExceeded")
                                        .withMessage("ReplicaSet \"vibe-backend-7d9\" has timed out progressing.")
                                        .build())
                                .endStatus().build()).updateStatus();
                    } else {
                        VibeFixtures.controllerCatchesUp(dr, d.getMetadata().getName());
                    }
                }
            }
        } catch (RuntimeException e) {
            // the next round tries again
        }
    }

    private DrEngine engine(String holder, io.drplan.core.spi.ExecutionLock lock) {
        DrEngine.Builder b = DrEngine.builder()
                .providers(Providers.builder().cluster(MockClusters.cluster(MockClusters.DR, dr)).build())
                .scheduler(scheduler).maxPollInterval(Duration.ofMillis(100)).holder(holder);
        return lock == null ? b.build() : b.lock(lock).build();
    }

    private static DrPlan.PlanStage plan(String name) {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named(name)
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)));
    }

    @Test
    void procedure3KubernetesHalf_throughTheEngine_updatesSecretRestartsAndVerifies() {
        DrPlan p = plan("vibe-k8s-failover")
                .step("update-config", s -> s.updateSecret(MockClusters.DR, NS, SECRET)
                        .key("DATABASE_URL", Secret.named("database-url", DR_DB_URL)))
                .step("restart-apps", s -> s.rolloutRestart(MockClusters.DR, NS, BACKEND, FRONTEND)
                        .after("update-config").timeout(Duration.ofSeconds(30)))
                .step("check-pods", s -> s.checkPods(MockClusters.DR, NS).minimum(4).after("restart-apps")
                        .timeout(Duration.ofSeconds(10)))
                .step("check-services", s -> s.checkServices(MockClusters.DR, NS).expect(BACKEND, FRONTEND)
                        .after("restart-apps").timeout(Duration.ofSeconds(10)))
                .build();

        ExecutionReport report = engine("ops-1", null).execute(p);

        assertThat(report).succeeded().ranInOrder("update-config", "restart-apps", "check-pods")
                .doesNotReveal("Dr-s3cret-pw");
        Map<String, String> data = VibeFixtures.decoded(dr.secrets().inNamespace(NS).withName(SECRET).get().getData());
        assertThat(data).containsEntry("DATABASE_URL", DR_DB_URL).containsEntry("JWT_SECRET", VibeFixtures.JWT)
                .containsEntry("REDIS_URL", VibeFixtures.REDIS_URL);
        for (String name : List.of(BACKEND, FRONTEND)) {
            assertThat(dr.apps().deployments().inNamespace(NS).withName(name).get().getSpec().getTemplate()
                    .getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
        }
        assertThat(report.step("restart-apps").orElseThrow().calls())
                .containsEntry("k8s:patch deployments", 2).containsKey("k8s:get deployments");
    }

    @Test
    void rolloutPastItsProgressDeadline_failsAtOnceLikeKubectl() {
        stuck.set(true);   // the controller sees the new spec, but the new pods never become ready
        DrPlan p = plan("vibe-k8s-restart")
                .step("restart", s -> s.rolloutRestart(MockClusters.DR, NS, BACKEND).timeout(Duration.ofMinutes(10)))
                .build();

        ExecutionReport report = engine("ops-1", null).execute(p);

        assertThat(report).stepFailedWith("restart", "the rollout of vibe-backend in vibe-production on dr-cluster"
                + " cannot finish: deployment \"vibe-backend\" exceeded its progress deadline: ReplicaSet"
                + " \"vibe-backend-7d9\" has timed out progressing.");
        assertThat(report.step("restart").orElseThrow().duration()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void rollbackAfterDeployment_throughTheEngine_undoesToThePreviousRevision() {
        Deployment backend = dr.apps().deployments().inNamespace(NS).withName(BACKEND).get();
        VibeFixtures.replicaSet(dr, backend, 1, "vibe/backend:1.4.1", "6f7c8d9e0a", "deploy 1.4.1");
        VibeFixtures.replicaSet(dr, backend, 2, "vibe/backend:1.4.2", "7d9e0a1b2c", "deploy 1.4.2");
        DrPlan p = plan("vibe-rollback-backend")
                .step("undo-backend", s -> s.rolloutUndo(MockClusters.DR, NS, BACKEND).timeout(Duration.ofSeconds(30)))
                .step("check-pods", s -> s.checkPods(MockClusters.DR, NS).label("app.kubernetes.io/component", "backend")
                        .minimum(3).after("undo-backend").timeout(Duration.ofSeconds(10)))
                .build();

        ExecutionReport report = engine("ops-1", null).execute(p);

        assertThat(report).succeeded();
        assertThat(dr.apps().deployments().inNamespace(NS).withName(BACKEND).get().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage()).isEqualTo("vibe/backend:1.4.1");
    }

    @Test
    void twoHostInstances_samePlan_exactlyOneRunsTheOtherIsRefusedNamingTheHolder() throws Exception {
        KubernetesClient other = clusters.client(clusters.drServer());
        // the winner holds the lock until both answers are in: a loser asking who holds it must find out
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<java.util.Map<String, Object>>> bothAnswered =
                new java.util.concurrent.atomic.AtomicReference<>();
        DrPlan p = plan("vibe-k8s-failover")
                .step("restart-apps", s -> s.rolloutRestart(MockClusters.DR, NS, BACKEND).timeout(Duration.ofSeconds(30)))
                .step("hold", s -> s.custom("wait until both hosts have their answer", ctx -> bothAnswered.get())
                        .after("restart-apps").timeout(Duration.ofSeconds(30)))
                .build();
        for (int round = 0; round < 10; round++) {
            bothAnswered.set(new CompletableFuture<>());
            DrEngine a = engine("ops-a", LeaseLock.builder(dr).namespace("drplan").build());
            DrEngine b = engine("ops-b", LeaseLock.builder(other).namespace("drplan").build());
            reconciling.set(false);       // the winner's rollout stays in progress until both answers are in
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Object>> starts = new ArrayList<>();
            for (DrEngine e : List.of(a, b)) {
                starts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        return e.start(p, Mode.EXECUTE, RunOptions.defaults());
                    } catch (ExecutionRefusedException refused) {
                        return refused;
                    } catch (InterruptedException ie) {
                        throw new IllegalStateException(ie);
                    }
                }));
            }
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (CompletableFuture<Object> f : starts) {
                outcomes.add(f.get(20, TimeUnit.SECONDS));
            }
            assertThat(outcomes).filteredOn(Execution.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(ExecutionRefusedException.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((Exception) e).getMessage())
                            .matches("plan 'vibe-k8s-failover' is already being executed by ops-[ab]; .*"));
            reconciling.set(true);
            bothAnswered.get().complete(java.util.Map.of());
            Execution winner = (Execution) outcomes.stream().filter(Execution.class::isInstance).findFirst().orElseThrow();
            assertThat(winner.result().get(30, TimeUnit.SECONDS)).succeeded();
        }
    }
}
