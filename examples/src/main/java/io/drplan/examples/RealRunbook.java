package io.drplan.examples;

import io.drplan.aws.AwsClients;
import io.drplan.aws.AwsProviders;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.http.JdkHttpProbe;
import io.drplan.core.integrity.JdbcIntegrityProbe;
import io.drplan.core.spi.HttpProbe;
import io.drplan.core.spi.InfrastructureProvider;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Providers;
import io.drplan.core.step.Step;
import io.drplan.k8s.KubernetesCluster;
import io.drplan.k8s.KubernetesClusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one way to put the real runbook's peers together: AWS (RDS, ElastiCache, EC2, ELBv2, Route 53,
 * S3, ECR and the IAM catalog), the primary and DR clusters by kubeconfig context (the runbook's
 * {@code kubectl --context dr-cluster}), Terraform (any {@link InfrastructureProvider}; dr-terraform's
 * {@code TerraformProvider} is the real one) and HTTP ({@link JdkHttpProbe} unless another probe is
 * given), and data integrity over JDBC ({@link JdbcIntegrityProbe}, the host's driver). What the plan needs and was not given is named by {@link #missingFor(DrPlan)} in this
 * builder's terms, and the engine's preflight refuses to start without it.
 *
 * <pre>{@code
 * try (RealRunbook runbook = RealRunbook.builder()
 *         .aws(AwsClients.create())                           // default credentials chain
 *         .primaryCluster("primary-cluster")                  // kubeconfig contexts; the plan's cluster names
 *         .drCluster("dr-cluster")
 *         .infrastructure(TerraformProvider.builder()...build())
 *         .build()) {
 *     DrPlan plan = VibePlans.regionFailover(Secret.fromEnv("DB_PASSWORD"));
 *     runbook.missingFor(plan).forEach(System.out::println);  // empty when everything is there
 *     DrEngine engine = runbook.engine(e -> e.journal(FileJournalStore.in(Path.of("/var/lib/drplan/journal"))));
 *     System.out.println(engine.preview(plan));
 * }
 * }</pre>
 *
 * It lives in examples, not in a library module, because it is the only code that depends on every
 * integration (dr-aws, dr-k8s, and the host's Terraform provider); a library module depending on all
 * of them would force every host to take all of them.
 *
 * <p>Closing it closes what it opened: the AWS clients it was given and the clusters it connected by
 * context.
 */
public final class RealRunbook implements AutoCloseable {
    private final AwsClients awsClients;
    private final List<KubernetesCluster> clusters;
    private final Providers providers;

    private RealRunbook(AwsClients awsClients, List<KubernetesCluster> clusters, Providers providers) {
        this.awsClients = awsClients;
        this.clusters = List.copyOf(clusters);
        this.providers = providers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The assembled providers, for {@code DrEngine.builder().providers(..)}. */
    public Providers providers() {
        return providers;
    }

    /** An engine over these providers; {@code settings} adds the journal, approver, lock, notifier. */
    public DrEngine engine(Consumer<DrEngine.Builder> settings) {
        DrEngine.Builder b = DrEngine.builder().providers(providers);
        settings.accept(b);
        return b.build();
    }

    /**
     * What {@code plan} needs and this runbook lacks, one line per step and need, saying which builder
     * method adds it; empty when nothing is missing. The engine refuses such a plan at preflight too.
     */
    public List<String> missingFor(DrPlan plan) {
        List<String> out = new ArrayList<>();
        for (Step s : plan.orderedSteps()) {
            for (Operation op : s.operations()) {
                String kind = Providers.kindFor(op.service());
                if (kind != null && !providers.has(kind)) {
                    out.add("step '" + s.id() + "' calls " + op + " but no " + kind + " provider was given; "
                            + HOW.getOrDefault(kind, "add it to the builder"));
                    break;
                }
            }
            for (String c : s.action().clusters()) {
                if (!providers.hasCluster(c)) {
                    out.add("step '" + s.id() + "' uses cluster '" + c + "', which was not given; add its kubeconfig"
                            + " context with RealRunbook.builder().drCluster(\"" + c + "\") (or .primaryCluster)");
                }
            }
        }
        return out.stream().distinct().toList();
    }

    private static final Map<String, String> HOW = Map.of(
            "infrastructure", "add Terraform with RealRunbook.builder().infrastructure(TerraformProvider...)",
            "http", "add one with RealRunbook.builder().http(JdkHttpProbe.create())",
            "databases", "add AWS with RealRunbook.builder().aws(AwsClients.create())",
            "caches", "add AWS with RealRunbook.builder().aws(AwsClients.create())",
            "objectStorage", "add AWS with RealRunbook.builder().aws(AwsClients.create())",
            "dns", "add AWS with RealRunbook.builder().aws(AwsClients.create())",
            "loadBalancers", "add AWS with RealRunbook.builder().aws(AwsClients.create())",
            "registries", "add AWS with RealRunbook.builder().aws(AwsClients.create())",
            "regionHealth", "add AWS with RealRunbook.builder().aws(AwsClients.create())");

    @Override
    public void close() {
        RuntimeException first = null;
        for (KubernetesCluster c : clusters) {
            try {
                c.close();
            } catch (Exception e) {
                first = first == null ? new IllegalStateException("closing cluster " + c.name() + " failed", e) : first;
            }
        }
        if (awsClients != null) {
            awsClients.close();
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "RealRunbook[aws=" + (awsClients != null) + ", clusters="
                + clusters.stream().map(KubernetesCluster::name).toList() + ", infrastructure="
                + providers.has("infrastructure") + ", http=" + providers.has("http") + "]";
    }

    /** Settings of a {@link RealRunbook}; {@link #build()} connects the clusters named by context. */
    public static final class Builder {
        private AwsClients awsClients;
        private final Map<String, String> contexts = new LinkedHashMap<>();
        private final List<KubernetesCluster> givenClusters = new ArrayList<>();
        private InfrastructureProvider infrastructure;
        private HttpProbe http;

        private Builder() { }

        /** AWS over these clients (closed with the runbook): every AWS provider and the IAM catalog. */
        public Builder aws(AwsClients clients) {
            this.awsClients = Objects.requireNonNull(clients, "aws clients");
            return this;
        }

        /** The primary region's cluster, by kubeconfig context; the plan names it by the same name. */
        public Builder primaryCluster(String context) {
            contexts.put("primaryCluster", requireText(context, "primaryCluster context"));
            return this;
        }

        /** The DR region's cluster, by kubeconfig context (the runbook's {@code dr-cluster}). */
        public Builder drCluster(String context) {
            contexts.put("drCluster", requireText(context, "drCluster context"));
            return this;
        }

        /** A cluster the host connected itself (e.g. {@code KubernetesClusters.fromClient(..)}); closed with the runbook. */
        public Builder cluster(KubernetesCluster cluster) {
            givenClusters.add(Objects.requireNonNull(cluster, "cluster"));
            return this;
        }

        /** Terraform: dr-terraform's {@code TerraformProvider}, or any other infrastructure-as-code provider. */
        public Builder infrastructure(InfrastructureProvider provider) {
            this.infrastructure = Objects.requireNonNull(provider, "infrastructure provider");
            return this;
        }

        /** The HTTP probe ({@link JdkHttpProbe#create()} when not given). */
        public Builder http(HttpProbe probe) {
            this.http = Objects.requireNonNull(probe, "http probe");
            return this;
        }

        /**
         * Connects the clusters named by context and assembles the providers.
         *
         * @throws IllegalArgumentException when the primary and DR contexts are the same one
         * @throws io.drplan.core.DrException when a kubeconfig context does not exist (naming the ones that do)
         */
        public RealRunbook build() {
            String primary = contexts.get("primaryCluster");
            if (primary != null && primary.equals(contexts.get("drCluster"))) {
                throw new IllegalArgumentException("primaryCluster and drCluster are both context '" + primary
                        + "'; the DR cluster must be another cluster, e.g. drCluster(\"dr-cluster\")");
            }
            List<KubernetesCluster> opened = new ArrayList<>();
            try {
                for (String context : contexts.values()) {
                    opened.add(KubernetesClusters.forContext(context));
                }
            } catch (RuntimeException e) {
                opened.forEach(KubernetesCluster::close);
                throw e;
            }
            opened.addAll(givenClusters);
            Providers.Builder b = Providers.builder();
            if (awsClients != null) {
                AwsProviders.create(awsClients).register(b);
            }
            opened.forEach(b::cluster);
            if (infrastructure != null) {
                b.infrastructure(infrastructure);
            }
            b.http(http != null ? http : JdkHttpProbe.create());
            b.integrity(JdbcIntegrityProbe.create());
            return new RealRunbook(awsClients, opened, b.build());
        }

        private static String requireText(String value, String field) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + " is missing; give a kubeconfig context such as dr-cluster");
            }
            return value;
        }
    }
}
