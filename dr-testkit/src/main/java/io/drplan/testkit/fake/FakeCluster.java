package io.drplan.testkit.fake;

import io.drplan.core.DrException;
import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.spi.ProviderException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A fake Kubernetes cluster running in one region (it is unreachable while the region is down):
 * namespaces with secrets, deployments with rollouts and revision history, the pods they own,
 * services, nodes, logs and events.
 *
 * <p>Rollouts progress on the scheduler: a restart or undo bumps the Deployment's generation at
 * once (observedGeneration follows after {@link io.drplan.testkit.FakeCloud.Timings#rolloutObservedLag()}),
 * creates a new ReplicaSet revision and then replaces one pod every {@code rolloutRestart / replicas}:
 * the old pod goes, a new pod named {@code <deployment>-<hash>-<5 chars>} starts not ready and is
 * ready one step later. Pods of a deployment with {@link DeploymentSpec#envFromSecret(String)} read
 * that secret when they start, as {@code envFrom} does: updating a secret changes nothing until a
 * restart.
 *
 * <pre>{@code
 * FakeCluster dr = cloud.addCluster("dr-cluster", Region.of("us-west-2"));
 * dr.addNode("node-1").addSecret("shop", "db", Map.of("URL", "postgresql://..."));
 * dr.addDeployment("shop", "api", d -> d.replicas(3).label("app", "api").envFromSecret("db").revisions(2));
 * }</pre>
 */
public final class FakeCluster implements ClusterProvider {
    private static final String POD_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int REVISION_HISTORY_LIMIT = 10;
    /** How long pods stay on a NotReady node before they are evicted (Kubernetes' default toleration). */
    public static final Duration POD_EVICTION_TIMEOUT = Duration.ofMinutes(5);

    private final Simulation sim;
    private final String name;
    private final Region region;
    private final String endpoint;
    private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
    private final Map<String, Boolean> nodes = new LinkedHashMap<>();
    private long podsScheduled;
    private boolean apiReady = true;

    FakeCluster(Simulation sim, String name, Region region) {
        this.sim = sim;
        this.name = name;
        this.region = region;
        this.endpoint = "k8s/" + name;
    }

    @Override
    public String name() {
        return name;
    }

    /** The region the cluster runs in. */
    public Region region() {
        return region;
    }

    // ---------------------------------------------------------------- seeding

    /** Adds a namespace (seeding methods add theirs as needed). */
    public FakeCluster addNamespace(String namespace) {
        ns(namespace);
        return this;
    }

    /** Adds or replaces a Secret; values are kept as strings and never printed. */
    public FakeCluster addSecret(String namespace, String secretName, Map<String, String> data) {
        return addSecret(namespace, secretName, data, Map.of(), Map.of());
    }

    /** Adds or replaces a Secret with labels and annotations (one made by hand or by another tool, say). */
    public FakeCluster addSecret(String namespace, String secretName, Map<String, String> data,
                                 Map<String, String> labels, Map<String, String> annotations) {
        ns(namespace).secrets.put(secretName, new LinkedHashMap<>(data));
        ns(namespace).secretMeta.put(secretName, new SecretMeta(Map.copyOf(labels), Map.copyOf(annotations)));
        return this;
    }

    /** Adds a Deployment of {@code replicas} ready pods, labelled {@code app=<name>}, with one revision. */
    public FakeCluster addDeployment(String namespace, String deployment, int replicas) {
        return addDeployment(namespace, deployment, d -> d.replicas(replicas));
    }

    /** Adds a Deployment whose rollout is complete, with its ready pods and revision history. */
    public FakeCluster addDeployment(String namespace, String deployment, Consumer<DeploymentSpec> spec) {
        DeploymentSpec s = new DeploymentSpec(deployment);
        spec.accept(s);
        Namespace n = ns(namespace);
        if (n.deployments.containsKey(deployment)) {
            throw new IllegalArgumentException("deployment '" + namespace + "/" + deployment + "' already exists in "
                    + name);
        }
        Deployment d = new Deployment(namespace, deployment, s.replicas, new LinkedHashMap<>(s.labels), s.envFromSecret);
        for (int r = 1; r <= s.revisions; r++) {
            d.revisions.add(new Revision(r, deployment + "-" + sim.randomString(10, POD_ALPHABET),
                    r == 1 ? null : "kubectl apply (revision " + r + ")"));
        }
        d.current = d.revisions.get(d.revisions.size() - 1).replicaSet();
        d.step = sim.timings().rolloutRestart().dividedBy(Math.max(1, s.replicas));
        d.generation = s.revisions;
        d.observedGeneration = s.revisions;
        n.deployments.put(deployment, d);
        for (int i = 0; i < s.replicas; i++) {
            Pod p = newPod(n, d);
            p.ready = true;
            p.phase = "Running";
        }
        return this;
    }

    /** Adds a Service. */
    public FakeCluster addService(String namespace, String service, String type, String clusterIp, int... ports) {
        ns(namespace).services.put(service, new ServiceInfo(service, type, clusterIp,
                java.util.Arrays.stream(ports).boxed().toList()));
        return this;
    }

    /** Adds a Ready node. */
    public FakeCluster addNode(String node) {
        return addNode(node, true);
    }

    /** Adds a node, or changes whether an existing one is Ready (see {@link #setNodeReady}). */
    public FakeCluster addNode(String node, boolean ready) {
        if (nodes.containsKey(node)) {
            return setNodeReady(node, ready);
        }
        nodes.put(Objects.requireNonNull(node, "node"), ready);
        return this;
    }

    // ---------------------------------------------------------------- failures (the runbook's minor incidents)

    /**
     * A node failure or recovery. Pods on a node that goes NotReady stop being ready at once and are
     * evicted after {@link #POD_EVICTION_TIMEOUT} unless it comes back; their Deployments replace them
     * on Ready nodes.
     */
    public FakeCluster setNodeReady(String node, boolean ready) {
        if (!nodes.containsKey(node)) {
            throw new IllegalArgumentException("no node '" + node + "' in " + name + "; nodes are " + nodes.keySet());
        }
        nodes.put(node, ready);
        if (ready) {
            deploymentsWithPodsOn(node).forEach(this::reconcile);
            return this;
        }
        for (Deployment d : deploymentsWithPodsOn(node)) {
            for (Pod p : d.pods) {
                if (node.equals(p.node)) {
                    p.ready = false;
                    p.phase = "Unknown";
                }
            }
        }
        event("default", "Normal", "NodeNotReady", "node/" + node, "Node " + node + " status is now: NodeNotReady");
        sim.after(POD_EVICTION_TIMEOUT, () -> {
            if (Boolean.FALSE.equals(nodes.get(node))) {
                for (Deployment d : deploymentsWithPodsOn(node)) {
                    for (Pod p : List.copyOf(d.pods)) {
                        if (node.equals(p.node)) {
                            kill(d, p);
                        }
                    }
                    reconcile(d);
                }
            }
        });
        return this;
    }

    /** Makes the API server's {@code /readyz} fail (etcd trouble) or pass again; {@code /healthz} stays live. */
    public FakeCluster setApiReady(boolean ready) {
        this.apiReady = ready;
        return this;
    }

    /** A pod deleted (or OOM-killed and gone): its Deployment starts a replacement at once. */
    public FakeCluster killPod(String namespace, String pod) {
        Pod p = requirePod(namespace, pod);
        kill(p.deployment, p);
        reconcile(p.deployment);
        return this;
    }

    /** A container crash: the pod restarts in place (restarts + 1) and is not ready for one start-up. */
    public FakeCluster crashPod(String namespace, String pod) {
        Pod p = requirePod(namespace, pod);
        p.ready = false;
        p.restarts++;
        p.readyAt = sim.now().plus(p.deployment.step);
        event(namespace, "Warning", "BackOff", "pod/" + pod, "Back-off restarting failed container " + p.deployment.name);
        reconcile(p.deployment);
        return this;
    }

    // ---------------------------------------------------------------- inspection (no call recorded)

    /** The rollout status now, without recording a call. */
    public Optional<RolloutStatus> rollout(String namespace, String deployment) {
        return Optional.ofNullable(deploymentOrNull(namespace, deployment)).map(Deployment::status);
    }

    /** A secret key's value now, without recording a call (empty when the secret or key is missing). */
    public Optional<Secret> secretValue(String namespace, String secretName, String key) {
        Namespace n = namespaces.get(namespace);
        Map<String, String> data = n == null ? null : n.secrets.get(secretName);
        return data == null || !data.containsKey(key) ? Optional.empty()
                : Optional.of(Secret.named(secretName + "/" + key, data.get(key)));
    }

    // ---------------------------------------------------------------- SPI: secrets

    /** Reads one key of a Secret ({@code k8s:get secrets}); empty when the key is missing. */
    public Optional<Secret> readSecretKey(String namespace, String secretName, String key) {
        String op = "k8s:get secrets";
        return sim.call(op, endpoint, region, () -> {
            requireSecret(op, namespace, secretName);
            return secretValue(namespace, secretName, key);
        });
    }

    @Override
    public Optional<Secret> updateSecretKey(String namespace, String secretName, String key, Secret value) {
        String op = "k8s:patch secrets";
        return sim.call(op, endpoint, region, () -> {
            Map<String, String> data = requireSecret(op, namespace, secretName);
            String previous = data.put(Objects.requireNonNull(key, "key"), value.reveal());
            return Optional.ofNullable(previous).map(v -> Secret.named(secretName + "/" + key, v));
        });
    }

    @Override
    public void removeSecretKey(String namespace, String secretName, String key) {
        String op = "k8s:patch secrets";
        sim.run(op, endpoint, region, () -> requireSecret(op, namespace, secretName).remove(key));
    }

    @Override
    public Map<String, Secret> readSecretKeys(String namespace, String secretName, java.util.Collection<String> keys) {
        String op = "k8s:get secrets";
        return sim.call(op, endpoint, region, () -> {
            Map<String, String> data = requireSecret(op, namespace, secretName);
            Map<String, Secret> out = new LinkedHashMap<>();
            for (String k : keys) {
                if (data.containsKey(k)) {
                    out.put(k, Secret.named(secretName + "/" + k, data.get(k)));
                }
            }
            return out;
        });
    }

    @Override
    public void createSecret(String namespace, String secretName, Map<String, Secret> data, Map<String, String> labels,
                             Map<String, String> annotations) {
        String op = "k8s:create secrets";
        sim.run(op, endpoint, region, () -> {
            // as the API server: a namespace is not made by creating something in it
            Namespace n = namespaces.get(namespace);
            if (n == null) {
                throw Simulation.error(Reason.NOT_FOUND, op, endpoint, "namespaces \"" + namespace + "\" not found in"
                        + " cluster " + name);
            }
            if (n.secrets.containsKey(secretName)) {
                throw Simulation.error(Reason.CONFLICT, op, endpoint, "secrets \"" + secretName + "\" already exists in"
                        + " namespace " + namespace + " of cluster " + name);
            }
            Map<String, String> values = new LinkedHashMap<>();
            data.forEach((k, v) -> values.put(k, v.reveal()));
            n.secrets.put(secretName, values);
            n.secretMeta.put(secretName, new SecretMeta(Map.copyOf(labels), Map.copyOf(annotations)));
        });
    }

    @Override
    public Optional<SecretInfo> secretInfo(String namespace, String secretName) {
        return sim.call("k8s:get secrets", endpoint, region, () -> info(namespace, secretName));
    }

    @Override
    public boolean deleteOwnedSecret(String namespace, String secretName, String executionId, String stepId) {
        String op = "k8s:delete secrets";
        return sim.call(op, endpoint, region, () -> {
            Optional<SecretInfo> info = info(namespace, secretName);
            if (info.isEmpty()) {
                return false;
            }
            if (!info.get().createdBy(executionId, stepId)) {
                throw Simulation.error(Reason.CONFLICT, op, endpoint, "secret '" + namespace + "/" + secretName
                        + "' was not deleted: it does not carry the marks of step " + stepId + " of execution "
                        + executionId + " (annotations " + new java.util.TreeMap<>(info.get().annotations())
                        + "); drplan deletes only what its execution created");
            }
            namespaces.get(namespace).secrets.remove(secretName);
            namespaces.get(namespace).secretMeta.remove(secretName);
            return true;
        });
    }

    private Optional<SecretInfo> info(String namespace, String secretName) {
        Namespace n = namespaces.get(namespace);
        if (n == null || !n.secrets.containsKey(secretName)) {
            return Optional.empty();
        }
        SecretMeta m = n.secretMeta.getOrDefault(secretName, new SecretMeta(Map.of(), Map.of()));
        return Optional.of(new SecretInfo(namespace, secretName, m.labels(), m.annotations(),
                n.secrets.get(secretName).keySet()));
    }

    /** A Secret's labels and annotations, without recording a call (empty when it does not exist). */
    public Optional<SecretInfo> secretMetadata(String namespace, String secretName) {
        return info(namespace, secretName);
    }

    // ---------------------------------------------------------------- SPI: deployments

    @Override
    public void rolloutRestart(String namespace, String deployment) {
        String op = "k8s:patch deployments";
        sim.run(op, endpoint, region, () -> {
            Deployment d = requireDeployment(op, namespace, deployment);
            long number = d.revisions.get(d.revisions.size() - 1).number() + 1;
            Revision r = new Revision(number, deployment + "-" + sim.randomString(10, POD_ALPHABET),
                    "kubectl rollout restart");
            d.revisions.add(r);
            while (d.revisions.size() > REVISION_HISTORY_LIMIT) {
                d.revisions.remove(0);
            }
            d.current = r.replicaSet();
            event(namespace, "Normal", "ScalingReplicaSet", "deployment/" + deployment,
                    "Scaled up replica set " + r.replicaSet() + " (rollout restart, revision " + number + ")");
            startRollout(d, sim.timings().rolloutRestart());
        });
    }

    @Override
    public RolloutStatus rolloutStatus(String namespace, String deployment) {
        String op = "k8s:get deployments";
        return sim.call(op, endpoint, region, () -> requireDeployment(op, namespace, deployment).status());
    }

    @Override
    public List<Revision> rolloutHistory(String namespace, String deployment) {
        String op = "k8s:list replicasets";
        return sim.call(op, endpoint, region, () -> List.copyOf(requireDeployment(op, namespace, deployment).revisions));
    }

    @Override
    public void rolloutUndo(String namespace, String deployment, long toRevision) {
        String op = "k8s:patch deployments";
        sim.run(op, endpoint, region, () -> {
            Deployment d = requireDeployment(op, namespace, deployment);
            Revision current = d.revisions.get(d.revisions.size() - 1);
            Revision target;
            if (toRevision == 0) {
                if (d.revisions.size() < 2) {
                    throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "deployment '" + namespace + "/"
                            + deployment + "' has no previous revision to roll back to (history: "
                            + numbers(d) + ")");
                }
                target = d.revisions.get(d.revisions.size() - 2);
            } else {
                target = d.revisions.stream().filter(r -> r.number() == toRevision).findFirst()
                        .orElseThrow(() -> Simulation.error(Reason.NOT_FOUND, op, endpoint, "deployment '" + namespace
                                + "/" + deployment + "' has no revision " + toRevision + "; its revisions are "
                                + numbers(d)));
            }
            if (target == current) {
                return;   // kubectl: "skipped rollback (current template already matches revision)"
            }
            d.revisions.remove(target);
            Revision moved = new Revision(current.number() + 1, target.replicaSet(), target.changeCause());
            d.revisions.add(moved);
            d.current = moved.replicaSet();
            event(namespace, "Normal", "DeploymentRollback", "deployment/" + deployment,
                    "Rolled back deployment \"" + deployment + "\" to revision " + target.number());
            startRollout(d, sim.timings().rolloutUndo());
        });
    }

    @Override
    public int scale(String namespace, String deployment, int replicas) {
        String op = "k8s:patch deployments";
        return sim.call(op, endpoint, region, () -> {
            Deployment d = requireDeployment(op, namespace, deployment);
            if (replicas < 0) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "replicas must not be negative but was "
                        + replicas);
            }
            int previous = d.replicas;
            d.replicas = replicas;
            event(namespace, "Normal", "ScalingReplicaSet", "deployment/" + deployment,
                    "Scaled " + (replicas >= previous ? "up" : "down") + " replica set " + d.current + " to " + replicas);
            startRollout(d, sim.timings().rolloutRestart());
            return previous;
        });
    }

    // ---------------------------------------------------------------- SPI: reads

    @Override
    public List<PodInfo> pods(String namespace, Map<String, String> labels) {
        return sim.call("k8s:list pods", endpoint, region, () -> matchingPods(namespace, labels).stream()
                .map(Pod::view).toList());
    }

    @Override
    public List<ServiceInfo> services(String namespace) {
        return sim.call("k8s:list services", endpoint, region, () -> {
            Namespace n = namespaces.get(namespace);
            return n == null ? List.<ServiceInfo>of() : List.copyOf(n.services.values());
        });
    }

    @Override
    public List<NodeInfo> nodes() {
        return sim.call("k8s:list nodes", endpoint, region, () -> nodes.entrySet().stream()
                .map(e -> new NodeInfo(e.getKey(), e.getValue())).toList());
    }

    @Override
    public ApiHealth apiHealth() {
        return sim.call("k8s:get /healthz", endpoint, region, () -> apiReady ? new ApiHealth(true, true, "ok")
                : new ApiHealth(true, false, "[-]etcd failed: reason withheld; readyz check failed"));
    }

    @Override
    public String podLog(String namespace, String pod, String container, int tailLines) {
        String op = "k8s:get pods/log";
        return sim.call(op, endpoint, region, () -> {
            Pod p = matchingPods(namespace, Map.of()).stream().filter(x -> x.name.equals(pod)).findFirst()
                    .orElseThrow(() -> Simulation.error(Reason.NOT_FOUND, op, endpoint, "pod '" + namespace + "/" + pod
                            + "' not found in " + name + "; list the pods for current names (a restart renames them)"));
            if (container != null && !container.equals(p.deployment.name)) {
                throw Simulation.error(Reason.NOT_FOUND, op, endpoint, "container '" + container + "' not found in pod '"
                        + pod + "'; its only container is '" + p.deployment.name + "'");
            }
            return log(p, tailLines);
        });
    }

    @Override
    public List<EventInfo> events(String namespace) {
        return sim.call("k8s:list events", endpoint, region, () -> {
            Namespace n = namespaces.get(namespace);
            return n == null ? List.<EventInfo>of() : List.copyOf(n.events);
        });
    }

    @Override
    public List<Path> preserveEvidence(String namespace, Map<String, String> labels, int tailLines, Path folder) {
        List<PodInfo> pods = pods(namespace, labels);
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            for (PodInfo p : pods) {
                Path file = folder.resolve(p.name() + ".log");
                Files.writeString(file, podLog(namespace, p.name(), null, tailLines), StandardCharsets.UTF_8);
                written.add(file);
            }
            StringBuilder sb = new StringBuilder();
            for (EventInfo e : events(namespace)) {
                sb.append(e.time()).append(' ').append(e.type()).append(' ').append(e.reason()).append(' ')
                        .append(e.object()).append(' ').append(e.message()).append('\n');
            }
            Path file = folder.resolve("events.txt");
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
            written.add(file);
        } catch (IOException e) {
            throw new DrException("could not write evidence of " + name + "/" + namespace + " under " + folder
                    + ": " + e.getMessage() + "; check that the folder is writable", e);
        }
        return List.copyOf(written);
    }

    // ---------------------------------------------------------------- package-private, for other fakes

    boolean rolloutComplete(String namespace, String deployment) {
        Deployment d = deploymentOrNull(namespace, deployment);
        return d != null && d.status().isComplete();
    }

    /** The value of {@code key} in the environment of each ready pod of the deployment. */
    public List<String> readyPodEnvironment(String namespace, String deployment, String key) {
        Deployment d = deploymentOrNull(namespace, deployment);
        if (d == null) {
            return List.of();
        }
        return d.pods.stream().filter(p -> p.ready).map(p -> p.env.getOrDefault(key, "")).toList();
    }

    // ---------------------------------------------------------------- rollouts

    private void startRollout(Deployment d, Duration total) {
        d.epoch++;
        d.generation++;
        long generation = d.generation;
        sim.after(sim.timings().rolloutObservedLag(), () -> d.observedGeneration = Math.max(d.observedGeneration, generation));
        d.step = total.dividedBy(Math.max(1, d.replicas));
        step(d, d.epoch);
    }

    /**
     * One pass of the Deployment controller: pods whose start-up is over (on a Ready node) become
     * ready; surplus pods go; then, if no new pod is still starting, one old pod is replaced by a new
     * one (or all missing pods are created when no old pod is left). It wakes up again when the next
     * pod is due to be ready.
     */
    private void step(Deployment d, long epoch) {
        if (d.epoch != epoch) {
            return;
        }
        Instant now = sim.now();
        Namespace n = namespaces.get(d.namespace);
        for (Pod p : d.pods) {
            if (!p.ready && !p.readyAt.isAfter(now) && nodeReady(p.node)) {
                p.ready = true;
                p.phase = "Running";
                event(d.namespace, "Normal", "Started", "pod/" + p.name, "Started container " + d.name);
            }
        }
        List<Pod> current = d.pods.stream().filter(p -> p.replicaSet.equals(d.current)).toList();
        List<Pod> old = d.pods.stream().filter(p -> !p.replicaSet.equals(d.current)).toList();
        if (current.size() > d.replicas) {
            for (Pod p : current.subList(d.replicas, current.size())) {
                kill(d, p);
            }
            current = current.subList(0, d.replicas);
        }
        boolean starting = current.stream().anyMatch(p -> !p.ready);
        if (current.size() < d.replicas) {
            if (old.isEmpty()) {
                for (int i = current.size(); i < d.replicas; i++) {
                    newPod(n, d);
                }
            } else if (!starting) {
                kill(d, old.get(0));
                newPod(n, d);
            }
        } else if (!starting) {
            for (Pod p : old) {
                kill(d, p);
            }
        }
        d.pods.stream().filter(p -> !p.ready && nodeReady(p.node)).map(p -> p.readyAt).min(Instant::compareTo)
                .ifPresent(at -> sim.after(Duration.between(now, at), () -> step(d, epoch)));
    }

    /** Lets the controller react to a change that is not a new spec (a pod gone, a node back). */
    private void reconcile(Deployment d) {
        d.epoch++;
        step(d, d.epoch);
    }

    private boolean nodeReady(String node) {
        return node == null || nodes.getOrDefault(node, true);
    }

    private void kill(Deployment d, Pod p) {
        d.pods.remove(p);
        event(d.namespace, "Normal", "Killing", "pod/" + p.name, "Stopping container " + d.name);
    }

    private Pod newPod(Namespace n, Deployment d) {
        String podName = d.current + "-" + sim.randomString(5, POD_ALPHABET);
        Map<String, String> env = new LinkedHashMap<>();
        if (d.envFromSecret != null && n.secrets.containsKey(d.envFromSecret)) {
            env.putAll(n.secrets.get(d.envFromSecret));
        }
        List<String> ready = nodes.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        String node = ready.isEmpty() ? null : ready.get((int) (podsScheduled++ % ready.size()));
        Pod p = new Pod(podName, d, d.current, node, sim.now(), env);
        p.readyAt = sim.now().plus(d.step);
        d.pods.add(p);
        event(d.namespace, "Normal", "Scheduled", "pod/" + podName, "Successfully assigned " + d.namespace + "/"
                + podName + " to " + node);
        return p;
    }

    // ---------------------------------------------------------------- internals

    private List<Deployment> deploymentsWithPodsOn(String node) {
        List<Deployment> out = new ArrayList<>();
        for (Namespace n : namespaces.values()) {
            for (Deployment d : n.deployments.values()) {
                if (d.pods.stream().anyMatch(p -> node.equals(p.node))) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    private Pod requirePod(String namespace, String pod) {
        return matchingPods(namespace, Map.of()).stream().filter(p -> p.name.equals(pod)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pod '" + namespace + "/" + pod + "' in " + name
                        + "; list the pods for current names"));
    }

    private List<Pod> matchingPods(String namespace, Map<String, String> labels) {
        Namespace n = namespaces.get(namespace);
        if (n == null) {
            return List.of();
        }
        List<Pod> out = new ArrayList<>();
        for (Deployment d : n.deployments.values()) {
            for (Pod p : d.pods) {
                if (p.labels().entrySet().containsAll(labels.entrySet())) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private String log(Pod p, int tailLines) {
        // Three start-up lines, then a health check every 10 s while ready; only the tail is built.
        List<String> head = List.of(
                p.createdAt + " INFO  Starting " + p.deployment.name + " (" + p.replicaSet + ")",
                p.createdAt.plusSeconds(1) + " INFO  Connected to database",
                p.createdAt.plusSeconds(2) + " INFO  Listening on port 8080");
        Instant firstHealth = p.createdAt.plusSeconds(10);
        long healthLines = sim.now().isBefore(firstHealth) ? 0
                : Duration.between(firstHealth, sim.now()).toSeconds() / 10 + 1;
        long total = head.size() + healthLines;
        long from = tailLines < 0 ? 0 : Math.max(0, total - tailLines);
        StringBuilder sb = new StringBuilder();
        for (long i = from; i < total; i++) {
            sb.append(i < head.size() ? head.get((int) i)
                    : firstHealth.plusSeconds(10 * (i - head.size())) + " INFO  GET /health 200").append('\n');
        }
        return sb.toString();
    }

    private void event(String namespace, String type, String reason, String object, String message) {
        ns(namespace).events.add(new EventInfo(sim.now(), type, reason, object, message));
    }

    private static List<Long> numbers(Deployment d) {
        return d.revisions.stream().map(Revision::number).toList();
    }

    private Namespace ns(String namespace) {
        return namespaces.computeIfAbsent(Objects.requireNonNull(namespace, "namespace"), k -> new Namespace());
    }

    private Deployment deploymentOrNull(String namespace, String deployment) {
        Namespace n = namespaces.get(namespace);
        return n == null ? null : n.deployments.get(deployment);
    }

    private Deployment requireDeployment(String op, String namespace, String deployment) {
        Deployment d = deploymentOrNull(namespace, deployment);
        if (d == null) {
            throw Simulation.error(Reason.NOT_FOUND, op, endpoint, "deployment '" + namespace + "/" + deployment
                    + "' not found in cluster " + name + "; check the namespace and the name");
        }
        return d;
    }

    private Map<String, String> requireSecret(String op, String namespace, String secretName) {
        Namespace n = namespaces.get(namespace);
        Map<String, String> data = n == null ? null : n.secrets.get(secretName);
        if (data == null) {
            throw Simulation.error(Reason.NOT_FOUND, op, endpoint, "secret '" + namespace + "/" + secretName
                    + "' not found in cluster " + name + "; create it before setting its keys");
        }
        return data;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FakeCluster[" + name + " in " + region);
        namespaces.forEach((k, n) -> sb.append(", ").append(k).append(": deployments=").append(n.deployments.keySet())
                .append(" secrets=").append(n.secrets.keySet()));
        return sb.append(']').toString();
    }

    /** Settings of a seeded Deployment. */
    public static final class DeploymentSpec {
        private int replicas = 1;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private int revisions = 1;
        private String envFromSecret;
        private boolean defaultLabels = true;

        private DeploymentSpec(String name) {
            labels.put("app", name);
        }

        public DeploymentSpec replicas(int replicas) {
            if (replicas < 0) {
                throw new IllegalArgumentException("replicas must not be negative but was " + replicas);
            }
            this.replicas = replicas;
            return this;
        }

        /** Adds a label to the Deployment and its pods (replacing the default {@code app=<name>} on first use). */
        public DeploymentSpec label(String key, String value) {
            if (defaultLabels) {
                labels.clear();
                defaultLabels = false;
            }
            labels.put(key, value);
            return this;
        }

        /** How many revisions of history it has (at least 1); the last is current. */
        public DeploymentSpec revisions(int revisions) {
            if (revisions < 1) {
                throw new IllegalArgumentException("revisions must be at least 1 but was " + revisions);
            }
            this.revisions = revisions;
            return this;
        }

        /** Pods read this Secret's keys as environment variables when they start. */
        public DeploymentSpec envFromSecret(String secretName) {
            this.envFromSecret = secretName;
            return this;
        }
    }

    private record SecretMeta(Map<String, String> labels, Map<String, String> annotations) { }

    private static final class Namespace {
        final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        final Map<String, SecretMeta> secretMeta = new LinkedHashMap<>();
        final Map<String, Deployment> deployments = new LinkedHashMap<>();
        final Map<String, ServiceInfo> services = new LinkedHashMap<>();
        final List<EventInfo> events = new ArrayList<>();
    }

    private static final class Deployment {
        final String namespace;
        final String name;
        int replicas;
        final Map<String, String> labels;
        final String envFromSecret;
        final List<Revision> revisions = new ArrayList<>();
        final List<Pod> pods = new ArrayList<>();
        String current;
        long generation;
        long observedGeneration;
        long epoch;
        Duration step = Duration.ofMinutes(1);

        Deployment(String namespace, String name, int replicas, Map<String, String> labels, String envFromSecret) {
            this.namespace = namespace;
            this.name = name;
            this.replicas = replicas;
            this.labels = labels;
            this.envFromSecret = envFromSecret;
        }

        RolloutStatus status() {
            int updated = 0;
            int ready = 0;
            for (Pod p : pods) {
                if (p.replicaSet.equals(current)) {
                    updated++;
                }
                if (p.ready) {
                    ready++;
                }
            }
            return new RolloutStatus(name, generation, observedGeneration, replicas, updated, ready, ready);
        }
    }

    private static final class Pod {
        final String name;
        final Deployment deployment;
        final String replicaSet;
        final String node;
        final Instant createdAt;
        final Map<String, String> env;
        String phase = "Pending";
        boolean ready;
        Instant readyAt;
        int restarts;

        Pod(String name, Deployment deployment, String replicaSet, String node, Instant createdAt,
            Map<String, String> env) {
            this.name = name;
            this.deployment = deployment;
            this.replicaSet = replicaSet;
            this.node = node;
            this.createdAt = createdAt;
            this.env = env;
        }

        Map<String, String> labels() {
            Map<String, String> l = new LinkedHashMap<>(deployment.labels);
            l.put("pod-template-hash", replicaSet.substring(deployment.name.length() + 1));
            return l;
        }

        PodInfo view() {
            return new PodInfo(name, phase, ready, restarts, node);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
