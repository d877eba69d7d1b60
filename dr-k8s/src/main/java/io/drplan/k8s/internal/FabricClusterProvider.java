package io.drplan.k8s.internal;

import io.drplan.core.DrException;
import io.drplan.core.Secret;
import io.drplan.core.spi.ProviderException;
import io.drplan.k8s.KubernetesCluster;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link KubernetesCluster} on fabric8's client. Each method makes one API call, or a small fixed
 * number (read then patch), and returns at once: waiting is the engine's business. Internal: create it
 * through {@code io.drplan.k8s.KubernetesClusters}.
 */
public final class FabricClusterProvider implements KubernetesCluster {
    private static final Logger log = LoggerFactory.getLogger(FabricClusterProvider.class);
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
    private static final String MERGE_PATCH = PatchType.JSON_MERGE.getContentType();
    private static final String JSON_PATCH = PatchType.JSON.getContentType();
    /** The name under which fabric8 registers its body-logging interceptor (when TRACE is on). */
    private static final String FABRIC8_LOGGING_INTERCEPTOR = "HttpLogging";
    private static final PatchContext JSON = PatchContext.of(PatchType.JSON);
    private static final long HTTP_GRACE_MILLIS = 1_000;
    /** How long a raw call may take when the client sets no request timeout (0): never forever. */
    static final Duration DEFAULT_RAW_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final Clock clock;
    private final long unboundedRequestTimeoutMillis;
    private volatile HttpClient quietHttp;

    public FabricClusterProvider(String name, KubernetesClient client, boolean ownsClient, Clock clock) {
        this(name, client, ownsClient, clock, DEFAULT_RAW_REQUEST_TIMEOUT);
    }

    /** With {@code unboundedRequestTimeout} in place of a client request timeout of 0 (tests shorten it). */
    FabricClusterProvider(String name, KubernetesClient client, boolean ownsClient, Clock clock,
                          Duration unboundedRequestTimeout) {
        this.name = requireText(name, "name");
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.unboundedRequestTimeoutMillis = unboundedRequestTimeout.toMillis();
    }

    @Override
    public String name() {
        return name;
    }

    /** The fabric8 client this cluster calls. */
    public KubernetesClient client() {
        return client;
    }

    // ---- secrets ---------------------------------------------------------------------------------

    @Override
    public Optional<Secret> updateSecretKey(String namespace, String secretName, String key, Secret value) {
        requireText(namespace, "namespace");
        requireText(secretName, "secretName");
        requireText(key, "key");
        Objects.requireNonNull(value, "value");
        String encoded = base64(value.reveal());
        String target = namespace + "/" + secretName;
        io.fabric8.kubernetes.api.model.Secret current = readSecret(namespace, secretName, value);
        if (current == null) {
            throw notFound("get", "secrets", target, "secret " + target + " does not exist; create it first");
        }
        String previous = current.getData() == null ? null : current.getData().get(key);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(key, encoded);
        String patch = Serialization.asJson(Map.of(
                "metadata", Map.of("resourceVersion", current.getMetadata().getResourceVersion()),
                "data", data));
        patchSecret(namespace, secretName, MERGE_PATCH, patch, value);
        log.info("Set key {} of secret {} on {} ({})", key, target, name, previous == null ? "new key" : "replaced");
        return Optional.ofNullable(previous)
                .map(p -> Secret.named(target + "[" + key + "]@previous", decode(p)));
    }

    @Override
    public void removeSecretKey(String namespace, String secretName, String key) {
        requireText(namespace, "namespace");
        requireText(secretName, "secretName");
        requireText(key, "key");
        String target = namespace + "/" + secretName;
        io.fabric8.kubernetes.api.model.Secret current = readSecret(namespace, secretName, null);
        if (current == null || current.getData() == null || !current.getData().containsKey(key)) {
            log.info("Key {} of secret {} on {} is already absent", key, target, name);
            return;
        }
        String patch = Serialization.asJson(List.of(
                Map.of("op", "add", "path", "/metadata/resourceVersion",
                        "value", current.getMetadata().getResourceVersion()),
                Map.of("op", "remove", "path", "/data/" + jsonPointer(key))));
        patchSecret(namespace, secretName, JSON_PATCH, patch, null);
        log.info("Removed key {} of secret {} on {}", key, target, name);
    }

