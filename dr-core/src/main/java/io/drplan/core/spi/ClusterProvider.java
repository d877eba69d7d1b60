package io.drplan.core.spi;

import io.drplan.core.Secret;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Kubernetes cluster (the runbook's {@code --context dr-cluster}): secrets, rollouts, pods,
 * services, nodes, API health and evidence. Every method is one API call that returns at once;
 * the engine polls {@link #rolloutStatus} to wait for a rollout.
 */
public interface ClusterProvider {

    /** The name plans use for this cluster, e.g. {@code dr-cluster}. */
    String name();

    /**
     * Sets one key of a Secret, keeping its other keys.
     *
     * @return the key's previous value (for compensation), or empty when the key was new
     */
    Optional<Secret> updateSecretKey(String namespace, String secretName, String key, Secret value);

    /** Removes one key of a Secret (compensation of a new key). */
    void removeSecretKey(String namespace, String secretName, String key);

    /** Restarts a Deployment's pods the way {@code kubectl rollout restart} does. */
    void rolloutRestart(String namespace, String deployment);

    /** Where a Deployment's rollout stands. */
    RolloutStatus rolloutStatus(String namespace, String deployment);

    /** The Deployment's revisions, oldest first. */
    List<Revision> rolloutHistory(String namespace, String deployment);

    /**
     * Rolls a Deployment back, like {@code kubectl rollout undo}.
     *
     * @param toRevision the revision to go back to, or 0 for the previous one
     */
    void rolloutUndo(String namespace, String deployment, long toRevision);

    /** Sets a Deployment's replica count; returns the previous count. */
    int scale(String namespace, String deployment, int replicas);

    /** Pods matching all {@code labels} (empty for all pods of the namespace). */
    List<PodInfo> pods(String namespace, Map<String, String> labels);

    /** Services of the namespace. */
    List<ServiceInfo> services(String namespace);

    /** The cluster's nodes. */
    List<NodeInfo> nodes();

    /** The API server's {@code /healthz} and {@code /readyz}. */
    ApiHealth apiHealth();

    /** The last {@code tailLines} lines of a container's log ({@code container} may be null for the only one). */
    String podLog(String namespace, String pod, String container, int tailLines);

    /** The namespace's events, oldest first. */
    List<EventInfo> events(String namespace);

    /** Convenience for evidence: writes pod logs and events of {@code namespace} under {@code folder}. */
    default List<Path> preserveEvidence(String namespace, Map<String, String> labels, int tailLines, Path folder) {
        throw new UnsupportedOperationException("preserveEvidence is not supported by " + getClass().getName());
    }

    /**
     * A rollout's progress, read from the Deployment's spec and status.
     *
     * @param failure why the rollout cannot finish (its progress deadline passed), or null while it can
     */
    record RolloutStatus(String deployment, long generation, long observedGeneration, int replicas,
                         int updatedReplicas, int readyReplicas, int availableReplicas, String failure) {
        /** A rollout that has not failed. */
        public RolloutStatus(String deployment, long generation, long observedGeneration, int replicas,
                             int updatedReplicas, int readyReplicas, int availableReplicas) {
            this(deployment, generation, observedGeneration, replicas, updatedReplicas, readyReplicas,
                    availableReplicas, null);
        }

        /** Complete when the controller saw the latest spec and every replica is updated, ready and available. */
        public boolean isComplete() {
            return observedGeneration >= generation && updatedReplicas == replicas
                    && readyReplicas == replicas && availableReplicas == replicas;
        }

        @Override
        public String toString() {
            return deployment + " " + updatedReplicas + "/" + replicas + " updated, " + readyReplicas + " ready, "
                    + availableReplicas + " available (generation " + observedGeneration + "/" + generation + ")";
        }
    }

    /** A revision of a Deployment, from its ReplicaSets' revision annotations. */
    record Revision(long number, String replicaSet, String changeCause) { }

    /** A pod: its phase and whether every container is ready. */
    record PodInfo(String name, String phase, boolean ready, int restarts, String nodeName) { }

    /** A service and its cluster IP. */
    record ServiceInfo(String name, String type, String clusterIp, List<Integer> ports) {
        public ServiceInfo {
            ports = List.copyOf(ports);
        }
    }

    /** A node and whether its {@code Ready} condition is true. */
    record NodeInfo(String name, boolean ready) { }

    /** The API server's health endpoints. */
    record ApiHealth(boolean live, boolean ready, String detail) { }

    /** A Kubernetes event. */
    record EventInfo(Instant time, String type, String reason, String object, String message) { }
}
