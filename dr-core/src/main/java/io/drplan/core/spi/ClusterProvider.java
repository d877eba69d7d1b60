package io.drplan.core.spi;

import io.drplan.core.Secret;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Kubernetes cluster (the runbook's {@code --context dr-cluster}): secrets, rollouts, pods,
 * services, nodes, API health and evidence. Every method is one API call that returns at once;
 * the engine polls {@link #rolloutStatus} to wait for a rollout.
 */
public interface ClusterProvider {
    /** Label (value {@code true}) on every Secret drplan creates: {@code kubectl get secrets -l drplan.io/managed=true}. */
    String MANAGED_LABEL = "drplan.io/managed";
    /** Annotation on a Secret drplan created: the id of the execution that created it. */
    String EXECUTION_ANNOTATION = "drplan.io/execution";
    /** Annotation on a Secret drplan created: the id of the step that created it. */
    String STEP_ANNOTATION = "drplan.io/step";
    /** Annotation on a Secret drplan created: when it was created (ISO-8601). */
    String CREATED_AT_ANNOTATION = "drplan.io/created-at";

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

    /**
     * Reads some keys of a Secret in one call (a step copies the values it is about to change).
     *
     * @return the value of each of {@code keys} the Secret holds; a key it does not hold is not in the map
     * @throws ProviderException {@code NOT_FOUND} when the Secret does not exist
     */
    Map<String, Secret> readSecretKeys(String namespace, String secretName, Collection<String> keys);

    /**
     * Creates a Secret (type {@code Opaque}) with {@code data}, {@code labels} and {@code annotations}.
     * Values travel base64-encoded, as Kubernetes stores them, and are never logged.
     *
     * @throws ProviderException {@code CONFLICT} when a Secret of that name exists (it is left as it is)
     */
    void createSecret(String namespace, String secretName, Map<String, Secret> data, Map<String, String> labels,
                      Map<String, String> annotations);

    /** A Secret's labels, annotations and key names (never its values), or empty when it does not exist. */
    Optional<SecretInfo> secretInfo(String namespace, String secretName);

    /**
     * Deletes a Secret that drplan created: only when its {@link #EXECUTION_ANNOTATION} is
     * {@code executionId} and its {@link #STEP_ANNOTATION} is {@code stepId}. A Secret without those
     * marks (made by hand, by another tool or another execution) is left as it is.
     *
     * @return false when there was no Secret of that name
     * @throws ProviderException {@code CONFLICT} when the Secret does not carry those marks (nothing is deleted)
     */
    boolean deleteOwnedSecret(String namespace, String secretName, String executionId, String stepId);

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

    /**
     * What a Secret is, without its values: its labels, annotations and the names of its keys.
     */
    record SecretInfo(String namespace, String name, Map<String, String> labels, Map<String, String> annotations,
                      Set<String> keys) {
        public SecretInfo {
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
            keys = Set.copyOf(keys);
        }

        /** Whether the Secret carries the marks of step {@code stepId} of execution {@code executionId}. */
        public boolean createdBy(String executionId, String stepId) {
            return executionId != null && executionId.equals(annotations.get(EXECUTION_ANNOTATION))
                    && stepId != null && stepId.equals(annotations.get(STEP_ANNOTATION));
        }

        @Override
        public String toString() {
            return "Secret " + namespace + "/" + name + " keys=" + new java.util.TreeSet<>(keys) + " annotations="
                    + new java.util.TreeMap<>(annotations);
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
