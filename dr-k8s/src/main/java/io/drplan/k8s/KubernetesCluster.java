package io.drplan.k8s;

import io.drplan.core.spi.ClusterProvider;

/**
 * A {@link ClusterProvider} on one Kubernetes cluster through fabric8's client. Close it when done:
 * a cluster made by {@link KubernetesClusters#forContext} closes its client; one made by
 * {@link KubernetesClusters#fromClient} leaves the host's client open.
 *
 * <pre>{@code
 * try (KubernetesCluster dr = KubernetesClusters.forContext("dr-cluster")) {
 *     dr.rolloutRestart("vibe-production", "vibe-backend");
 * }
 * }</pre>
 */
public interface KubernetesCluster extends ClusterProvider, AutoCloseable {

    /** Releases the client if this cluster created it; never throws. */
    @Override
    void close();
}