    @Override
    public Map<String, Secret> readSecretKeys(String namespace, String secretName, java.util.Collection<String> keys) {
        requireText(namespace, "namespace");
        requireText(secretName, "secretName");
        Objects.requireNonNull(keys, "keys");
        String target = namespace + "/" + secretName;
        io.fabric8.kubernetes.api.model.Secret current = readSecret(namespace, secretName, null);
        if (current == null) {
            throw notFound("get", "secrets", target, "secret " + target + " does not exist; create it first");
        }
        Map<String, String> data = current.getData() == null ? Map.of() : current.getData();
        Map<String, Secret> out = new LinkedHashMap<>();
        for (String k : keys) {
            if (data.containsKey(k)) {
                out.put(k, Secret.named(target + "[" + k + "]", decode(data.get(k))));
            }
        }
        return out;
    }

    @Override
    public void createSecret(String namespace, String secretName, Map<String, Secret> data, Map<String, String> labels,
                             Map<String, String> annotations) {
        requireText(namespace, "namespace");
        requireText(secretName, "secretName");
        String target = namespace + "/" + secretName;
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(requireText(k, "key"), base64(v.reveal())));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", secretName);
        metadata.put("namespace", namespace);
        metadata.put("labels", labels);
        metadata.put("annotations", annotations);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "v1");
        body.put("kind", "Secret");
        body.put("metadata", metadata);
        body.put("type", "Opaque");
        body.put("data", encoded);
        HttpClient http = quietHttp();
        RawAnswer a = send(http, http.newHttpRequestBuilder().uri(url("/api/v1/namespaces/" + enc(namespace) + "/secrets"))
                .post("application/json", Serialization.asJson(body)), "create", "secrets", target);
        if (!a.isSuccess()) {
            // an error may quote the request: none of the values it carried leaves this method
            String answer = a.body();
            for (Secret v : data.values()) {
                answer = KubernetesErrors.redact(answer, v);
            }
            throw KubernetesErrors.forStatus(a.code(), answer, name, "create", "secrets", target, null);
        }
        log.info("Created secret {} on {} with keys {}", target, name, new java.util.TreeSet<>(data.keySet()));
    }

    @Override
    public Optional<SecretInfo> secretInfo(String namespace, String secretName) {
        requireText(namespace, "namespace");
        requireText(secretName, "secretName");
        return Optional.ofNullable(readSecret(namespace, secretName, null)).map(s -> info(namespace, s));
    }

    /** {@code body} when it is a Kubernetes Status, otherwise "" (it may be an object with a Secret's values). */
    private static String statusOnly(String body) {
        try {
            return "Status".equals(Serialization.unmarshal(body, Map.class).get("kind")) ? body : "";
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    private static SecretInfo info(String namespace, io.fabric8.kubernetes.api.model.Secret s) {
        var m = s.getMetadata();
        return new SecretInfo(namespace, m.getName(), m.getLabels() == null ? Map.of() : m.getLabels(),
                m.getAnnotations() == null ? Map.of() : m.getAnnotations(),
                s.getData() == null ? java.util.Set.of() : s.getData().keySet());
    }

    @Override
    public boolean deleteOwnedSecret(String namespace, String secretName, String executionId, String stepId) {
        requireText(namespace, "namespace");
        requireText(secretName, "secretName");
        String target = namespace + "/" + secretName;
        io.fabric8.kubernetes.api.model.Secret current = readSecret(namespace, secretName, null);
        if (current == null) {
            return false;
        }
        SecretInfo info = info(namespace, current);
        if (!info.createdBy(executionId, stepId)) {
            throw new ProviderException(ProviderException.Reason.CONFLICT, KubernetesErrors.operation("delete", "secrets"),
                    KubernetesErrors.endpoint(name), null, KubernetesErrors.endpoint(name) + ": delete secrets " + target
                    + " refused: it does not carry the marks of step " + stepId + " of execution " + executionId
                    + " (annotations " + new java.util.TreeMap<>(info.annotations()) + "); drplan deletes only what its"
                    + " execution created", null);
        }
        // deleted only if it is still the object whose marks were read
        Map<String, String> preconditions = new LinkedHashMap<>();
        if (current.getMetadata().getUid() != null) {
            preconditions.put("uid", current.getMetadata().getUid());
        }
        if (current.getMetadata().getResourceVersion() != null) {
            preconditions.put("resourceVersion", current.getMetadata().getResourceVersion());
        }
        String options = Serialization.asJson(Map.of("apiVersion", "v1", "kind", "DeleteOptions", "preconditions",
                preconditions));
        HttpClient http = quietHttp();
        RawAnswer a = send(http, http.newHttpRequestBuilder().uri(url(secretPath(namespace, secretName)))
                .delete("application/json", options), "delete", "secrets", target);
        if (a.code() == 404) {
            return false;
        }
        if (!a.isSuccess()) {
            // the answer of a DELETE is the deleted object, values included: only a Status message is kept
            throw KubernetesErrors.forStatus(a.code(), statusOnly(a.body()), name, "delete", "secrets", target, null);
        }
        log.info("Deleted secret {} on {} (made by step {} of execution {})", target, name, stepId, executionId);
        return true;
    }

    /*
     * Secrets travel through a derived HTTP client without fabric8's "HttpLogging" interceptor: at TRACE
     * that interceptor logs request and response bodies, which for a Secret hold its values.
     */
    private io.fabric8.kubernetes.api.model.Secret readSecret(String namespace, String secretName, Secret value) {
        String target = namespace + "/" + secretName;
        HttpClient http = quietHttp();
        RawAnswer a = send(http, http.newHttpRequestBuilder().uri(url(secretPath(namespace, secretName))),
                "get", "secrets", target);
        if (a.code() == 404) {
            return null;
        }
        if (!a.isSuccess()) {
            throw KubernetesErrors.forStatus(a.code(), a.body(), name, "get", "secrets", target, value);
        }
        return Serialization.unmarshal(a.body(), io.fabric8.kubernetes.api.model.Secret.class);
    }

    private void patchSecret(String namespace, String secretName, String contentType, String patch, Secret value) {
        String target = namespace + "/" + secretName;
        HttpClient http = quietHttp();
        RawAnswer a = send(http, http.newHttpRequestBuilder().uri(url(secretPath(namespace, secretName)))
                .patch(contentType, patch), "patch", "secrets", target);
        if (!a.isSuccess()) {
            throw KubernetesErrors.forStatus(a.code(), a.body(), name, "patch", "secrets", target, value);
        }
    }

    private static String secretPath(String namespace, String secretName) {
        return "/api/v1/namespaces/" + enc(namespace) + "/secrets/" + enc(secretName);
    }

    private HttpClient quietHttp() {
        HttpClient q = quietHttp;
        if (q == null) {
            q = client.getHttpClient().newBuilder()
                    .addOrReplaceInterceptor(FABRIC8_LOGGING_INTERCEPTOR, new Interceptor() { }).build();
            quietHttp = q;
        }
        return q;
    }

    // ---- rollouts --------------------------------------------------------------------------------

    @Override
    public void rolloutRestart(String namespace, String deployment) {
        String target = target(namespace, deployment);
        Deployment d = requireDeployment(namespace, deployment);
        requireNotPaused(d, "restart");
        String restartedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String patch = Serialization.asJson(Map.of("spec", Map.of("template", Map.of("metadata",
                Map.of("annotations", Map.of(Rollouts.RESTARTED_AT, restartedAt))))));
        // resource(d) names the object to patch without a further GET; the patch is sent as it is.
        Deployment patched = call("patch", "deployments", target, null,
                () -> client.apps().deployments().inNamespace(namespace).resource(d).patch(MERGE, patch));
        if (patched == null) {
            throw notFound("patch", "deployments", target, "deployment " + target + " does not exist");
        }
        log.info("Restarted deployment {} on {} (restartedAt {})", target, name, restartedAt);
    }

    @Override
    public RolloutStatus rolloutStatus(String namespace, String deployment) {
        Deployment d = requireDeployment(namespace, deployment);
        DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        Integer replicas = d.getSpec() == null ? null : d.getSpec().getReplicas();
        // as kubectl rollout status: once the controller has seen the latest spec, a Progressing=False
        // condition with ProgressDeadlineExceeded ends the wait
        boolean observed = orZero(s.getObservedGeneration()) >= orZero(d.getMetadata().getGeneration());
        String failure = !observed || s.getConditions() == null ? null : s.getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                        && "ProgressDeadlineExceeded".equals(c.getReason()))
                .map(c -> "deployment \"" + deployment + "\" exceeded its progress deadline"
                        + (c.getMessage() == null ? "" : ": " + c.getMessage()))
                .findFirst().orElse(null);
        return new RolloutStatus(deployment,
                orZero(d.getMetadata().getGeneration()), orZero(s.getObservedGeneration()),
                replicas == null ? 1 : replicas, orZero(s.getUpdatedReplicas()), orZero(s.getReadyReplicas()),
                orZero(s.getAvailableReplicas()), failure);
    }

    @Override
    public List<Revision> rolloutHistory(String namespace, String deployment) {
        Deployment d = requireDeployment(namespace, deployment);
        return Rollouts.history(d, replicaSets(namespace, d));
    }

    @Override
    public void rolloutUndo(String namespace, String deployment, long toRevision) {
        if (toRevision < 0) {
            throw new IllegalArgumentException("toRevision must be 0 (previous) or a revision number but was "
                    + toRevision);
        }
        String target = target(namespace, deployment);
        Deployment d = requireDeployment(namespace, deployment);
        requireNotPaused(d, "undo");
        ReplicaSet rs;
        try {
            rs = Rollouts.target(d, replicaSets(namespace, d), toRevision);
        } catch (NoSuchElementException | IllegalStateException e) {
            // A missing revision is NOT_FOUND; no previous revision at all is the Deployment's state: INVALID_REQUEST.
            throw new ProviderException(e instanceof NoSuchElementException ? ProviderException.Reason.NOT_FOUND
                    : ProviderException.Reason.INVALID_REQUEST, KubernetesErrors.operation("patch", "deployments"),
                    KubernetesErrors.endpoint(name), null,
                    KubernetesErrors.endpoint(name) + ": rollout undo " + target + " failed: " + e.getMessage(), null);
        }
        long revision = Rollouts.revisionOf(rs).orElseThrow();
        if (Rollouts.sameTemplate(d, rs)) {
            log.info("Skipped rollback of {} on {}: its template already matches revision {}", target, name, revision);
            return;
        }
        String patch = Rollouts.undoPatch(d, rs);
        call("patch", "deployments", target, null,
                () -> client.apps().deployments().inNamespace(namespace).resource(d).patch(JSON, patch));
        log.info("Rolled deployment {} on {} back to revision {} ({})", target, name, revision,
                rs.getMetadata().getName());
    }

    @Override
    public int scale(String namespace, String deployment, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0 but was " + replicas);
        }
        String target = target(namespace, deployment);
        Deployment d = requireDeployment(namespace, deployment);
        Integer before = d.getSpec() == null ? null : d.getSpec().getReplicas();
        // No resourceVersion precondition, as kubectl scale: the controller's status writes would make it 409.
        String patch = Serialization.asJson(Map.of("spec", Map.of("replicas", replicas)));
        call("patch", "deployments", target, null,
                () -> client.apps().deployments().inNamespace(namespace).resource(d).patch(MERGE, patch));
        int previous = before == null ? 1 : before;
        log.info("Scaled deployment {} on {} from {} to {} replicas", target, name, previous, replicas);
        return previous;
    }

    // ---- reading the cluster ---------------------------------------------------------------------

    @Override
    public List<PodInfo> pods(String namespace, Map<String, String> labels) {
        requireText(namespace, "namespace");
        Map<String, String> selector = labels == null ? Map.of() : labels;
        List<Pod> pods = call("list", "pods", namespace + " " + selector, null, () -> selector.isEmpty()
                ? client.pods().inNamespace(namespace).list().getItems()
                : client.pods().inNamespace(namespace).withLabels(selector).list().getItems());
        return pods.stream().map(FabricClusterProvider::podInfo)
                .sorted(Comparator.comparing(PodInfo::name)).toList();
    }

    @Override
    public List<ServiceInfo> services(String namespace) {
        requireText(namespace, "namespace");
        List<Service> services = call("list", "services", namespace, null,
                () -> client.services().inNamespace(namespace).list().getItems());
        return services.stream().map(s -> new ServiceInfo(s.getMetadata().getName(),
                        s.getSpec() == null ? null : s.getSpec().getType(),
                        s.getSpec() == null ? null : s.getSpec().getClusterIP(),
                        s.getSpec() == null || s.getSpec().getPorts() == null ? List.of()
                                : s.getSpec().getPorts().stream().map(ServicePort::getPort)
                                        .filter(Objects::nonNull).toList()))
                .sorted(Comparator.comparing(ServiceInfo::name)).toList();
    }

    @Override
    public List<NodeInfo> nodes() {
        List<Node> nodes = call("list", "nodes", "(cluster)", null, () -> client.nodes().list().getItems());
        return nodes.stream().map(n -> new NodeInfo(n.getMetadata().getName(), nodeReady(n)))
                .sorted(Comparator.comparing(NodeInfo::name)).toList();
    }

    @Override
    public ApiHealth apiHealth() {
        // An API server that cannot be reached is an answer here (not live, not ready), not a failure:
        // health checks exist to ask exactly that. Refused credentials (401/403) and 429 still throw.
        RawAnswer healthz;
        try {
            healthz = rawGet("/healthz", "get", "/healthz", "/healthz");
        } catch (ProviderException e) {
            if (!isTransportFailure(e)) {
                throw e;
            }
            return new ApiHealth(false, false, "unreachable: " + KubernetesErrors.describe(e.getCause()));
        }
        String readyz;
        boolean ready;
        try {
            RawAnswer answer = rawGet("/readyz", "get", "/readyz", "/readyz");
            readyz = answer.summary();
            ready = answer.isOk();
        } catch (ProviderException e) {
            if (!isTransportFailure(e)) {
                throw e;
            }
            readyz = "unreachable: " + KubernetesErrors.describe(e.getCause());
            ready = false;
        }
        return new ApiHealth(healthz.isOk(), ready, "healthz: " + healthz.summary() + ", readyz: " + readyz);
    }

    /** Whether {@code send} failed before any answer (refused, reset, timed out). */
    private static boolean isTransportFailure(ProviderException e) {
        return e.reason() == ProviderException.Reason.UNAVAILABLE && e.getCause() != null;
    }

    @Override
    public String podLog(String namespace, String pod, String container, int tailLines) {
        requireText(namespace, "namespace");
        requireText(pod, "pod");
        if (tailLines <= 0) {
            throw new IllegalArgumentException("tailLines must be positive but was " + tailLines);
        }
        String path = logPath(namespace, pod, container, tailLines);
        String target = namespace + "/" + pod + (container == null ? "" : " container " + container);
        RawAnswer answer = rawGet(path, "get", "pods/log", target);
        if (!answer.isSuccess()) {
            throw KubernetesErrors.forStatus(answer.code(), answer.body(), name, "get", "pods/log", target, null);
        }
        return answer.body();
    }

    /** The URL path of a pod's log; public for the tests that stub it. */
    public static String logPath(String namespace, String pod, String container, int tailLines) {
        StringBuilder p = new StringBuilder("/api/v1/namespaces/").append(enc(namespace)).append("/pods/")
                .append(enc(pod)).append("/log?tailLines=").append(tailLines);
        if (container != null) {
            p.append("&container=").append(enc(container));
        }
        return p.toString();
    }

    @Override
    public List<EventInfo> events(String namespace) {
        requireText(namespace, "namespace");
        List<Event> events = call("list", "events", namespace, null,
                () -> client.v1().events().inNamespace(namespace).list().getItems());
        List<EventInfo> out = new ArrayList<>();
        for (Event e : events) {
            ObjectReference o = e.getInvolvedObject();
            String object = o == null ? null : o.getKind() + "/" + o.getName();
            out.add(new EventInfo(eventTime(e), e.getType(), e.getReason(), object, e.getMessage()));
        }
        out.sort(Comparator.comparing(EventInfo::time, Comparator.nullsFirst(Comparator.naturalOrder())));
        return List.copyOf(out);
    }

    @Override
    public List<Path> preserveEvidence(String namespace, Map<String, String> labels, int tailLines, Path folder) {
        Objects.requireNonNull(folder, "folder");
        List<Pod> pods = call("list", "pods", namespace + " " + labels, null, () -> labels == null || labels.isEmpty()
                ? client.pods().inNamespace(namespace).list().getItems()
                : client.pods().inNamespace(namespace).withLabels(labels).list().getItems());
        List<Path> written = new ArrayList<>();
        createDirectories(folder);
        for (Pod pod : pods) {
            String podName = pod.getMetadata().getName();
            List<String> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
                    : pod.getSpec().getContainers().stream().map(c -> c.getName()).toList();
            for (String container : containers) {
                String text;
                try {
                    text = podLog(namespace, podName, container, tailLines);
                } catch (ProviderException e) {
                    if (e.isRetryable() || e.reason() == ProviderException.Reason.ACCESS_DENIED) {
                        throw e;
                    }
                    text = "log unavailable: " + e.getMessage() + "\n";
                }
                String file = containers.size() == 1 ? podName : podName + "." + container;
                written.add(write(folder.resolve(safeFileName(file) + ".log"), text));
            }
        }
        StringBuilder ev = new StringBuilder();
        for (EventInfo e : events(namespace)) {
            ev.append(e.time()).append(' ').append(e.type()).append(' ').append(e.reason()).append(' ')
                    .append(e.object()).append(' ').append(e.message()).append('\n');
        }
        written.add(write(folder.resolve("events.txt"), ev.toString()));
        log.info("Preserved evidence of {} on {}: {} files in {}", namespace, name, written.size(), folder);
        return List.copyOf(written);
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "KubernetesCluster[" + name + " at " + client.getMasterUrl() + "]";
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Deployment requireDeployment(String namespace, String deployment) {
        String target = target(namespace, deployment);
        Deployment d = call("get", "deployments", target, null,
                () -> client.apps().deployments().inNamespace(namespace).withName(deployment).get());
        if (d == null) {
            throw notFound("get", "deployments", target, "deployment " + target + " does not exist");
        }
        return d;
    }

    /**
     * Refuses to restart or undo a paused Deployment, as kubectl does: the controller would not roll it
     * out, so the step would wait for a rollout that never comes.
     */
    private void requireNotPaused(Deployment d, String action) {
        if (d.getSpec() == null || !Boolean.TRUE.equals(d.getSpec().getPaused())) {
            return;
        }
        String deployment = d.getMetadata().getName();
        String namespace = d.getMetadata().getNamespace();
        throw new ProviderException(ProviderException.Reason.INVALID_REQUEST,
                KubernetesErrors.operation("patch", "deployments"), KubernetesErrors.endpoint(name), null,
                KubernetesErrors.endpoint(name) + ": rollout " + action + " " + namespace + "/" + deployment
                        + " failed: deployment " + deployment + " is paused; run kubectl rollout resume deployment/"
                        + deployment + " -n " + namespace + " first", null);
    }

    private List<ReplicaSet> replicaSets(String namespace, Deployment d) {
        Map<String, String> selector = d.getSpec() == null || d.getSpec().getSelector() == null
                || d.getSpec().getSelector().getMatchLabels() == null ? Map.of()
                : d.getSpec().getSelector().getMatchLabels();
        return call("list", "replicasets", namespace, null, () -> selector.isEmpty()
                ? client.apps().replicaSets().inNamespace(namespace).list().getItems()
                : client.apps().replicaSets().inNamespace(namespace).withLabels(selector).list().getItems());
    }

    private <T> T call(String verb, String resource, String target, Secret secret, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.translate(e, name, verb, resource, target, secret);
        }
    }

    private ProviderException notFound(String verb, String resource, String target, String what) {
        return new ProviderException(ProviderException.Reason.NOT_FOUND, KubernetesErrors.operation(verb, resource),
                KubernetesErrors.endpoint(name), null,
                KubernetesErrors.endpoint(name) + ": " + verb + " " + resource + " " + target + " failed: " + what,
                null);
    }

    /** A GET of {@code path} whose answer the caller judges; 401, 403 and 429 are thrown at once. */
    private RawAnswer rawGet(String path, String verb, String resource, String target) {
        HttpClient http = client.getHttpClient();
        RawAnswer a = send(http, http.newHttpRequestBuilder().uri(url(path)), verb, resource, target);
        if (a.code() == 401 || a.code() == 403 || a.code() == 429) {
            throw KubernetesErrors.forStatus(a.code(), a.body(), name, verb, resource, target, null);
        }
        return a;
    }

    private String url(String path) {
        String base = client.getMasterUrl().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    /** Sends one request through fabric8's HTTP client (auth, TLS, proxy from its config), bounded in time. */
    private RawAnswer send(HttpClient http, HttpRequest.Builder request, String verb, String resource, String target) {
        int configured = timeoutMillis(client.getConfiguration().getRequestTimeout());
        // A client without a request timeout (0) would let a raw call hang a step forever: bound it anyway.
        long requestTimeout = configured > 0 ? configured : unboundedRequestTimeoutMillis;
        int connectTimeout = timeoutMillis(client.getConfiguration().getConnectionTimeout());
        request.timeout(requestTimeout, TimeUnit.MILLISECONDS);
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request.build(), String.class);
        try {
            // The request timeout is the HTTP stack's; this bound only guards against a stack that ignores it.
            HttpResponse<String> response = answer.get(requestTimeout + connectTimeout + HTTP_GRACE_MILLIS,
                    TimeUnit.MILLISECONDS);
            return new RawAnswer(response.code(), response.body() == null ? "" : response.body());
        } catch (ExecutionException e) {
            throw KubernetesErrors.forTransport(e.getCause() == null ? e : e.getCause(), name, verb, resource, target);
        } catch (TimeoutException e) {
            // Abandoning the call is not enough: cancel it, so it does not hold a connection and a thread.
            answer.cancel(true);
            throw KubernetesErrors.forTransport(e, name, verb, resource, target);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new DrException("interrupted while calling " + KubernetesErrors.endpoint(name) + " " + verb + " "
                    + resource + " " + target, e);
        }
    }

    private static int timeoutMillis(Integer configured) {
        return configured == null || configured < 0 ? 0 : configured;
    }

    /** The answer of a raw GET. */
    private record RawAnswer(int code, String body) {
        boolean isOk() {
            return code == 200 && "ok".equals(body.strip());
        }

        boolean isSuccess() {
            return code >= 200 && code < 300;
        }

        String summary() {
            String b = body.strip().replaceAll("\\s+", " ");
            if (b.length() > 120) {
                b = b.substring(0, 120) + "...";
            }
            return code == 200 ? (b.isEmpty() ? "(empty)" : b) : "HTTP " + code + (b.isEmpty() ? "" : " " + b);
        }
    }

    private static PodInfo podInfo(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        boolean ready = false;
        int restarts = 0;
        if (p.getStatus() != null) {
            List<PodCondition> conditions = p.getStatus().getConditions();
            if (conditions != null) {
                ready = conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            }
            List<ContainerStatus> statuses = p.getStatus().getContainerStatuses();
            if (statuses != null) {
                restarts = statuses.stream().mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).sum();
            }
        }
        String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
        return new PodInfo(p.getMetadata().getName(), phase, ready, restarts, node);
    }

    private static boolean nodeReady(Node n) {
        if (n.getStatus() == null || n.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition c : n.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    private static Instant eventTime(Event e) {
        String[] candidates = {
            e.getLastTimestamp(),
            e.getEventTime() == null ? null : e.getEventTime().getTime(),
            e.getFirstTimestamp(),
            e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp()};
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                try {
                    return Instant.parse(c);
                } catch (DateTimeParseException ignored) {
                    // try the next timestamp the event carries
                }
            }
        }
        return null;
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text == null ? "" : text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DrException("could not write evidence to " + file + ": " + e.getMessage()
                    + "; check the folder is writable and has space", e);
        }
    }

    private static void createDirectories(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DrException("could not create the evidence folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String safeFileName(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String target(String namespace, String name) {
        return requireText(namespace, "namespace") + "/" + requireText(name, "deployment");
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank but was " + (value == null ? "null"
                    : "'" + value + "'"));
        }
        return value;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String jsonPointer(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
