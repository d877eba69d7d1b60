package io.drplan.core.step;

import static io.drplan.core.step.Ops.ELB_TARGET_HEALTH;
import static io.drplan.core.step.Ops.HTTP_GET;
import static io.drplan.core.step.Ops.K8S_HEALTHZ;
import static io.drplan.core.step.Ops.K8S_LIST_NODES;
import static io.drplan.core.step.Ops.K8S_LIST_PODS;
import static io.drplan.core.step.Ops.K8S_LIST_SERVICES;

import io.drplan.core.Region;
import io.drplan.core.internal.PlanChecks;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.spi.ClusterProvider.PodInfo;
import io.drplan.core.spi.ClusterProvider.ServiceInfo;
import io.drplan.core.spi.HttpProbe.HttpResult;
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

    enum Kind { TARGETS, HTTP, PODS, SERVICES, NODES, API }

    private final Kind kind;
    private final String where;
    private final String what;
    private String namespace;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();
    private int minimum = 1;
    private int expectStatus = 200;
    private Duration pollEvery = Duration.ofSeconds(10);

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

    /** For HTTP: the status that means healthy (200 by default). */
    public HealthCheckStep expectStatus(int status) {
        this.expectStatus = status;
        return this;
    }

    /** First interval between polls (10 s by default; later ones grow). */
    public HealthCheckStep pollEvery(Duration interval) {
        this.pollEvery = interval;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(kind, where, what, namespace, Map.copyOf(labels), List.copyOf(names), minimum, expectStatus,
                pollEvery);
    }

    private record Action(Kind kind, String where, String what, String namespace, Map<String, String> labels,
                          List<String> names, int minimum, int expectStatus, Duration pollEvery) implements StepAction {
        @Override
        public String description() {
            return switch (kind) {
                case TARGETS -> "Wait for " + minimum + "+ healthy targets in " + what + " (" + where + ")";
                case HTTP -> "Wait for GET " + what + " to answer " + expectStatus;
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
                case TARGETS -> ELB_TARGET_HEALTH;
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
                    HttpResult r = ctx.providers().http().get(URI.create(what), Duration.ofSeconds(10));
                    String s = "HTTP " + r.status();
                    return r.status() == expectStatus ? Poll.done(s) : Poll.pending(s + " " + r.bodyStart());
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
