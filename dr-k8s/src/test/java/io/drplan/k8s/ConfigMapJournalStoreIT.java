package io.drplan.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.DrException;
import io.drplan.core.spi.ProviderException;
import io.drplan.testkit.contract.JournalStoreContract;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ConfigMap journal against the fabric8 mock API server in CRUD mode: the journal-store
 * contract, and what is the ConfigMap store's own: labels, parts, conflicts, names, RBAC errors.
 */
class ConfigMapJournalStoreIT extends JournalStoreContract {
    private static final String NS = "drplan";

    @RegisterExtension
    final MockClusters clusters = new MockClusters();

    private KubernetesClient readBack;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        readBack = clusters.drClient();
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A store as a new process would build it: its own client, nothing in memory. */
    @Override
    protected ConfigMapJournalStore newProcess() {
        return ConfigMapJournalStore.in(clusters.client(clusters.drServer()), NS, MockClusters.DR);
    }

    private ConfigMap configMap(String name) {
        return readBack.configMaps().inNamespace(NS).withName(name).get();
    }

    @Test
    void append_lines_readInOrderFromOneLabelledConfigMap() {
        // given
        ConfigMapJournalStore store = newProcess();
        List<String> written = IntStream.rangeClosed(1, 12).mapToObj(JournalStoreContract::line).toList();

        // when
        written.forEach(l -> store.append("exec-1", l));

        // then
        assertThat(newProcess().read("exec-1")).isEqualTo(written);
        ConfigMap cm = configMap("drplan-journal-exec-1");
        assertThat(cm.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/managed-by", "drplan", "drplan.io/execution", "exec-1"));
        assertThat(cm.getMetadata().getAnnotations()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "drplan.io/execution-id", "exec-1", "drplan.io/journal-part", "1"));
        assertThat(cm.getData()).hasSize(12).containsEntry("000001", line(1)).containsEntry("000012", line(12));
        assertThat(readBack.configMaps().inNamespace(NS).list().getItems()).hasSize(1);
    }

