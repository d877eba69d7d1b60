package io.drplan.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.spi.HttpProbe;
import io.drplan.core.spi.HttpProbe.HttpCheck;
import io.drplan.core.spi.HttpProbe.HttpResult;
import io.drplan.core.spi.HttpProbe.TrustStore;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HttpProbe} does, as {@code curl -f}: a status below 400 succeeds, a redirect is
 * followed only when asked, 4xx and 5xx are answers (not errors), a slow answer or a reset
 * connection is {@code UNAVAILABLE}, a huge body is cut at 64 KiB, and a Host override reaches the
 * virtual host it names. Extend it once for the fake and once for the real probe on a real server:
 *
 * <pre>{@code
 * class FakeHttpContractTest extends HttpProbeContract {
 *     protected HttpProbe probe() { return cloud.http(); }
 *     ...
 * }
 * }</pre>
 */
public abstract class HttpProbeContract {
    /** Bytes of body the probe keeps at most. */
    protected static final int BODY_LIMIT = 64 * 1024;
    /** The call timeout the tests use, except where they test timing out. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The probe under test. */
    protected abstract HttpProbe probe();

    /** The address of {@code path} on the server under test, e.g. {@code https://localhost:8443/health}. */
    protected abstract URI uri(String path);

    /** An address where nothing answers (a closed port). */
    protected abstract URI unreachable();

    /** The certificates that make the server's certificate trusted (null when there is no TLS to trust). */
    protected abstract TrustStore trustStore();

    /** Makes {@code path} answer {@code status} with {@code body}. */
    protected abstract void answer(String path, int status, String body);

    /** Makes {@code path} answer {@code status} with {@code body} only for requests with {@code Host: host}. */
    protected abstract void answerForHost(String path, String host, int status, String body);

    /** Makes {@code path} answer 302 with {@code Location: location}. */
    protected abstract void redirect(String path, String location);

    /** Makes {@code path} answer 200 only after {@code delay}. */
    protected abstract void slow(String path, Duration delay);

    /** Makes the server reset the connection of requests for {@code path}. */
    protected abstract void reset(String path);

    private HttpResult get(String path) {
        return probe().get(new HttpCheck(uri(path), TIMEOUT, false, null, trustStore()));
    }

    @Test
    void ok_isSuccessWithTheBody() {
        answer("/health", 200, "{\"status\":\"ok\"}");

        HttpResult r = get("/health");

        assertThat(r).isEqualTo(new HttpResult(200, "{\"status\":\"ok\"}"));
        assertThat(r.isSuccess()).isTrue();
    }

    @Test
    void redirect_notFollowedByDefault_isSuccessAsCurlF() {
        redirect("/old", "/health");
        answer("/health", 200, "moved here");

        HttpResult r = get("/old");

        assertThat(r.status()).isEqualTo(302);
        assertThat(r.isSuccess()).isTrue();
    }

    @Test
    void redirect_followedWhenAsked() {
        redirect("/old", "/health");
        answer("/health", 200, "moved here");

        HttpResult r = probe().get(new HttpCheck(uri("/old"), TIMEOUT, true, null, trustStore()));

        assertThat(r).isEqualTo(new HttpResult(200, "moved here"));
    }

    @Test
    void notFound_isAnAnswerThatFails() {
        answer("/health", 404, "no such page");

        HttpResult r = get("/health");

        assertThat(r).isEqualTo(new HttpResult(404, "no such page"));
        assertThat(r.isSuccess()).isFalse();
    }

    @Test
    void serviceUnavailable_isAnAnswerThatFails() {
        answer("/health", 503, "{\"status\":\"unavailable\"}");

        HttpResult r = get("/health");

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.bodyStart()).isEqualTo("{\"status\":\"unavailable\"}");
    }

    @Test
    void slowAnswer_timesOutAsUnavailable() {
        slow("/health", Duration.ofSeconds(3));
        URI uri = uri("/health");
        Duration timeout = Duration.ofMillis(500);

        assertThatThrownBy(() -> probe().get(new HttpCheck(uri, timeout, false, null, trustStore())))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.operation()).isEqualTo("http:GET");
                    assertThat(e.endpoint()).isEqualTo("http/" + uri.getHost());
                })
                .hasMessage("GET " + uri + " timed out after PT0.5S");
    }

    @Test
    void resetConnection_isUnavailable() {
        reset("/health");
        URI uri = uri("/health");

        assertThatThrownBy(() -> get("/health"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                .hasMessageStartingWith("GET " + uri + " failed: ");
    }

    @Test
    void nothingListening_isUnavailable() {
        URI uri = unreachable();

        assertThatThrownBy(() -> probe().get(new HttpCheck(uri, TIMEOUT, false, null, trustStore())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                .hasMessageStartingWith("GET " + uri + " failed: ");
    }

    @Test
    void hugeBody_isCutAt64KiB() {
        answer("/big", 200, "x".repeat(4 * 1024 * 1024) + "never read");

        HttpResult r = get("/big");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyStart()).hasSize(BODY_LIMIT).matches("x+");
    }

    @Test
    void longBody_isReadPastTheFirstCharacters() {
        answer("/health", 200, " ".repeat(10_000) + "\"status\":\"ok\"");

        assertThat(get("/health").bodyStart()).endsWith("\"status\":\"ok\"");
    }

    @Test
    void hostHeader_reachesTheVirtualHostItNames() {
        answer("/health", 200, "whoever");
        answerForHost("/health", "api.vibe.dev", 200, "api.vibe.dev is ok");

        HttpResult plain = get("/health");
        HttpResult dr = probe().get(new HttpCheck(uri("/health"), TIMEOUT, false, "api.vibe.dev", trustStore()));

        assertThat(plain).isEqualTo(new HttpResult(200, "whoever"));
        assertThat(dr).isEqualTo(new HttpResult(200, "api.vibe.dev is ok"));
    }

    @Test
    void hostHeader_withRedirectFollowed_keepsTheHost() {
        redirect("/old", "/health");
        answerForHost("/health", "api.vibe.dev", 200, "api.vibe.dev is ok");

        HttpResult r = probe().get(new HttpCheck(uri("/old"), TIMEOUT, true, "api.vibe.dev", trustStore()));

        assertThat(r).isEqualTo(new HttpResult(200, "api.vibe.dev is ok"));
    }
}
