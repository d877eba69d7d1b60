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
 * A fake HTTP client with the semantics of {@code io.drplan.core.http.JdkHttpProbe} ({@code curl -f}):
 * answers come from routes by exact URI (and, optionally, Host header: a route without one answers
 * every host); a status below 400 succeeds; a redirect is followed only when the check asks; at most
 * 64 KiB of a body is returned. An unknown URI is unreachable ({@code UNAVAILABLE}); a route may
 * throw {@code ProviderException} itself ({@link #resetConnection}); injected latency longer than
 * the call's timeout makes it time out. Operation {@code http:GET}, endpoint {@code http/<host>}.
 *
 * <pre>{@code
 * cloud.http().route("https://shop.example.com/health", 200, "{\"status\":\"ok\"}");
 * cloud.http().route(URI.create("https://shop.example.com/ready"), () -> new HttpResult(ready ? 200 : 503, ""));
 * cloud.http().routeForHost("https://vibe-dr-alb.elb.amazonaws.com/health", "api.vibe.dev", 200, "ok");
 * cloud.http().redirect("https://shop.example.com/", "/health");
 * }</pre>
 */
public final class FakeHttp implements HttpProbe {
    private static final int BODY_LIMIT = 64 * 1024;
    private static final int MAX_REDIRECTS = 5;
    private static final String OP = "http:GET";

    private record Key(URI uri, String host) { }

    private final Simulation sim;
    private final Map<Key, Supplier<HttpResult>> routes = new LinkedHashMap<>();
    private final Map<Key, String> redirects = new LinkedHashMap<>();

    FakeHttp(Simulation sim) {
        this.sim = sim;
    }

    /** Answers GETs of {@code uri} with whatever {@code answer} gives at the time of the call. */
    public FakeHttp route(URI uri, Supplier<HttpResult> answer) {
        routes.put(new Key(Objects.requireNonNull(uri, "uri"), null), Objects.requireNonNull(answer, "answer"));
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

    /** Answers GETs of {@code uri} sent with {@code Host: host} (a Host override) with a fixed status and body. */
    public FakeHttp routeForHost(String uri, String host, int status, String body) {
        HttpResult result = new HttpResult(status, body);
        routes.put(new Key(URI.create(uri), Objects.requireNonNull(host, "host")), () -> result);
        return this;
    }

    /** Answers GETs of {@code uri} with 302 and {@code Location: location} (absolute or relative). */
    public FakeHttp redirect(String uri, String location) {
        redirects.put(new Key(URI.create(uri), null), Objects.requireNonNull(location, "location"));
        return this;
    }

    /** Makes the server reset the connection of every GET of {@code uri}. */
    public FakeHttp resetConnection(String uri) {
        URI u = URI.create(uri);
        return route(u, () -> {
            throw Simulation.error(Reason.UNAVAILABLE, OP, "http/" + u.getHost(),
                    "GET " + u + " failed: connection reset by peer");
        });
    }

    /** Makes {@code uri} unreachable again. */
    public FakeHttp removeRoute(String uri) {
        routes.keySet().removeIf(k -> k.uri().equals(URI.create(uri)));
        redirects.keySet().removeIf(k -> k.uri().equals(URI.create(uri)));
        return this;
    }

    @Override
    public HttpResult get(URI uri, Duration timeout) {
        return get(HttpCheck.of(uri, timeout));
    }

    @Override
    public HttpResult get(HttpCheck check) {
        URI first = check.uri();
        String endpoint = "http/" + first.getHost();
        Instant start = sim.now();
        return sim.call(OP, endpoint, null, () -> {
            if (Duration.between(start, sim.now()).compareTo(check.timeout()) > 0) {
                throw Simulation.error(Reason.UNAVAILABLE, OP, endpoint, "GET " + first + " timed out after " + check.timeout());
            }
            if (check.trustStore() != null) {
                try {
                    check.trustStore().load();
                } catch (IllegalStateException e) {
                    throw Simulation.error(Reason.INVALID_REQUEST, OP, endpoint, e.getMessage());
                }
            }
            URI uri = first;
            String host = check.hostHeader();
            for (int hop = 0; ; hop++) {
                String location = redirects.get(new Key(uri, null));
                if (location != null) {
                    if (!check.followRedirects() || hop == MAX_REDIRECTS) {
                        return new HttpResult(302, "");
                    }
                    URI next = uri.resolve(location);
                    host = URI.create(location).isAbsolute() ? null : host;
                    uri = next;
                    continue;
                }
                Supplier<HttpResult> route = host == null ? null : routes.get(new Key(uri, host));
                if (route == null) {
                    route = routes.get(new Key(uri, null));
                }
                if (route == null) {
                    throw Simulation.error(Reason.UNAVAILABLE, OP, endpoint, "GET " + first + " failed: could not connect to "
                            + uri + " (no route in the fake); add one with cloud.http().route(..)");
                }
                HttpResult r = route.get();
                String body = r.bodyStart() == null ? "" : r.bodyStart();
                return body.length() > BODY_LIMIT ? new HttpResult(r.status(), body.substring(0, BODY_LIMIT)) : r;
            }
        });
    }

    @Override
    public String toString() {
        return "FakeHttp" + routes.keySet().stream().map(k -> k.host() == null ? k.uri().toString()
                : k.uri() + " (Host " + k.host() + ")").toList();
    }
}
