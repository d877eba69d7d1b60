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
import io.drplan.core.Region;
import io.drplan.core.spi.ProviderException;
import io.drplan.testkit.contract.JournalStoreContract;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 journal against moto_server: the journal-store contract (order, a second process, ids,
 * resume), and what is S3's own: pagination, conditional writes, retries, errors.
 */
@ExtendWith(MotoServerExtension.class)
class S3JournalStoreIT extends JournalStoreContract {
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
    @Override
    protected S3JournalStore newProcess() {
        return S3JournalStore.in(moto.clients(), WEST, BUCKET, PREFIX);
    }

    private List<String> keys(String folder) {
        return s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(folder)).contents().stream()
                .map(S3Object::key).toList();
    }

    @Test
    void read_moreThanOnePageOfLines_everyLineInAppendOrder() {
        // given: more lines than one ListObjectsV2 page (1000 keys)
        S3JournalStore store = newProcess();
        List<String> written = IntStream.rangeClosed(1, 1003).mapToObj(JournalStoreContract::line).toList();
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

}
