package io.drplan.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.aws.testing.MotoServer;
import io.drplan.core.CompensationStrategy;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.Execution;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.Region;
import io.drplan.core.RunOptions;
import io.drplan.core.spi.JournalStore;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.step.Poll;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 journal against moto_server: order, pagination, a second process, conditional writes, resume. */
@ExtendWith(MotoServerExtension.class)
class S3JournalStoreIT {
    private static final Region WEST = Region.of("us-west-2");
    private static final String BUCKET = "vibe-dr-journal";
    private static final String PREFIX = "drplan/";

    @RegisterExtension
    static WireMockExtension proxy = AwsWireMock.server();

    private MotoServer moto;
    private S3Client s3;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        this.s3 = moto.sdk(S3Client.builder().forcePathStyle(true), "us-west-2");
        s3.createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("us-west-2")));
    }

    /** A store as a new process would build it: its own clients, nothing in memory. */
    private S3JournalStore newProcess() {
        return S3JournalStore.in(moto.clients(), WEST, BUCKET, PREFIX);
    }

    private static String line(int i) {
        return "{\"v\":1,\"type\":\"test\",\"n\":" + i + "}";
    }

    private List<String> keys(String folder) {
        return s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(folder)).contents().stream()
                .map(S3Object::key).toList();
    }

    @Test
    void read_moreThanOnePageOfLines_everyLineInAppendOrder() {
        // given: more lines than one ListObjectsV2 page (1000 keys)
        S3JournalStore store = newProcess();
        List<String> written = IntStream.rangeClosed(1, 1003).mapToObj(S3JournalStoreIT::line).toList();
        written.forEach(l -> store.append("exec-1", l));

        // when
        List<String> read = newProcess().read("exec-1");

        // then
        assertThat(read).isEqualTo(written);
        List<String> keys = keys("drplan/exec-1/");
        assertThat(keys).hasSize(1003);
        assertThat(keys.get(0)).isEqualTo("drplan/exec-1/0000000001.json");
        assertThat(keys.get(1002)).isEqualTo("drplan/exec-1/0000001003.json");
    }

    @Test
    void append_secondProcess_continuesAfterTheLastLineOfTheFirst() {
        // given: a process wrote three lines and died
        S3JournalStore first = newProcess();
        first.append("exec-1", line(1));
        first.append("exec-1", line(2));
        first.append("exec-1", line(3));

        // when: another process appends to the same execution
        S3JournalStore second = newProcess();
        second.append("exec-1", line(4));
        second.append("exec-1", line(5));

        // then
        assertThat(first.read("exec-1")).containsExactly(line(1), line(2), line(3), line(4), line(5));
        assertThat(keys("drplan/exec-1/")).containsExactly("drplan/exec-1/0000000001.json",
                "drplan/exec-1/0000000002.json", "drplan/exec-1/0000000003.json", "drplan/exec-1/0000000004.json",
                "drplan/exec-1/0000000005.json");
    }

    @Test
    void append_anotherWriterTookTheNextNumber_neitherLineIsOverwritten() {
        // given: two live processes on one execution; A's idea of the next number goes stale
        S3JournalStore a = newProcess();
        S3JournalStore b = newProcess();
        a.append("exec-1", line(1));
        b.append("exec-1", line(2));

        // when: A writes where B already wrote (If-None-Match refuses it), then writes after B
        a.append("exec-1", line(3));

        // then
        assertThat(b.read("exec-1")).containsExactly(line(1), line(2), line(3));
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("drplan/exec-1/0000000002.json")).asUtf8String())
                .isEqualTo(line(2));
    }

    @Test
    void append_lineAlreadyWrittenByALostAttempt_isKeptOnce() {
        // given: the store wrote line 1; an attempt to append line 2 landed but its answer was lost
        S3JournalStore store = newProcess();
        store.append("exec-1", line(1));
        s3.putObject(r -> r.bucket(BUCKET).key("drplan/exec-1/0000000002.json"), RequestBody.fromString(line(2)));

        // when: the retry of that append arrives
        store.append("exec-1", line(2));

        // then
        assertThat(store.read("exec-1")).containsExactly(line(1), line(2));
        store.append("exec-1", line(3));
        assertThat(store.read("exec-1")).containsExactly(line(1), line(2), line(3));
    }

    @Test
    void append_putObject_carriesIfNoneMatchAndSurvivesOneSlowDown() {
        // given: S3 (through a proxy in front of moto) answers the first PutObject with 503 SlowDown
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        proxy.stubFor(put(urlPathEqualTo("/" + BUCKET + "/drplan/exec-1/0000000001.json")).atPriority(1)
                .inScenario("slow").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/xml")
                        .withBody("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>"
                                + "<RequestId>req-1</RequestId></Error>"))
                .willSetStateTo("passed"));
        try (AwsClients viaProxy = AwsWireMock.clients(proxy)) {
            S3JournalStore store = S3JournalStore.in(viaProxy, WEST, BUCKET, PREFIX);

            // when
            store.append("exec-1", line(1));

            // then: retried by the store although the clients' SDK retries are off
            assertThat(viaProxy.sdkRetriesEnabled()).isFalse();
            assertThat(store.read("exec-1")).containsExactly(line(1));
        }
        proxy.verify(2, putRequestedFor(urlPathEqualTo("/" + BUCKET + "/drplan/exec-1/0000000001.json"))
                .withHeader("If-None-Match", com.github.tomakehurst.wiremock.client.WireMock.equalTo("*")));
    }

    @Test
    void read_unknownExecution_isEmpty() {
        newProcess().append("exec-1", line(1));

        assertThat(newProcess().read("exec-2")).isEmpty();
        assertThat(newProcess().read("exec")).isEmpty(); // a prefix of another id is not that id
    }

    @Test
    void executionIds_listsEachExecutionsFolderUnderThePrefix_only() {
        newProcess().append("exec-2", line(1));
        newProcess().append("exec-1", line(1));
        newProcess().append("exec-1", line(2));
        s3.putObject(r -> r.bucket(BUCKET).key("drplan/not an id/x.json"), RequestBody.fromString("{}"));
        s3.putObject(r -> r.bucket(BUCKET).key("other/exec-9/0000000001.json"), RequestBody.fromString("{}"));

        assertThat(newProcess().executionIds()).containsExactly("exec-1", "exec-2");
        assertThat(S3JournalStore.in(moto.clients(), WEST, BUCKET, "nothing-here/").executionIds()).isEmpty();
    }

    @Test
    void read_ignoresKeysThatAreNotLines() {
        S3JournalStore store = newProcess();
        store.append("exec-1", line(1));
        s3.putObject(r -> r.bucket(BUCKET).key("drplan/exec-1/notes.txt"), RequestBody.fromString("hello"));

        assertThat(store.read("exec-1")).containsExactly(line(1));
    }

    @Test
    void append_badExecutionId_isRejectedBeforeAnyCall() {
        S3JournalStore store = newProcess();

        for (String bad : List.of("", "../etc", "a/b", "-leading", "x".repeat(129), "spa ce")) {
            assertThatThrownBy(() -> store.append(bad, line(1))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("execution id '" + bad + "' is not valid; use 1 to 128 letters, digits, '.', '_'"
                            + " and '-', starting with a letter or digit");
            assertThatThrownBy(() -> store.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.append(null, line(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(keys("")).isEmpty();
    }

    @Test
    void append_lineWithALineBreak_isRejected() {
        S3JournalStore store = newProcess();

        assertThatThrownBy(() -> store.append("exec-1", "{\"a\":1}\n{\"b\":2}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a journal line must not contain a line break");
        assertThat(keys("")).isEmpty();
    }

    @Test
    void append_missingBucket_isNotFoundNamingTheBucket() {
        S3JournalStore store = S3JournalStore.in(moto.clients(), WEST, "no-such-bucket", PREFIX);

        assertThatThrownBy(() -> store.append("exec-1", line(1)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("s3:ListBucket");
                    assertThat(e.endpoint()).isEqualTo("s3/us-west-2");
                    assertThat(e.getMessage()).contains("NoSuchBucket")
                            .contains("journal s3://no-such-bucket/drplan/exec-1/");
                });
    }

    @Test
    void in_badSettings_areRejectedNamingTheValue() {
        assertThatThrownBy(() -> S3JournalStore.in(moto.clients(), WEST, " ", PREFIX))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bucket must not be blank but was ' '");
        assertThatThrownBy(() -> S3JournalStore.in(moto.clients(), WEST, BUCKET, "/drplan/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix must not start with '/' but was '/drplan/'; S3 keys have no leading slash,"
                        + " use e.g. 'drplan/'");
        assertThat(newProcess().key("exec-1", 42)).isEqualTo("drplan/exec-1/0000000042.json");
        assertThat(newProcess()).hasToString("S3JournalStore[s3://vibe-dr-journal/drplan/ in us-west-2]");
    }

    @Test
    void resume_engineOnTheFakeCloud_continuesFromTheS3JournalInANewProcess() {
        // given: the runbook's platform on virtual time, the primary region down
        VirtualScheduler time = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.vibePlatform(time);
        cloud.region(Region.of("us-east-1")).goDown();
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("s3-journal-failover")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                // the crash is simulated by cancelling the first run; nothing may be undone by that
                .compensation(CompensationStrategy.NEVER)
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr"))
                .step("settle", s -> s.custom("let connections settle", ctx -> {
                    Instant until = ctx.now().plus(Duration.ofMinutes(10));
                    return ctx.await("settle", Operation.of("test", "Settle"), "test/settle", Duration.ofMinutes(1),
                            () -> ctx.now().isBefore(until) ? Poll.pending("settling")
                                    : Poll.done(Map.<String, Object>of("settled", true)));
                }).after("restore-db"))
                .build();
        DyingJournal firstJournal = new DyingJournal(newProcess());
        Execution first = DrEngine.builder().providers(cloud.providers()).scheduler(time).seed(3)
                .journal(firstJournal).build().start(plan, Mode.EXECUTE, RunOptions.defaults());
        time.advance(Duration.ofMinutes(5)); // the restore is in flight

        // when: the host dies (nothing it does from now on reaches S3) and another process resumes
        firstJournal.die();
        List<String> crashed = newProcess().read(first.id());
        first.cancel("simulated crash");
        time.await(first.result());
        S3JournalStore resumer = newProcess();
        ExecutionReport r = DrEngine.builder().providers(cloud.providers()).scheduler(time).seed(3)
                .journal(resumer).build().resume(plan, first.id());

        // then
        assertThat(crashed).anyMatch(l -> l.contains("\"type\":\"step.started\"") && l.contains("\"stepId\":\"restore-db\""));
        assertThat(crashed).noneMatch(l -> l.contains("\"type\":\"step.succeeded\""));
        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.step("restore-db").orElseThrow().notes())
                .contains("its effect was found after the crash; adopted, not redone");
        assertThat(cloud.calls("rds:RestoreDBInstanceFromDBSnapshot")).hasSize(1);
        List<String> all = newProcess().read(first.id());
        assertThat(all.subList(0, crashed.size())).isEqualTo(crashed);
        assertThat(all.size()).isGreaterThan(crashed.size());
        assertThat(all.get(all.size() - 1)).contains("\"type\":\"execution.finished\"");
        assertThat(keys("drplan/" + first.id() + "/")).hasSize(all.size());
    }

    /** Writes through to S3 until the host "dies"; then, like a dead process, writes nothing. */
    private static final class DyingJournal implements JournalStore {
        private final JournalStore store;
        private boolean dead;

        DyingJournal(JournalStore store) {
            this.store = store;
        }

        void die() {
            dead = true;
        }

        @Override
        public void append(String executionId, String line) {
            if (!dead) {
                store.append(executionId, line);
            }
        }

        @Override
        public List<String> read(String executionId) {
            return store.read(executionId);
        }
    }
}