    @Test
    void executionIds_listsTheJournalsOfTheNamespace_partsOnce_othersIgnored() {
        ConfigMapJournalStore store = newProcess();
        store.append("exec-2", line(1));
        store.append("exec-1", line(1));
        readBack.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("unrelated").withNamespace(NS).endMetadata().addToData("k", "v").build())
                .create();
        readBack.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("drplan-journal-exec-1-2").withNamespace(NS)
                .addToLabels("app.kubernetes.io/managed-by", "drplan")
                .addToAnnotations("drplan.io/execution-id", "exec-1").endMetadata().build()).create();

        assertThat(newProcess().executionIds()).containsExactly("exec-1", "exec-2");
        assertThat(ConfigMapJournalStore.in(clusters.client(clusters.drServer()), "empty", MockClusters.DR)
                .executionIds()).isEmpty();
    }

    @Test
    void append_lineAlreadyWrittenByALostAttempt_isKeptOnce() {
        // given: the store wrote line 1; a patch adding line 2 landed but its answer was lost
        ConfigMapJournalStore store = newProcess();
        store.append("exec-1", line(1));
        readBack.configMaps().inNamespace(NS).withName("drplan-journal-exec-1")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("000002", line(2)).build());

        // when: the append is tried again (its resourceVersion is now stale)
        store.append("exec-1", line(2));
        store.append("exec-1", line(3));

        // then
        assertThat(store.read("exec-1")).containsExactly(line(1), line(2), line(3));
    }

    @Test
    void append_twoProcessesAtOnce_loseNoLineAndKeepEachOnesOrder() throws Exception {
        // given: two processes (own clients, own stores) released together on one execution
        ConfigMapJournalStore a = newProcess();
        ConfigMapJournalStore b = newProcess();
        CountDownLatch start = new CountDownLatch(1);
        Future<?> fa = pool.submit(() -> {
            start.await();
            IntStream.range(0, 40).forEach(i -> a.append("exec-1", "{\"w\":\"a\",\"i\":" + i + "}"));
            return null;
        });
        Future<?> fb = pool.submit(() -> {
            start.await();
            IntStream.range(0, 40).forEach(i -> b.append("exec-1", "{\"w\":\"b\",\"i\":" + i + "}"));
            return null;
        });

        // when
        start.countDown();
        fa.get(60, TimeUnit.SECONDS);
        fb.get(60, TimeUnit.SECONDS);

        // then: all 80 lines, numbered 1..80 without a gap, each writer's lines in its own order
        List<String> read = newProcess().read("exec-1");
        assertThat(read).hasSize(80);
        assertThat(read.stream().filter(l -> l.contains("\"a\""))).containsExactlyElementsOf(
                IntStream.range(0, 40).mapToObj(i -> "{\"w\":\"a\",\"i\":" + i + "}").toList());
        assertThat(read.stream().filter(l -> l.contains("\"b\""))).containsExactlyElementsOf(
                IntStream.range(0, 40).mapToObj(i -> "{\"w\":\"b\",\"i\":" + i + "}").toList());
        assertThat(configMap("drplan-journal-exec-1").getData().keySet()).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, 80).mapToObj(i -> String.format("%06d", i)).toList());
    }

    @Test
    void append_twoThreadsOfOneStore_loseNoLine() throws Exception {
        ConfigMapJournalStore store = newProcess();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (String w : List.of("a", "b")) {
            writers.add(pool.submit(() -> {
                start.await();
                IntStream.range(0, 25).forEach(i -> store.append("exec-1", "{\"w\":\"" + w + "\",\"i\":" + i + "}"));
                return null;
            }));
        }

        start.countDown();
        for (Future<?> f : writers) {
            f.get(60, TimeUnit.SECONDS);
        }

        assertThat(store.read("exec-1")).hasSize(50).doesNotHaveDuplicates();
    }

    @Test
    void append_partFull_continuesInTheNextConfigMapAndReadFollowsTheChain() {
        // given: lines of 100,000 bytes; nine fit in 900 KiB, the tenth does not
        String pad = "x".repeat(100_000 - 16);
        List<String> written = IntStream.rangeClosed(1, 10)
                .mapToObj(i -> String.format("{\"n\":%03d,\"p\":\"%s\"}", i, pad)).toList();
        assertThat(written.get(0).length()).isEqualTo(100_000);
        ConfigMapJournalStore store = newProcess();

        // when
        written.forEach(l -> store.append("exec-1", l));
        ConfigMapJournalStore later = newProcess();
        later.append("exec-1", line(11));

        // then
        assertThat(configMap("drplan-journal-exec-1").getData()).hasSize(9);
        ConfigMap second = configMap("drplan-journal-exec-1--2");
        assertThat(second.getData().keySet()).containsExactlyInAnyOrder("000010", "000011");
        assertThat(second.getMetadata().getAnnotations()).containsEntry("drplan.io/journal-part", "2");
        List<String> read = newProcess().read("exec-1");
        assertThat(read).hasSize(11);
        assertThat(read.subList(0, 10)).isEqualTo(written);
        assertThat(read.get(10)).isEqualTo(line(11));
    }

    @Test
    void append_lineLargerThanAConfigMap_isRefused() {
        ConfigMapJournalStore store = newProcess();

        assertThatThrownBy(() -> store.append("exec-1", "x".repeat(ConfigMapJournalStore.MAX_PART_BYTES)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a journal line of 921600 bytes does not fit in one ConfigMap (at most 921582 bytes);"
                        + " journal lines must be smaller");
        assertThat(configMap("drplan-journal-exec-1")).isNull();
    }

    @Test
    void append_idThatIsNotADnsName_getsADistinctSanitizedName() {
        ConfigMapJournalStore store = newProcess();

        store.append("Exec_1", line(1));
        store.append("exec-1", line(2));

        String name = store.configMapName("Exec_1", 1);
        assertThat(name).matches("drplan-journal-exec-1-[0-9a-f]{8}");
        assertThat(store.configMapName("exec-1", 3)).isEqualTo("drplan-journal-exec-1--3");
        assertThat(configMap(name).getMetadata().getLabels()).containsEntry("drplan.io/execution", "Exec_1");
        assertThat(configMap(name).getMetadata().getAnnotations()).containsEntry("drplan.io/execution-id", "Exec_1");
        assertThat(store.read("Exec_1")).containsExactly(line(1));
        assertThat(store.read("exec-1")).containsExactly(line(2));
        String longId = "a".repeat(70) + "_";
        store.append(longId, line(3));
        String label = configMap(store.configMapName(longId, 1)).getMetadata().getLabels().get("drplan.io/execution");
        assertThat(label).hasSize(63).matches("a{54}-[0-9a-f]{8}");
        assertThat(store.read(longId)).containsExactly(line(3));
    }

    @Test
    void read_configMapOfAnotherOwner_failsNamingIt() {
        readBack.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("drplan-journal-exec-1").endMetadata().addToData("000001", line(1)).build()).create();
        ConfigMapJournalStore store = newProcess();

        assertThatThrownBy(() -> store.read("exec-1")).isInstanceOf(DrException.class)
                .hasMessage("ConfigMap drplan/drplan-journal-exec-1 on k8s/dr-cluster is not the journal of execution"
                        + " 'exec-1' (its drplan.io/execution-id annotation is missing); remove or rename it, or use"
                        + " another namespace for the journal");
        assertThatThrownBy(() -> store.append("exec-1", line(2))).isInstanceOf(DrException.class);
        assertThat(configMap("drplan-journal-exec-1").getData()).containsOnlyKeys("000001");
    }

    @Test
    void append_accessDenied_isProviderExceptionNamingThePermission() {
        clusters.drServer().expect().get().withPath("/api/v1/namespaces/drplan/configmaps/drplan-journal-exec-1")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                        .withMessage("configmaps \"drplan-journal-exec-1\" is forbidden").build()).once();

        assertThatThrownBy(() -> newProcess().append("exec-1", line(1)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.ACCESS_DENIED);
                    assertThat(e.operation()).isEqualTo("k8s:get configmaps");
                    assertThat(e.endpoint()).isEqualTo("k8s/dr-cluster");
                    assertThat(e.permission()).contains("get configmaps");
                    assertThat(e.getMessage()).isEqualTo("k8s/dr-cluster: get configmaps drplan/drplan-journal-exec-1"
                            + " failed: HTTP 403: configmaps \"drplan-journal-exec-1\" is forbidden; grant the RBAC"
                            + " permission 'get configmaps' to the credentials of this context");
                });
    }

    @Test
    void in_badSettings_areRejectedNamingTheValue() {
        KubernetesClient c = clusters.drClient();

        assertThatThrownBy(() -> ConfigMapJournalStore.in(c, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namespace must not be blank but was ' '");
        assertThat(ConfigMapJournalStore.in(c, NS, "dr-cluster"))
                .hasToString("ConfigMapJournalStore[k8s/dr-cluster namespace drplan]");
        assertThat(ConfigMapJournalStore.in(c, NS).toString())
                .matches("ConfigMapJournalStore\\[k8s/[a-z0-9.]+:\\d+ namespace drplan]");
    }

}
