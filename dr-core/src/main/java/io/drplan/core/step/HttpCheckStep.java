package io.drplan.core.step;

import static io.drplan.core.spi.Operations.HTTP_GET;

import io.drplan.core.StepKind;
import io.drplan.core.internal.PlanChecks;
import io.drplan.core.spi.HttpProbe.HttpCheck;
import io.drplan.core.spi.HttpProbe.HttpResult;
import io.drplan.core.spi.HttpProbe.TrustStore;
import io.drplan.core.spi.Operation;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Procedure 3, step 6: waits until {@code GET uri} answers as expected ({@code s.checkHttp(uri)}, the
 * runbook's {@code curl -f https://api.vibe.dev/health}): by default any status below 400, as
 * {@code curl -f}; with {@code expectStatus(..)} exactly that status, with {@code expectBody(..)} a body
 * that contains the text.
 */
public final class HttpCheckStep extends HealthCheckStep<HttpCheckStep> {
    /** How long one HTTP call may take (connect to last byte) by default. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final String uri;
    private Integer expectStatus;
    private String expectBody;
    private String hostHeader;
    private boolean followRedirects;
    private TrustStore trustStore;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;

    HttpCheckStep(PlanRegions regions, String uri) {
        super(regions, StepKind.CHECK_HTTP);
        this.uri = uri;
    }

    /**
     * Exactly this status means healthy. Without it, as {@code curl -f}, any status below 400 does (a
     * redirect that is not followed included).
     */
    public HttpCheckStep expectStatus(int status) {
        this.expectStatus = status;
        return this;
    }

    /** The body (its first 64 KiB) must also contain {@code text}, e.g. {@code "\"status\":\"ok\""}. */
    public HttpCheckStep expectBody(String text) {
        this.expectBody = text;
        return this;
    }

    /**
     * Connect to the URI's address but ask for {@code host} (Host header, TLS server name and
     * certificate check), as {@code curl --connect-to}: checks the DR load balancer before DNS moves,
     * e.g. {@code checkHttp("https://vibe-dr-alb-123.us-west-2.elb.amazonaws.com/health")
     * .hostHeader("api.vibe.dev")}.
     */
    public HttpCheckStep hostHeader(String host) {
        this.hostHeader = host;
        return this;
    }

    /** Follow redirects (at most 5), as {@code curl -L}; without it a 3xx is the answer. */
    public HttpCheckStep followRedirects() {
        this.followRedirects = true;
        return this;
    }

    /** For HTTPS: trust the certificates of this PEM file (a private CA) instead of the JDK's. */
    public HttpCheckStep trustStore(Path pemFile) {
        return trustStore(TrustStore.pem(pemFile));
    }

    /** For HTTPS: trust these certificates instead of the JDK's. */
    public HttpCheckStep trustStore(TrustStore trustStore) {
        this.trustStore = trustStore;
        return this;
    }

    /** How long one call may take, connect to last byte ({@link #DEFAULT_CALL_TIMEOUT}). */
    public HttpCheckStep callTimeout(Duration timeout) {
        this.callTimeout = timeout;
        return this;
    }

    @Override
    Check check() {
        return new Http(uri, expectStatus, expectBody, hostHeader, followRedirects, trustStore, callTimeout);
    }

    private record Http(String uri, Integer expectStatus, String expectBody, String hostHeader,
                        boolean followRedirects, TrustStore trustStore, Duration callTimeout) implements Check {
        @Override
        public String description() {
            return "Wait for GET " + uri + " to answer " + (expectStatus == null ? "below 400" : String.valueOf(expectStatus))
                    + (expectBody == null ? "" : " with a body containing \"" + expectBody + "\"")
                    + (hostHeader == null ? "" : " for Host " + hostHeader)
                    + (followRedirects ? ", following redirects" : "");
        }

        @Override
        public Operation operation() {
            return HTTP_GET;
        }

        @Override
        public String endpoint() {
            return "http/" + URI.create(uri).getHost();
        }

        @Override
        public void validate(List<String> p) {
            try {
                URI u = URI.create(uri);
                if (u.getScheme() == null || !u.getScheme().startsWith("http")) {
                    p.add("checkHttp uri '" + uri + "' is not an http(s) URI; use e.g. https://api.vibe.dev/health");
                }
            } catch (IllegalArgumentException | NullPointerException e) {
                p.add("checkHttp uri '" + uri + "' is not a valid URI; use e.g. https://api.vibe.dev/health");
            }
            if (hostHeader != null && !HttpCheck.isHostHeader(hostHeader)) {
                p.add("checkHttp hostHeader '" + hostHeader + "' is not a host name with an optional port; use e.g."
                        + " api.vibe.dev");
            }
            if (expectStatus != null && (expectStatus < 100 || expectStatus > 599)) {
                p.add("checkHttp expectStatus must be an HTTP status (100-599) but was " + expectStatus);
            }
            if (expectBody != null && expectBody.isEmpty()) {
                p.add("checkHttp expectBody must not be empty; leave it out to accept any body");
            }
            Path pem = trustStore == null ? null : trustStore.pemFile();
            if (pem != null && !Files.isReadable(pem)) {
                p.add("checkHttp trustStore '" + pem + "' is not a readable file; give the PEM file of the CA that"
                        + " signed the endpoint's certificate");
            }
            PlanChecks.positive("checkHttp callTimeout", callTimeout, p);
        }

        @Override
        public Poll<String> poll(StepContext ctx) {
            HttpResult r = ctx.providers().http().get(new HttpCheck(URI.create(uri), callTimeout, followRedirects,
                    hostHeader, trustStore));
            boolean statusOk = expectStatus == null ? r.isSuccess() : r.status() == expectStatus;
            String body = r.bodyStart() == null ? "" : r.bodyStart();
            boolean bodyOk = expectBody == null || body.contains(expectBody);
            String s = "HTTP " + r.status() + (expectBody == null ? ""
                    : bodyOk ? ", body contains \"" + expectBody + "\"" : ", body lacks \"" + expectBody + "\"");
            return statusOk && bodyOk ? Poll.done(s)
                    : Poll.pending(s + " " + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
        }
    }
}
