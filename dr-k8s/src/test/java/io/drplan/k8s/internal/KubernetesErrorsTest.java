package io.drplan.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.Secret;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubernetesErrorsTest {

    private static KubernetesClientException status(int code, String message) {
        return new KubernetesClientException(new StatusBuilder().withCode(code).withMessage(message).build());
    }

    @Test
    void translate_forbidden_namesTheRbacPermission() {
        ProviderException e = KubernetesErrors.translate(
                status(403, "secrets \"vibe-secrets\" is forbidden: User \"dr-bot\" cannot patch resource \"secrets\""),
                "dr-cluster", "patch", "secrets", "vibe-production/vibe-secrets", null);

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.permission()).isEqualTo(Optional.of("patch secrets"));
        assertThat(e.operation()).isEqualTo("k8s:patch secrets");
        assertThat(e.endpoint()).isEqualTo("k8s/dr-cluster");
        assertThat(e.getMessage()).isEqualTo("k8s/dr-cluster: patch secrets vibe-production/vibe-secrets failed:"
                + " HTTP 403: secrets \"vibe-secrets\" is forbidden: User \"dr-bot\" cannot patch resource \"secrets\";"
                + " grant the RBAC permission 'patch secrets' to the credentials of this context");
    }

    @Test
    void translate_unauthorized_asksToRefreshTheCredentialsAndNamesNoPermission() {
        ProviderException e = KubernetesErrors.translate(status(401, "Unauthorized"),
                "dr-cluster", "patch", "secrets", "vibe-production/vibe-secrets", null);

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.permission()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("k8s/dr-cluster: patch secrets vibe-production/vibe-secrets failed:"
                + " HTTP 401: Unauthorized; the credentials of this context are invalid or expired (EKS tokens last"
                + " 15 minutes); refresh the kubeconfig credentials or token and retry");
    }

    @Test
    void translate_connectionRefused_isUnavailable() {
        KubernetesClientException refused = new KubernetesClientException("An error has occurred.",
                new IOException(new ConnectException("Connection refused")), -1, null, null);

        ProviderException e = KubernetesErrors.translate(refused, "dr-cluster", "get", "deployments",
                "vibe-production/vibe-backend", null);

        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).isEqualTo("k8s/dr-cluster: get deployments vibe-production/vibe-backend failed:"
                + " cluster unreachable (ConnectException: Connection refused);"
                + " check the API server is up and reachable, or fail over");
    }

    @Test
    void translate_connectTimeout_isUnavailable() {
        KubernetesClientException timeout = new KubernetesClientException("timed out",
                new HttpConnectTimeoutException("HTTP connect timed out"), -1, null, null);

        ProviderException e = KubernetesErrors.translate(timeout, "dr-cluster", "list", "pods", "vibe-production",
                null);

        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(e.getMessage()).contains("cluster unreachable (timed out: HTTP connect timed out)");
    }

    @Test
    void translate_statusQuotingTheSecret_redactsRawAndBase64() {
        Secret secret = Secret.of("postgresql://vibe:pw@db:5432/vibe");
        String b64 = java.util.Base64.getEncoder().encodeToString(secret.reveal().getBytes());
        KubernetesClientException echo = status(422, "invalid value \"" + b64 + "\" from " + secret.reveal());

        ProviderException e = KubernetesErrors.translate(echo, "dr-cluster", "patch", "secrets", "ns/s", secret);

        assertThat(e.getMessage()).isEqualTo("k8s/dr-cluster: patch secrets ns/s failed: HTTP 422:"
                + " invalid value \"****\" from ****; the request was refused as invalid");
        assertThat(e.getCause()).isInstanceOf(KubernetesErrors.RedactedException.class);
        assertThat(e.getCause().getMessage()).doesNotContain(secret.reveal()).doesNotContain(b64);
    }

    @Test
    void forStatus_tooManyRequests_isThrottled() {
        ProviderException e = KubernetesErrors.forStatus(429, "slow down", "primary", "get", "/healthz", "/healthz",
                null);

        assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.permission()).isEmpty();
    }

    @Test
    void forStatus_statusBodyQuotingTheSecret_usesItsMessageRedacted() {
        Secret secret = Secret.of("postgresql://vibe:pw@db:5432/vibe");
        String body = "{\"kind\":\"Status\",\"code\":422,\"message\":\"bad value " + secret.reveal() + "\"}";

        ProviderException e = KubernetesErrors.forStatus(422, body, "dr-cluster", "patch", "secrets", "ns/s", secret);

        assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
        assertThat(e.getMessage()).isEqualTo("k8s/dr-cluster: patch secrets ns/s failed: HTTP 422: bad value ****;"
                + " the request was refused as invalid");
    }
}
