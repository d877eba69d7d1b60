package io.drplan.k8s.internal;

import io.drplan.core.Secret;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeoutException;

/**
 * Translates fabric8's errors into {@link ProviderException}s classified the way the engine's retry
 * and circuit breakers expect. Internal: not part of drplan's API.
 */
public final class KubernetesErrors {
    private static final int MAX_DETAIL = 300;

    private KubernetesErrors() { }

    /**
     * @param cluster the cluster's name; the endpoint is {@code k8s/<cluster>}
     * @param verb    the RBAC verb, e.g. {@code patch}
     * @param resource the RBAC resource, e.g. {@code secrets} or {@code pods/log}
     * @param target  what was called, e.g. {@code vibe-production/vibe-secrets}
     * @param secret  a value that must not show in the message or cause, or {@code null}
     */
    public static ProviderException translate(RuntimeException e, String cluster, String verb, String resource,
                                              String target, Secret secret) {
        int code = e instanceof KubernetesClientException kce ? kce.getCode() : 0;
        String detail = detail(e, secret);
        return build(code, e, cluster, verb, resource, target, detail, secret);
    }

    /**
     * For a raw HTTP call that answered {@code code} with {@code body} (a {@code Status} object's message is
     * used when the body is one); {@code secret} is redacted from it, or {@code null}.
     */
    public static ProviderException forStatus(int code, String body, String cluster, String verb, String resource,
                                              String target, Secret secret) {
        String text = body;
        if (body != null && body.stripLeading().startsWith("{")) {
            try {
                Status s = Serialization.unmarshal(body, Status.class);
                if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) {
                    text = s.getMessage();
                }
            } catch (RuntimeException notAStatus) {
                // keep the raw body as the detail
            }
        }
        return build(code, null, cluster, verb, resource, target, abbreviate(redact(text, secret)), secret);
    }

    /** For a raw HTTP call that failed before an answer (refused, reset, timed out). */
    public static ProviderException forTransport(Throwable cause, String cluster, String verb, String resource,
                                                 String target) {
        return new ProviderException(Reason.UNAVAILABLE, operation(verb, resource), endpoint(cluster), null,
                endpoint(cluster) + ": " + verb + " " + resource + " " + target + " failed: cluster unreachable ("
                        + describe(cause) + "); check the API server is up and reachable, or fail over",
                cause);
    }

    public static String endpoint(String cluster) {
        return "k8s/" + cluster;
    }

    public static String operation(String verb, String resource) {
        return "k8s:" + verb + " " + resource;
    }

    private static ProviderException build(int code, RuntimeException e, String cluster, String verb, String resource,
                                           String target, String detailText, Secret secret) {
        String detail = detailText;
        String permission = verb + " " + resource;
        Reason reason;
        String advice;
        if (code <= 0 && isTransport(e)) {
            reason = Reason.UNAVAILABLE;
            detail = "cluster unreachable (" + describe(e) + ")";
            advice = "check the API server is up and reachable, or fail over";
        } else if (code == 429) {
            reason = Reason.THROTTLED;
            advice = "the API server asked to slow down; retry later";
        } else if (code >= 500) {
            reason = Reason.SERVER_ERROR;
            advice = "the API server failed; retry later";
        } else if (code == 404) {
            reason = Reason.NOT_FOUND;
            advice = "check the namespace and name";
        } else if (code == 401) {
            // Not a missing permission: the API server did not accept the credentials at all.
            reason = Reason.ACCESS_DENIED;
            permission = null;
            advice = "the credentials of this context are invalid or expired (EKS tokens last 15 minutes);"
                    + " refresh the kubeconfig credentials or token and retry";
        } else if (code == 403) {
            reason = Reason.ACCESS_DENIED;
            advice = "grant the RBAC permission '" + permission + "' to the credentials of this context";
        } else if (code == 409) {
            reason = Reason.CONFLICT;
            advice = "the object changed or already exists; read it again and retry";
        } else if (code == 400 || code == 422) {
            reason = Reason.INVALID_REQUEST;
            advice = "the request was refused as invalid";
        } else {
            reason = Reason.OTHER;
            advice = "see the cause";
        }
        String status = code <= 0 ? "" : "HTTP " + code + ": ";
        String message = endpoint(cluster) + ": " + verb + " " + resource + " " + target + " failed: " + status
                + detail + "; " + advice;
        Throwable cause = e == null ? null : secret == null ? e : redactedCopy(e, secret);
        return new ProviderException(reason, operation(verb, resource), endpoint(cluster),
                reason == Reason.ACCESS_DENIED ? permission : null, message, cause);
    }

    private static boolean isTransport(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String detail(RuntimeException e, Secret secret) {
        String text;
        if (e instanceof KubernetesClientException kce && kce.getStatus() != null) {
            Status s = kce.getStatus();
            text = s.getMessage() != null ? s.getMessage() : s.getReason();
        } else {
            text = null;
        }
        if (text == null || text.isBlank()) {
            text = describe(e);
        }
        return abbreviate(redact(text, secret));
    }

    /** The root cause of {@code e} in a few words, e.g. {@code ConnectException: Connection refused}. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        if (root instanceof HttpTimeoutException || root instanceof TimeoutException) {
            return "timed out" + (m == null ? "" : ": " + m);
        }
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Removes the secret's value, raw and base64-encoded, from {@code text}. */
    static String redact(String text, Secret secret) {
        if (text == null || secret == null || !secret.isAvailable()) {
            return text;
        }
        String value = secret.reveal();
        if (value.isEmpty()) {
            return text;
        }
        String b64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        return text.replace(value, "****").replace(b64, "****");
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "(no detail)";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
    }

    /** A copy of the cause chain whose messages cannot carry the secret; stack traces are kept. */
    private static Throwable redactedCopy(Throwable e, Secret secret) {
        RedactedException copy = new RedactedException(e.getClass().getName() + ": " + redact(e.getMessage(), secret),
                e.getCause() == null || e.getCause() == e ? null : redactedCopy(e.getCause(), secret));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** Stands in for a fabric8 exception whose message may have quoted a secret. */
    static final class RedactedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedactedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
