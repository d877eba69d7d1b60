package io.drplan.core.step;

import io.drplan.core.spi.Operations;
import static io.drplan.core.spi.Operations.ELB_DESCRIBE_TARGET_HEALTH;
import static io.drplan.core.spi.Operations.HTTP_GET;
import static io.drplan.core.spi.Operations.K8S_HEALTHZ;
import static io.drplan.core.spi.Operations.K8S_LIST_NODES;
import static io.drplan.core.spi.Operations.K8S_LIST_PODS;
import static io.drplan.core.spi.Operations.K8S_LIST_SERVICES;

import io.drplan.core.Region;
import io.drplan.core.internal.PlanChecks;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.spi.ClusterProvider.PodInfo;
import io.drplan.core.spi.ClusterProvider.ServiceInfo;
import io.drplan.core.spi.HttpProbe.HttpCheck;
import io.drplan.core.spi.HttpProbe.HttpResult;
import io.drplan.core.spi.HttpProbe.TrustStore;
import java.nio.file.Files;
import java.nio.file.Path;
import io.drplan.core.spi.LoadBalancerProvider.TargetHealth;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Waits until something is healthy, polling until the step's timeout: load-balancer targets
 * ({@code checkTargetHealth}), an HTTP endpoint ({@code checkHttp}, the runbook's
 * {@code curl -f https://api.vibe.dev/health}), pods, services, nodes or the API server of a
 * cluster (the runbook's "Verify application health" and "Check EKS cluster health").
 */
public final class HealthCheckStep extends StepBuilder<HealthCheckStep> {
    /** How long a check usually takes when the thing is already healthy. */
    public static final Duration DEFAULT_ESTIMATE = Duration.ofSeconds(5);
    /** How long one HTTP call of {@code checkHttp} may take (connect to last byte) by default. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);

    enum Kind { TARGETS, HTTP, PODS, SERVICES, NODES, API }

    private final Kind kind;
    private final String where;
    private final String what;
    private String namespace;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();
    private int minimum = 1;
    private Integer expectStatus;
    private Duration pollEvery = Duration.ofSeconds(10);
    private String expectBody;
    private String hostHeader;
    private boolean followRedirects;
    private TrustStore trustStore;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;

    HealthCheckStep(PlanRegions regions, Kind kind, String where, String what, String namespace) {
        super(regions);
        this.kind = kind;
        this.where = where;
        this.what = what;
        this.namespace = namespace;
    }

    /** At least this many healthy targets, ready pods or ready nodes (1 by default). */
    public HealthCheckStep minimum(int minimum) {
        this.minimum = minimum;
        return this;
    }

    /** For pods: only those with this label. */
    public HealthCheckStep label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** For services: these must exist. */
    public HealthCheckStep expect(String... serviceNames) {
        names.addAll(List.of(serviceNames));
        return this;
    }

    /**
     * For HTTP: exactly this status means healthy. Without it, as {@code curl -f}, any status below
     * 400 does (a redirect that is not followed included).
     */
    public HealthCheckStep expectStatus(int status) {
        this.expectStatus = status;
        return this;
    }

    /** For HTTP: the body (its first 64 KiB) must also contain {@code text}, e.g. {@code "\"status\":\"ok\""}. */
    public HealthCheckStep expectBody(String text) {
        this.expectBody = text;
        return this;
    }

    /**
     * For HTTP: connect to the URI's address but ask for {@code host} (Host header, TLS server name
     * and certificate check), as {@code curl --connect-to}: checks the DR load balancer before DNS
     * moves, e.g. {@code checkHttp("https://vibe-dr-alb-123.us-west-2.elb.amazonaws.com/health")
     * .hostHeader("api.vibe.dev")}.
     */
    public HealthCheckStep hostHeader(String host) {
        this.hostHeader = host;
        return this;
    }

    /** For HTTP: follow redirects (at most 5), as {@code curl -L}; without it a 3xx is the answer. */
    public HealthCheckStep followRedirects() {
        this.followRedirects = true;
        return this;
    }

    /** For HTTPS: trust the certificates of this PEM file (a private CA) instead of the JDK's. */
    public HealthCheckStep trustStore(Path pemFile) {
        return trustStore(TrustStore.pem(pemFile));
    }

    /** For HTTPS: trust these certificates instead of the JDK's. */
    public HealthCheckStep trustStore(TrustStore trustStore) {
        this.trustStore = trustStore;
        return this;
    }

    /** For HTTP: how long one call may take, connect to last byte ({@link #DEFAULT_CALL_TIMEOUT}). */
    public HealthCheckStep callTimeout(Duration timeout) {
        this.callTimeout = timeout;
        return this;
    }

    /** First interval between polls (10 s by default; later ones grow). */
    public HealthCheckStep pollEvery(Duration interval) {
        this.pollEvery = interval;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(kind, where, what, namespace, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels)), List.copyOf(names), minimum,
                new Http(expectStatus, expectBody, hostHeader, followRedirects, trustStore, callTimeout), pollEvery);
    }

    /** The options of an HTTP check. */
    private record Http(Integer expectStatus, String expectBody, String hostHeader, boolean followRedirects,
                        TrustStore trustStore, Duration callTimeout) {
        String describe() {
            return (expectStatus == null ? "below 400" : String.valueOf(expectStatus))
                    + (expectBody == null ? "" : " with a body containing \"" + expectBody + "\"")
                    + (hostHeader == null ? "" : " for Host " + hostHeader)
                    + (followRedirects ? ", following redirects" : "");
        }
    }

    private record Action(Kind kind, String where, String what, String namespace, Map<String, String> labels,
                          List<String> names, int minimum, Http http, Duration pollEvery) implements StepAction {
        @Override
        public String description() {
            return switch (kind) {
                case TARGETS -> "Wait for " + minimum + "+ healthy targets in " + what + " (" + where + ")";
                case HTTP -> "Wait for GET " + what + " to answer " + http.describe();
                case PODS -> "Wait for " + minimum + "+ ready pods" + (labels.isEmpty() ? "" : " " + labels)
                        + " in " + namespace + " on " + where;
                case SERVICES -> "Check services " + names + " exist in " + namespace + " on " + where;
                case NODES -> "Wait for " + minimum + "+ Ready nodes on " + where;
                case API -> "Check the API server of " + where + " is live and ready";
            };
        }

        @Override
        public List<Operation> operations() {
            return List.of(switch (kind) {
                case TARGETS -> ELB_DESCRIBE_TARGET_HEALTH;
                case HTTP -> HTTP_GET;
                case PODS -> K8S_LIST_PODS;
                case SERVICES -> K8S_LIST_SERVICES;
                case NODES -> K8S_LIST_NODES;
                case API -> K8S_HEALTHZ;
            });
        }

        @Override
        public List<String> clusters() {
            return kind == Kind.TARGETS || kind == Kind.HTTP ? List.of() : List.of(where);
        }

        @Override
        public Duration estimate() {
            return DEFAULT_ESTIMATE;
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            switch (kind) {
                case TARGETS -> {
                    region("checkTargetHealth region", where, p);
                    require("checkTargetHealth target group ARN", what,
                            "\"arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/vibe/0123\"", p);
                }
                case HTTP -> {
                    try {
                        URI u = URI.create(what);
                        if (u.getScheme() == null || !u.getScheme().startsWith("http")) {
                            p.add("checkHttp uri '" + what + "' is not an http(s) URI; use e.g. https://api.vibe.dev/health");
                        }
                    } catch (IllegalArgumentException | NullPointerException e) {
                        p.add("checkHttp uri '" + what + "' is not a valid URI; use e.g. https://api.vibe.dev/health");
                    }
                    if (http.hostHeader() != null && !HttpCheck.isHostHeader(http.hostHeader())) {
                        p.add("checkHttp hostHeader '" + http.hostHeader() + "' is not a host name with an optional"
                                + " port; use e.g. api.vibe.dev");
                    }
                    if (http.expectStatus() != null && (http.expectStatus() < 100 || http.expectStatus() > 599)) {
                        p.add("checkHttp expectStatus must be an HTTP status (100-599) but was " + http.expectStatus());
                    }
                    if (http.expectBody() != null && http.expectBody().isEmpty()) {
                        p.add("checkHttp expectBody must not be empty; leave it out to accept any body");
                    }
                    Path pem = http.trustStore() == null ? null : http.trustStore().pemFile();
                    if (pem != null && !Files.isReadable(pem)) {
                        p.add("checkHttp trustStore '" + pem + "' is not a readable file; give the PEM file of the"
                                + " CA that signed the endpoint's certificate");
                    }
                    PlanChecks.positive("checkHttp callTimeout", http.callTimeout(), p);
                }
                case PODS, SERVICES -> {
                    require("cluster", where, "\"dr-cluster\"", p);
                    require("namespace", namespace, "\"vibe-production\"", p);
                }
                default -> require("cluster", where, "\"dr-cluster\"", p);
            }
            if (minimum < 0) {
                p.add("minimum must not be negative but was " + minimum);
            }
            PlanChecks.positive("pollEvery", pollEvery, p);
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            String ep = switch (kind) {
                case TARGETS -> Ops.aws("elasticloadbalancing", Region.of(where));
                case HTTP -> "http/" + URI.create(what).getHost();
                default -> Ops.k8s(where);
            };
            return ctx.await(description(), operations().get(0), ep, pollEvery, tolerant(() -> poll(ctx)))
                    .thenApply(summary -> Map.<String, Object>of("summary", summary));
        }

        /** Unreachable endpoints are "not healthy yet", not a reason to stop waiting. */
        private static Supplier<Poll<String>> tolerant(Supplier<Poll<String>> poll) {
            return () -> {
                try {
                    return poll.get();
                } catch (ProviderException e) {
                    if (e.isRetryable()) {
                        return Poll.pending("unreachable: " + e.getMessage());
                    }
                    throw e;
                }
            };
        }

        private Poll<String> poll(StepContext ctx) {
            switch (kind) {
                case TARGETS -> {
                    List<TargetHealth> t = ctx.providers().loadBalancers().describeTargetHealth(Region.of(where), what);
                    long healthy = t.stream().filter(TargetHealth::isHealthy).count();
                    String s = healthy + "/" + t.size() + " targets healthy";
                    return healthy >= minimum ? Poll.done(s) : Poll.pending(s);
                }
                case HTTP -> {
                    HttpResult r = ctx.providers().http().get(new HttpCheck(URI.create(what), http.callTimeout(),
                            http.followRedirects(), http.hostHeader(), http.trustStore()));
                    boolean statusOk = http.expectStatus() == null ? r.isSuccess() : r.status() == http.expectStatus();
                    String body = r.bodyStart() == null ? "" : r.bodyStart();
                    boolean bodyOk = http.expectBody() == null || body.contains(http.expectBody());
                    String s = "HTTP " + r.status() + (http.expectBody() == null ? ""
                            : bodyOk ? ", body contains \"" + http.expectBody() + "\""
                            : ", body lacks \"" + http.expectBody() + "\"");
                    return statusOk && bodyOk ? Poll.done(s)
                            : Poll.pending(s + " " + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
                }
                case PODS -> {
                    List<PodInfo> pods = cluster(ctx).pods(namespace, labels);
                    long ready = pods.stream().filter(PodInfo::ready).count();
                    String s = ready + "/" + pods.size() + " pods ready";
                    return ready >= minimum && ready == pods.size() ? Poll.done(s) : Poll.pending(s);
                }
                case SERVICES -> {
                    List<String> have = cluster(ctx).services(namespace).stream().map(ServiceInfo::name).toList();
                    List<String> missing = names.stream().filter(n -> !have.contains(n)).toList();
                    return missing.isEmpty() ? Poll.done("services " + names + " present")
                            : Poll.pending("missing services " + missing);
                }
                case NODES -> {
                    long ready = cluster(ctx).nodes().stream().filter(ClusterProvider.NodeInfo::ready).count();
                    String s = ready + " nodes Ready";
                    return ready >= minimum ? Poll.done(s) : Poll.pending(s);
                }
                default -> {
                    ClusterProvider.ApiHealth h = cluster(ctx).apiHealth();
                    String s = "live=" + h.live() + " ready=" + h.ready();
                    return h.live() && h.ready() ? Poll.done(s) : Poll.pending(s + " " + h.detail());
                }
            }
        }

        private ClusterProvider cluster(StepContext ctx) {
            return ctx.providers().cluster(where);
        }
    }
}
