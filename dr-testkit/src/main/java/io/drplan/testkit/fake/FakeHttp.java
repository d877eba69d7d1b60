package io.drplan.testkit.fake;

import io.drplan.core.spi.HttpProbe;
import io.drplan.core.spi.ProviderException.Reason;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A fake HTTP client: answers come from routes by exact URI. An unknown URI is unreachable
 * ({@code UNAVAILABLE}); a route may throw {@code ProviderException} itself; injected latency longer
 * than the call's timeout makes it time out. Operation {@code http:GET}, endpoint {@code http/<host>}.
 *
 * <pre>{@code
 * cloud.http().route("https://shop.example.com/health", 200, "{\"status\":\"ok\"}");
 * cloud.http().route(URI.create("https://shop.example.com/ready"), () -> new HttpResult(ready ? 200 : 503, ""));
 * }</pre>
 */
public final class FakeHttp implements HttpProbe {
    private static final int BODY_LIMIT = 512;

    private final Simulation sim;
    private final Map<URI, Supplier<HttpResult>> routes = new LinkedHashMap<>();

    FakeHttp(Simulation sim) {
        this.sim = sim;
    }

    /** Answers GETs of {@code uri} with whatever {@code answer} gives at the time of the call. */
    public FakeHttp route(URI uri, Supplier<HttpResult> answer) {
        routes.put(Objects.requireNonNull(uri, "uri"), Objects.requireNonNull(answer, "answer"));
        return this;
    }

    /** Answers GETs of {@code uri} with whatever {@code answer} gives at the time of the call. */
    public FakeHttp route(String uri, Supplier<HttpResult> answer) {
        return route(URI.create(uri), answer);
    }

    /** Answers GETs of {@code uri} with a fixed status and body. */
    public FakeHttp route(String uri, int status, String body) {
        HttpResult result = new HttpResult(status, body);
        return route(URI.create(uri), () -> result);
    }

    /** Makes {@code uri} unreachable again. */
    public FakeHttp removeRoute(String uri) {
        routes.remove(URI.create(uri));
        return this;
    }

    @Override
    public HttpResult get(URI uri, Duration timeout) {
        String op = "http:GET";
        String endpoint = "http/" + uri.getHost();
        Instant start = sim.now();
        return sim.call(op, endpoint, null, () -> {
            if (timeout != null && Duration.between(start, sim.now()).compareTo(timeout) > 0) {
                throw Simulation.error(Reason.UNAVAILABLE, op, endpoint, "GET " + uri + " timed out after " + timeout);
            }
            Supplier<HttpResult> route = routes.get(uri);
            if (route == null) {
                throw Simulation.error(Reason.UNAVAILABLE, op, endpoint, "could not connect to " + uri
                        + " (no route in the fake); add one with cloud.http().route(..)");
            }
            HttpResult r = route.get();
            String body = r.bodyStart() == null ? "" : r.bodyStart();
            return body.length() > BODY_LIMIT ? new HttpResult(r.status(), body.substring(0, BODY_LIMIT)) : r;
        });
    }

    @Override
    public String toString() {
        return "FakeHttp" + routes.keySet();
    }
}
