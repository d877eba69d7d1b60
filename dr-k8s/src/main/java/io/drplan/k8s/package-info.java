/**
 * Kubernetes for drplan on the fabric8 client: {@link io.drplan.k8s.KubernetesClusters} makes a
 * {@link io.drplan.core.spi.ClusterProvider} per kubeconfig context (or over a host's client), and
 * {@link io.drplan.k8s.LeaseLock} keeps one execution of a plan at a time with a Lease.
 *
 * <pre>{@code
 * KubernetesCluster dr = KubernetesClusters.forContext("dr-cluster");
 * dr.updateSecretKey("vibe-production", "vibe-secrets", "DATABASE_URL", Secret.fromEnv("DR_DATABASE_URL"));
 * dr.rolloutRestart("vibe-production", "vibe-backend");
 * }</pre>
 *
 * <p>Errors are {@link io.drplan.core.spi.ProviderException}s with endpoint {@code k8s/<cluster>} and
 * operations such as {@code k8s:patch secrets}. Types under {@code io.drplan.k8s.internal} are not API.
 */
package io.drplan.k8s;
