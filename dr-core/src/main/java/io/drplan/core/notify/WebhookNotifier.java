package io.drplan.core.notify;

import io.drplan.core.internal.Json;
import io.drplan.core.spi.Notifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each notification as JSON to a webhook (Slack-compatible: the message is in {@code text},
 * the details in the other fields). Delivery problems are logged, never thrown: a failing chat
 * service must not stop a failover.
 *
 * <pre>{@code
 * DrEngine.builder().notifier(WebhookNotifier.to(URI.create("https://hooks.example.com/T000/B000")))
 * }</pre>
 */
public final class WebhookNotifier implements Notifier {
    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
    /** How long one delivery may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final URI uri;
    private final HttpClient client;
    private final Duration timeout;

    private WebhookNotifier(URI uri, Duration timeout) {
        this.uri = Objects.requireNonNull(uri, "uri");
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("webhook uri must be http(s) but was " + uri.getScheme()
                    + "; pass e.g. https://hooks.example.com/...");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Posts to {@code uri} with {@link #DEFAULT_TIMEOUT}. */
    public static WebhookNotifier to(URI uri) {
        return new WebhookNotifier(uri, DEFAULT_TIMEOUT);
    }

    /** Posts to {@code uri} with the given timeout. */
    public static WebhookNotifier to(URI uri, Duration timeout) {
        return new WebhookNotifier(uri, timeout);
    }

    @Override
    public void notify(Notification n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", "[" + n.severity() + "] " + n.title() + ": " + n.text());
        body.put("plan", n.planName());
        body.put("severity", n.severity().name());
        body.put("role", n.role());
        body.put("title", n.title());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
        try {
            HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                log.warn("webhook {} answered HTTP {} to notification '{}'", safe(), r.statusCode(), n.title());
            }
        } catch (IOException e) {
            log.warn("webhook {} could not be reached for notification '{}': {}", safe(), n.title(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while posting notification '{}' to webhook {}", n.title(), safe());
        }
    }

    /** The webhook's host only: webhook paths and user-info are credentials. */
    private String safe() {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/...";
    }

    @Override
    public String toString() {
        return "WebhookNotifier[" + safe() + "]";
    }
}
