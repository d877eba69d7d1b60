package io.drplan.k8s;

import static io.drplan.k8s.VibeFixtures.DR_DB_URL;
import static io.drplan.k8s.VibeFixtures.NS;
import static io.drplan.k8s.VibeFixtures.PRIMARY_DB_URL;
import static io.drplan.k8s.VibeFixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Secret;
import io.drplan.core.StepFailedException;
import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.journal.FileJournalStore;
import io.drplan.core.spi.Providers;
import io.drplan.testkit.VirtualScheduler;
import io.drplan.core.spi.ProviderException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret's value, raw or base64-encoded, appears in no log line (drplan's and fabric8's client at
 * DEBUG, and fabric8's HTTP body logging at TRACE, through slf4j-simple on System.err), no exception
 * message or cause, and no {@code toString}.
 */
class SecretRedactionIT {
    private static final List<String> FORBIDDEN = List.of(DR_DB_URL, VibeFixtures.b64(DR_DB_URL), PRIMARY_DB_URL,
            VibeFixtures.b64(PRIMARY_DB_URL), "Dr-s3cret-pw", "Pr1mary-pw");

    @RegisterExtension
    final MockClusters clusters = new MockClusters();

    private KubernetesCluster dr;

    @BeforeEach
    void setUp() throws InterruptedException {
        // The fixture is created through the test's own (logging) client, whose TRACE lines are written on a
        // pool thread after the call returns: let them land before any capture starts, or they would be
        // blamed on the provider.
        PrintStream original = System.err;
        ByteArrayOutputStream setupLog = new ByteArrayOutputStream();
        System.setErr(new PrintStream(setupLog, true, StandardCharsets.UTF_8));
        try {
            VibeFixtures.secret(clusters.drClient());
            for (int i = 0; i < 100 && !setupLog.toString(StandardCharsets.UTF_8).contains("-HTTP END-"); i++) {
                Thread.sleep(50);
            }
        } finally {
            System.setErr(original);
        }
        dr = MockClusters.cluster(MockClusters.DR, clusters.drClient());
    }

    @Test
    void updateSecretKey_success_valueInNoLogLineNorToString() {
        // given
        VibeFixtures.deployment(clusters.drClient(), VibeFixtures.BACKEND, "backend", "vibe/backend:1.4.2", 3);

        // when: the runbook's Step 4, secret then restart
        Captured<Optional<Secret>> run = capture(() -> {
            Optional<Secret> previous = dr.updateSecretKey(NS, SECRET, "DATABASE_URL",
                    Secret.named("dr-database-url", DR_DB_URL));
            dr.rolloutRestart(NS, VibeFixtures.BACKEND);
            return previous;
        });

        // then: the log was captured (the milestone and fabric8's TRACE body logging of the restart are
        // there) and holds no value
        assertThat(run.log()).contains("Set key DATABASE_URL of secret vibe-production/vibe-secrets on dr-cluster"
                + " (replaced)");
        assertThat(run.log()).contains("HttpLoggingInterceptor - > PATCH http")
                .contains("kubectl.kubernetes.io/restartedAt");
        assertNoSecretIn(run.log());
        assertNoSecretIn(run.result().orElseThrow().toString());
        assertNoSecretIn(dr.toString());
        // and the value did reach the cluster
        assertThat(VibeFixtures.decode(clusters.drClient().secrets().inNamespace(NS).withName(SECRET).get().getData()
                .get("DATABASE_URL"))).isEqualTo(DR_DB_URL);
    }

