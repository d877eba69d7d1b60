package io.drplan.core.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.drplan.core.spi.Notifier.Notification;
import io.drplan.core.spi.Notifier.Severity;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierIT {
    private WireMockServer server;
    private final Notification notification = new Notification("vibe-region-failover", Severity.CRITICAL,
            "DevOps Lead", "DR step failed: restore-db", "restore-db failed: region us-west-2 is down");

    @BeforeEach
    void start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private URI hook() {
        return URI.create("http://127.0.0.1:" + server.port() + "/hooks/T000/B000/secret-path");
    }

    @Test
    void notify_postsSlackCompatibleJson() {
        server.stubFor(post("/hooks/T000/B000/secret-path").willReturn(aResponse().withStatus(200)));

        WebhookNotifier.to(hook()).notify(notification);

        server.verify(postRequestedFor(urlEqualTo("/hooks/T000/B000/secret-path"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"text\":\"[CRITICAL] DR step failed: restore-db: restore-db failed:"
                        + " region us-west-2 is down\",\"plan\":\"vibe-region-failover\",\"severity\":\"CRITICAL\","
                        + "\"role\":\"DevOps Lead\",\"title\":\"DR step failed: restore-db\"}")));
    }

    @Test
    void notify_serverErrorOrReset_neverThrows() {
        server.stubFor(post("/hooks/T000/B000/secret-path").willReturn(aResponse().withStatus(500)));
        assertThatCode(() -> WebhookNotifier.to(hook()).notify(notification)).doesNotThrowAnyException();

        server.stubFor(post("/hooks/T000/B000/secret-path").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatCode(() -> WebhookNotifier.to(hook()).notify(notification)).doesNotThrowAnyException();
        assertThat(server.getAllServeEvents()).hasSize(2);
    }

    @Test
    void notify_slowWebhook_givesUpAfterTimeout() {
        server.stubFor(post("/hooks/T000/B000/secret-path").willReturn(aResponse().withStatus(200)
                .withFixedDelay(3_000)));

        assertThatCode(() -> WebhookNotifier.to(hook(), Duration.ofMillis(200)).notify(notification))
                .doesNotThrowAnyException();
    }

    @Test
    void toString_hidesThePath() {
        assertThat(WebhookNotifier.to(hook()).toString())
                .isEqualTo("WebhookNotifier[http://127.0.0.1:" + server.port() + "/...]");
        assertThat(WebhookNotifier.to(URI.create("https://bot:t0ken-value@hooks.example.com/T1/B2")).toString())
                .isEqualTo("WebhookNotifier[https://hooks.example.com/...]");
        assertThatThrownBy(() -> WebhookNotifier.to(URI.create("ftp://x/y")))
                .hasMessage("webhook uri must be http(s) but was ftp; pass e.g. https://hooks.example.com/...");
    }
}
