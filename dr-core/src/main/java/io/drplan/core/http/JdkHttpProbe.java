package io.drplan.core.http;

import io.drplan.core.spi.HttpProbe;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The default {@link HttpProbe}, on {@code java.net.http}, with the semantics of the runbook's
 * {@code curl -f https://api.vibe.dev/health}: any final status below 400 succeeds (a redirect
 * that is not followed included), redirects are followed only when the check asks
 * ({@code curl -L}), the whole call (connect, headers, body) is bounded by the check's timeout, and
 * at most {@link #DEFAULT_BODY_LIMIT} bytes of the body are read: a huge body is never buffered.
 *
 * <pre>{@code
 * Providers.builder().http(JdkHttpProbe.create())
 * // a private CA for every call:
 * Providers.builder().http(JdkHttpProbe.builder().trustStore(TrustStore.pem(Path.of("ca.pem"))).build())
 * }</pre>
 *
 * <p><b>Host header override</b> (check the DR load balancer before DNS moves: connect to the ALB,
 * ask for {@code api.vibe.dev}) is curl's {@code --connect-to}: the probe connects to the URI's
 * host and port, sends {@code Host: api.vibe.dev}, and over HTTPS sends {@code api.vibe.dev} as
 * TLS server name (SNI) and verifies the certificate against it. {@code java.net.http} cannot do
 * that: it refuses a Host header unless the JVM-wide property
 * {@code jdk.httpclient.allowRestrictedHeaders} was set before its classes loaded (whoever loads
 * them first wins, and it changes every other client in the JVM), and even then it would verify
 * the certificate against the ALB's name. So those checks are one HTTP/1.1 exchange on a plain
 * {@code Socket}/{@code SSLSocket} (status line, headers, a body by length, chunks or to the end,
 * bounded as above).
 *
 * <p><b>Connect-to</b> ({@link Builder#connectTo}, curl's {@code --connect-to} for the whole probe): checks of
 * {@code https://api.vibe.dev/health} connect to another address, e.g. the DR load balancer or a
 * local test server, and are sent there as a Host header override, so the plan keeps the name
 * users call.
 *
 * <p>Failures are {@link ProviderException}s with operation {@code http:GET} and endpoint
 * {@code http/<host>}: {@code UNAVAILABLE} (retryable) for a refused, reset or timed-out
 * connection or an unknown host; {@code OTHER} for a certificate that is not trusted or does not
 * name the host (it will not heal by waiting), with what to do.
 */
public final class JdkHttpProbe implements HttpProbe {
    /** Bytes of a body read at most: 64 KiB. */
    public static final int DEFAULT_BODY_LIMIT = 64 * 1024;

    private static final String OP = "http:GET";

    private final int bodyLimit;
    private final TrustStore defaultTrust;
    private final Map<String, String> connectTo;
    private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<TrustStore, SSLContext> contexts = new ConcurrentHashMap<>();
    private final ExecutorService rawExchanges = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "drplan-http-probe");
        t.setDaemon(true);
        return t;
    });

    private JdkHttpProbe(Builder b) {
        this.bodyLimit = b.bodyLimit;
        this.defaultTrust = b.trustStore;
        this.connectTo = Map.copyOf(b.connectTo);
    }

    /** A probe trusting the JDK's CAs and reading at most {@link #DEFAULT_BODY_LIMIT} bytes of a body. */
    public static JdkHttpProbe create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public HttpResult get(URI uri, Duration timeout) {
        return get(HttpCheck.of(uri, timeout));
    }

    @Override
    public HttpResult get(HttpCheck asked) {
        HttpCheck check = connectingTo(asked);
        URI uri = check.uri();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ProviderException(Reason.INVALID_REQUEST, OP, "http/" + uri.getHost(),
                    "GET " + uri + ": not an absolute http(s) URI; use e.g. https://api.vibe.dev/health");
        }
        TrustStore trust = check.trustStore() != null ? check.trustStore() : defaultTrust;
        try {
            return check.hostHeader() != null ? rawGet(check, trust) : jdkGet(check, uri, trust);
        } catch (IllegalStateException e) {
            throw translate(uri, check, e);
        }
    }

    /** {@code check} sent to the address {@link Builder#connectTo} gives for its host, with its host as Host header. */
    private HttpCheck connectingTo(HttpCheck check) {
        URI uri = check.uri();
        String address = check.hostHeader() != null || uri.getHost() == null ? null
                : connectTo.get(uri.getHost().toLowerCase(java.util.Locale.ROOT));
        if (address == null) {
            return check;
        }
        String host = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        URI connect = URI.create(uri.getScheme() + "://" + address
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        return new HttpCheck(connect, check.timeout(), check.followRedirects(), host, check.trustStore());
    }

    private HttpResult jdkGet(HttpCheck check, URI uri, TrustStore trust) {
        HttpClient client = clients.computeIfAbsent(new ClientKey(trust, check.followRedirects()), this::newClient);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(check.timeout()).GET()
                .header("User-Agent", "drplan-http-probe").header("Accept", "*/*").build();
        CompletableFuture<HttpResponse<String>> answer =
                client.sendAsync(request, info -> new LimitedBody(bodyLimit, Http1.charsetOf(info.headers()
                        .firstValue("content-type").orElse(null))));
        HttpResponse<String> response = await(answer, check, () -> answer.cancel(true));
        return new HttpResult(response.statusCode(), response.body());
    }

    private HttpResult rawGet(HttpCheck check, TrustStore trust) {
        Http1 exchange = new Http1(check, check.uri().getScheme().equalsIgnoreCase("https") ? sslContext(trust) : null,
                bodyLimit);
        CompletableFuture<Http1.Answer> answer = CompletableFuture.supplyAsync(exchange::run, rawExchanges);
        Http1.Answer a = await(answer, check, exchange::abort);
        if (check.followRedirects() && a.status() / 100 == 3 && a.location() != null) {
            return followFromRaw(check, trust, a, 5);
        }
        return new HttpResult(a.status(), a.body());
    }

    /** A redirect answered through a Host override: same name (or relative) keeps the override. */
    private HttpResult followFromRaw(HttpCheck check, TrustStore trust, Http1.Answer a, int hopsLeft) {
        String hostName = Http1.nameOf(check.hostHeader());
        URI asked = URI.create(check.uri().getScheme() + "://" + check.hostHeader() + check.uri().getRawPath());
        URI next = asked.resolve(a.location());
        if (hopsLeft == 0) {
            return new HttpResult(a.status(), a.body());
        }
        if (next.getHost() != null && next.getHost().equalsIgnoreCase(hostName)
                && Objects.equals(next.getScheme(), check.uri().getScheme())) {
            URI connect = URI.create(check.uri().getScheme() + "://" + check.uri().getRawAuthority()
                    + (next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath())
                    + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()));
            HttpCheck again = new HttpCheck(connect, check.timeout(), true, check.hostHeader(), trust);
            Http1 exchange = new Http1(again, connect.getScheme().equalsIgnoreCase("https") ? sslContext(trust) : null,
                    bodyLimit);
            CompletableFuture<Http1.Answer> answer = CompletableFuture.supplyAsync(exchange::run, rawExchanges);
            Http1.Answer b = await(answer, again, exchange::abort);
            return b.status() / 100 == 3 && b.location() != null ? followFromRaw(again, trust, b, hopsLeft - 1)
                    : new HttpResult(b.status(), b.body());
        }
        return jdkGet(new HttpCheck(next, check.timeout(), true, null, trust), next, trust);
    }

    private <T> T await(CompletableFuture<T> answer, HttpCheck check, Runnable abort) {
        URI uri = check.uri();
        try {
            return answer.get(check.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort.run();
            throw timedOut(uri, check.timeout(), e);
        } catch (InterruptedException e) {
            abort.run();
            Thread.currentThread().interrupt();
            throw new ProviderException(Reason.UNAVAILABLE, OP, endpoint(uri), null,
                    "GET " + uri + " was interrupted", e);
        } catch (ExecutionException e) {
            throw translate(uri, check, e.getCause());
        }
    }

    private static ProviderException timedOut(URI uri, Duration timeout, Throwable cause) {
        return new ProviderException(Reason.UNAVAILABLE, OP, endpoint(uri), null,
                "GET " + uri + " timed out after " + timeout, cause);
    }

    private static ProviderException translate(URI uri, HttpCheck check, Throwable t) {
        if (t instanceof ProviderException p) {
            return p;
        }
        if (t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
            return timedOut(uri, check.timeout(), t);
        }
        Optional<Throwable> cert = causeOf(t, CertificateException.class);
        if (t instanceof SSLHandshakeException && cert.isPresent()) {
            String name = check.hostHeader() == null ? uri.getHost() : Http1.nameOf(check.hostHeader());
            return new ProviderException(Reason.OTHER, OP, endpoint(uri), null, "GET " + uri + ": the certificate of "
                    + name + " is not trusted (" + cert.get().getMessage() + "); trust its CA with"
                    + " .trustStore(TrustStore.pem(..)) or check that the certificate names " + name, t);
        }
        if (t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().contains("trust store")) {
            return new ProviderException(Reason.INVALID_REQUEST, OP, endpoint(uri), null, t.getMessage(), t);
        }
        if (t instanceof UnknownHostException) {
            return new ProviderException(Reason.UNAVAILABLE, OP, endpoint(uri), null,
                    "GET " + uri + " failed: unknown host " + t.getMessage(), t);
        }
        if (t instanceof ConnectException) {
            return new ProviderException(Reason.UNAVAILABLE, OP, endpoint(uri), null,
                    "GET " + uri + " failed: could not connect (" + t.getMessage() + ")", t);
        }
        if (t instanceof IOException) {
            return new ProviderException(Reason.UNAVAILABLE, OP, endpoint(uri), null,
                    "GET " + uri + " failed: " + t, t);
        }
        return new ProviderException(Reason.OTHER, OP, endpoint(uri), null, "GET " + uri + " failed: " + t, t);
    }

    private static Optional<Throwable> causeOf(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static String endpoint(URI uri) {
        return "http/" + uri.getHost();
    }

    private HttpClient newClient(ClientKey key) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .followRedirects(key.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
        if (key.trust() != null) {
            b.sslContext(sslContext(key.trust()));
        }
        return b.build();
    }

    private SSLContext sslContext(TrustStore trust) {
        if (trust == null) {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no default TLS context: " + e.getMessage(), e);
            }
        }
        return contexts.computeIfAbsent(trust, t -> {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(t.load());
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                return ctx;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("trust store " + t + " cannot be used: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public String toString() {
        return "JdkHttpProbe[bodyLimit=" + bodyLimit + (defaultTrust == null ? "" : ", " + defaultTrust)
                + (connectTo.isEmpty() ? "" : ", connectTo=" + new java.util.TreeMap<>(connectTo)) + "]";
    }

    private record ClientKey(TrustStore trust, boolean followRedirects) { }

    /** Settings of a {@link JdkHttpProbe}. */
    public static final class Builder {
        private int bodyLimit = DEFAULT_BODY_LIMIT;
        private TrustStore trustStore;
        private final Map<String, String> connectTo = new java.util.LinkedHashMap<>();

        private Builder() { }

        /**
         * Checks of URIs whose host is {@code host} connect to {@code address} instead, sending
         * {@code host} as Host header and TLS server name (curl's {@code --connect-to host::address}):
         * {@code connectTo("api.vibe.dev", "vibe-alb-usw2.us-west-2.elb.amazonaws.com:443")} checks the DR
         * load balancer under the name users call. Checks with a Host header of their own are left alone.
         *
         * @param host    a host name, e.g. {@code api.vibe.dev}
         * @param address a host name or IP literal and port, e.g. {@code 127.0.0.1:8443}
         */
        public Builder connectTo(String host, String address) {
            if (host == null || !HttpCheck.isHostHeader(host) || host.contains(":") && !host.startsWith("[")) {
                throw new IllegalArgumentException("connectTo host must be a host name without a port, e.g."
                        + " api.vibe.dev, but was '" + host + "'");
            }
            if (address == null || !HttpCheck.isHostHeader(address) || !address.matches(".*:[0-9]{1,5}")) {
                throw new IllegalArgumentException("connectTo address must be a host and port, e.g. 127.0.0.1:8443,"
                        + " but was '" + address + "'");
            }
            connectTo.put(host.toLowerCase(java.util.Locale.ROOT), address);
            return this;
        }

        /** Bytes of a body read at most ({@link #DEFAULT_BODY_LIMIT} by default); the rest is never read. */
        public Builder bodyLimit(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("bodyLimit must not be negative but was " + bytes);
            }
            this.bodyLimit = bytes;
            return this;
        }

        /** Certificates trusted by checks that name no trust store of their own (the JDK's CAs by default). */
        public Builder trustStore(TrustStore trustStore) {
            this.trustStore = trustStore;
            return this;
        }

        public JdkHttpProbe build() {
            return new JdkHttpProbe(this);
        }
    }
}