    @Test
    void updateSecretKey_serverEchoesTheValue_valueInNoExceptionNorLogLine() {
        // given: an API server whose error message quotes the request, raw and base64
        clusters.drServer().expect().patch().withPath("/api/v1/namespaces/vibe-production/secrets/vibe-secrets")
                .andReturn(422, new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid")
                        .withMessage("Secret \"vibe-secrets\" is invalid: data[DATABASE_URL]: Invalid value: \""
                                + VibeFixtures.b64(DR_DB_URL) + "\" (" + DR_DB_URL + ")").build())
                .once();

        // when
        Captured<Throwable> run = capture(() -> catchThrowable(() ->
                dr.updateSecretKey(NS, SECRET, "DATABASE_URL", Secret.of(DR_DB_URL))));

        // then
        assertThat(run.result()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.reason()).isEqualTo(ProviderException.Reason.INVALID_REQUEST);
            assertThat(e.getMessage()).isEqualTo("k8s/dr-cluster: patch secrets vibe-production/vibe-secrets failed:"
                    + " HTTP 422: Secret \"vibe-secrets\" is invalid: data[DATABASE_URL]: Invalid value: \"****\""
                    + " (****); the request was refused as invalid");
        });
        assertNoSecretIn(stackTrace(run.result()));
        assertNoSecretIn(run.log());
    }

    @Test
    void updateSecretKey_clusterDown_valueInNoExceptionNorLogLine() {
        // given
        clusters.drServer().destroy();

        // when
        Captured<Throwable> run = capture(() -> catchThrowable(() ->
                dr.updateSecretKey(NS, SECRET, "DATABASE_URL", Secret.of(DR_DB_URL))));

        // then
        assertThat(run.result()).isInstanceOf(ProviderException.class);
        assertNoSecretIn(stackTrace(run.result()));
        assertNoSecretIn(run.log());
    }

    @Test
    void removeSecretKey_thenUpdate_valueInNoLogLine() {
        // when
        Captured<Optional<Secret>> run = capture(() -> {
            dr.removeSecretKey(NS, SECRET, "DATABASE_URL");
            return dr.updateSecretKey(NS, SECRET, "DATABASE_URL", Secret.of(DR_DB_URL));
        });

        // then
        assertThat(run.log()).contains("Removed key DATABASE_URL of secret vibe-production/vibe-secrets on dr-cluster");
        assertThat(run.result()).isEmpty();
        assertNoSecretIn(run.log());
    }

    @Test
    void secretUpdate_undoneThroughTheEngine_previousValueInNoLogLineJournalFileReportNorEvent(@TempDir Path journalDir)
            throws IOException {
        // given: a plan whose update is undone; the previous value (PRIMARY_DB_URL, read from the cluster, never
        // declared to the engine) travels into the backup Secret and back, at TRACE with fabric8's body logging
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("secret-redaction")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("update-config", s -> s.updateSecret(MockClusters.DR, NS, SECRET)
                        .key("DATABASE_URL", Secret.named("dr-url", DR_DB_URL)))
                .step("smoke", s -> s.custom("smoke test", ctx -> CompletableFuture.failedFuture(
                        new StepFailedException("smoke test failed"))).after("update-config"))
                .build();
        List<ExecutionEvent> events = new ArrayList<>();
        DrEngine engine = DrEngine.builder().providers(Providers.builder().cluster(dr).build())
                .scheduler(VirtualScheduler.create()).journal(FileJournalStore.in(journalDir)).listener(events::add)
                .build();

        // when
        Captured<ExecutionReport> run = capture(() -> engine.execute(plan));

        // then: undone, the backup made and deleted over HTTP
        ExecutionReport r = run.result();
        assertThat(r.state()).isEqualTo(ExecutionState.COMPENSATED);
        assertThat(VibeFixtures.decode(clusters.drClient().secrets().inNamespace(NS).withName(SECRET).get().getData()
                .get("DATABASE_URL"))).isEqualTo(PRIMARY_DB_URL);
        String backup = "vibe-secrets-drplan-prev-" + r.executionId().substring(0, 8) + "-update-config";
        assertThat(clusters.drClient().secrets().inNamespace(NS).withName(backup).get()).isNull();
        assertThat(run.log()).contains("Created secret " + NS + "/" + backup + " on dr-cluster with keys [DATABASE_URL]")
                .contains("Deleted secret " + NS + "/" + backup + " on dr-cluster");
        // and no value anywhere
        assertNoSecretIn(run.log());
        StringBuilder journal = new StringBuilder();
        try (var files = Files.list(journalDir)) {
            for (Path f : files.toList()) {
                journal.append(Files.readString(f));
            }
        }
        assertThat(journal).contains("\"name\":\"" + backup + "\"");
        assertNoSecretIn(journal.toString());
        assertNoSecretIn(r.toString() + r.toJson() + r.toMarkdown() + r.toHtml());
        for (ExecutionEvent e : events) {
            assertNoSecretIn(e + " " + e.fields());
        }
    }

    @Test
    void createSecret_serverEchoesTheValues_valuesInNoExceptionNorLogLine() {
        // given: an API server whose error message quotes the backup's data, raw and base64
        clusters.drServer().expect().post().withPath("/api/v1/namespaces/vibe-production/secrets")
                .andReturn(422, new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid")
                        .withMessage("Secret \"b\" is invalid: data[DATABASE_URL]: Invalid value: \""
                                + VibeFixtures.b64(PRIMARY_DB_URL) + "\" (" + PRIMARY_DB_URL + "), data[X]: "
                                + VibeFixtures.b64(DR_DB_URL)).build())
                .once();

        // when
        Captured<Throwable> run = capture(() -> catchThrowable(() -> dr.createSecret(NS, "b",
                java.util.Map.of("DATABASE_URL", Secret.of(PRIMARY_DB_URL), "X", Secret.of(DR_DB_URL)),
                java.util.Map.of(), java.util.Map.of())));

        // then
        assertThat(run.result()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.reason()).isEqualTo(ProviderException.Reason.INVALID_REQUEST);
            assertThat(e.getMessage()).isEqualTo("k8s/dr-cluster: create secrets vibe-production/b failed: HTTP 422:"
                    + " Secret \"b\" is invalid: data[DATABASE_URL]: Invalid value: \"****\" (****), data[X]: ****;"
                    + " the request was refused as invalid");
        });
        assertNoSecretIn(stackTrace(run.result()));
        assertNoSecretIn(run.log());
    }

    private static void assertNoSecretIn(String text) {
        for (String forbidden : FORBIDDEN) {
            assertThat(text).doesNotContain(forbidden);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return t + "\n" + w;
    }

    /** What a call returned and everything logged to System.err while it ran. */
    private record Captured<T>(T result, String log) { }

    private static <T> Captured<T> capture(Supplier<T> call) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            T result = call.get();
            // fabric8 logs each exchange on its own thread, so the last ones may still be on their way:
            // wait (bounded) until every exchange that started has ended and nothing new came for 200 ms
            String seen = buffer.toString(StandardCharsets.UTF_8);
            for (int i = 0; i < 100; i++) {
                sleep(200);
                String now = buffer.toString(StandardCharsets.UTF_8);
                if (now.equals(seen) && count(now, "-HTTP START-") == count(now, "-HTTP END-")) {
                    break;
                }
                seen = now;
            }
            return new Captured<>(result, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private static int count(String text, String marker) {
        int n = 0;
        for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
            n++;
        }
        return n;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
