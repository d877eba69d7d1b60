package io.drplan.k8s;

import io.drplan.core.DrException;
import io.drplan.k8s.internal.FabricClusterProvider;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Makes {@link KubernetesCluster}s: one per kubeconfig context (the runbook's {@code --context
 * dr-cluster}), or one over a fabric8 client the host application already has.
 *
 * <pre>{@code
 * KubernetesCluster dr = KubernetesClusters.forContext("dr-cluster");
 * Providers providers = Providers.builder()
 *     .cluster(dr)
 *     .build();
 *
 * // or with the host's own client (its lifecycle stays with the host)
 * KubernetesCluster primary = KubernetesClusters.fromClient("primary", hostClient);
 * }</pre>
 *
 * <p>Clusters made here turn fabric8's own request retries off ({@code requestRetryBackoffLimit=0}):
 * the engine retries throttling and server errors with its own backoff, and stacking the client's
 * retries under it would multiply the attempts and hide a dead cluster for seconds. A cluster over a
 * host's client keeps whatever that client was configured with.
 */
public final class KubernetesClusters {

    private KubernetesClusters() { }

    /**
     * A cluster named after {@code context}, configured from the kubeconfig context of that name
     * (fabric8's {@link Config#autoConfigure(String)}: {@code $KUBECONFIG}, {@code ~/.kube/config}, or the
     * {@code kubeconfig} system property).
     *
     * @throws DrException when no kubeconfig context has that name
     */
    public static KubernetesCluster forContext(String context) {
        return forContext(context, b -> { });
    }

    /**
     * Like {@link #forContext(String)}, with {@code config} customizing the client before it is built
     * (timeouts, for instance: {@code b -> b.withConnectionTimeout(2_000).withRequestTimeout(5_000)}).
     */
    public static KubernetesCluster forContext(String context, Consumer<ConfigBuilder> config) {
        requireText(context, "context");
        Objects.requireNonNull(config, "config");
        Config base = Config.autoConfigure(context);
        List<String> contexts = base.getContexts() == null ? List.of()
                : base.getContexts().stream().map(NamedContext::getName).sorted().toList();
        if (!contexts.contains(context)) {
            throw new DrException("no kubeconfig context named '" + context + "'; the kubeconfig has "
                    + contexts + "; add it (kubectl config set-context) or point KUBECONFIG at the right file");
        }
        ConfigBuilder builder = new ConfigBuilder(base).withRequestRetryBackoffLimit(0);
        config.accept(builder);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(builder.build()).build();
        return new FabricClusterProvider(context, client, true, Clock.systemUTC());
    }

    /** A cluster named {@code name} over the host's {@code client}; closing the cluster leaves the client open. */
    public static KubernetesCluster fromClient(String name, KubernetesClient client) {
        return fromClient(name, client, Clock.systemUTC());
    }

    /**
     * Like {@link #fromClient(String, KubernetesClient)}, with the clock that stamps
     * {@code kubectl.kubernetes.io/restartedAt} on rollout restarts (tests pass a fixed one).
     */
    public static KubernetesCluster fromClient(String name, KubernetesClient client, Clock clock) {
        requireText(name, "name");
        return new FabricClusterProvider(name, Objects.requireNonNull(client, "client"), false,
                Objects.requireNonNull(clock, "clock"));
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank but was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
    }
}
