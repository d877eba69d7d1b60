package io.drplan.core.step;

import static io.drplan.core.spi.Operations.K8S_PATCH_SECRET;

import io.drplan.core.StepKind;
import io.drplan.core.Output;
import io.drplan.core.Secret;
import io.drplan.core.SecretTemplate;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.spi.Operation;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's "Update application configuration": sets keys of a Kubernetes Secret (such as
 * {@code DATABASE_URL} pointing at the restored database), keeping its other keys. Values are
 * {@link SecretTemplate}s and never printed. Undone by putting the previous values back.
 */
public final class SecretUpdateStep extends StepBuilder<SecretUpdateStep> {

    private final String cluster;
    private final String namespace;
    private final String secretName;
    private final Map<String, SecretTemplate> keys = new LinkedHashMap<>();

    SecretUpdateStep(PlanRegions regions, String cluster, String namespace, String secretName) {
        super(regions, StepKind.UPDATE_SECRET);
        this.cluster = cluster;
        this.namespace = namespace;
        this.secretName = secretName;
    }

    /** Sets {@code key} to a value assembled when the step runs. */
    public SecretUpdateStep key(String key, SecretTemplate value) {
        if (key == null || value == null) {
            reject("updateSecret key(" + key + ", " + (value == null ? "null" : "..") + ") has a null "
                    + (key == null ? "key" : "value") + "; pass e.g. .key(\"DATABASE_URL\", SecretTemplate.of(..))");
            return this;
        }
        keys.put(key, value);
        return this;
    }

    /** Sets {@code key} to a secret. */
    public SecretUpdateStep key(String key, Secret value) {
        return key(key, SecretTemplate.of(value));
    }

    @Override
    StepAction action() {
        return new Action(cluster, namespace, secretName, Map.copyOf(keys));
    }

    /** The checkpoint, per key, that says the key was about to change (its name only, never a value). */
    static final String CHANGING = "changing.";

    private record Action(String cluster, String namespace, String secretName, Map<String, SecretTemplate> keys)
            implements StepAction {
        @Override
        public Map<String, Object> settings() {
            return Map.of("cluster", cluster, "namespace", namespace, "secretName", secretName,
                    "keys", List.copyOf(new java.util.TreeSet<>(keys.keySet())));
        }

        @Override
        public String description() {
            return "Set " + String.join(", ", new java.util.TreeSet<>(keys.keySet())) + " in secret " + namespace + "/"
                    + secretName + " on " + cluster;
        }

        @Override
        public List<Operation> operations() {
            return List.of(K8S_PATCH_SECRET);
        }

        @Override
        public List<Secret> secrets() {
            return keys.values().stream().flatMap(t -> t.secrets().stream()).toList();
        }

        @Override
        public List<String> clusters() {
            return List.of(cluster);
        }


        @Override
        public Set<Output<?>> inputs() {
            Set<Output<?>> in = new LinkedHashSet<>();
            keys.values().forEach(t -> in.addAll(t.outputs()));
            return in;
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("updateSecret cluster", cluster, "\"dr-cluster\"", p);
            require("updateSecret namespace", namespace, "\"vibe-production\"", p);
            require("updateSecret secret name", secretName, "\"vibe-secrets\"", p);
            if (keys.isEmpty()) {
                p.add("updateSecret has no key to set; add one with .key(\"DATABASE_URL\", value)");
            }
            keys.forEach((k, t) -> t.secrets().stream().filter(s -> !s.isAvailable()).forEach(s -> p.add(
                    "key " + k + " uses " + s + ", which has no value; set it before running the plan")));
            return p;
        }


        @Override
        public List<Operation> compensationOperations() {
            return List.of(K8S_PATCH_SECRET);
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            ClusterProvider c = ctx.providers().cluster(cluster);
            Map<String, Object> previous = new LinkedHashMap<>();
            CompletionStage<Void> chain = Steps.DONE;
            for (Map.Entry<String, SecretTemplate> e : new java.util.TreeMap<>(keys).entrySet()) {
                chain = chain.thenCompose(x -> {
                    Secret value = e.getValue().resolve(secretName + "/" + e.getKey(), ctx::output);
                    // the key's name (never its value) is journaled before it changes: an undo after a crash
                    // knows which keys it cannot put back
                    ctx.checkpoint(CHANGING + e.getKey(), true);
                    return ctx.call(K8S_PATCH_SECRET, Ops.k8s(cluster),
                            () -> c.updateSecretKey(namespace, secretName, e.getKey(), value));
                }).thenAccept(prev -> {
                    previous.put(e.getKey(), prev.orElse(null));
                    // names only: a value, old or new, never reaches the report
                    ctx.changed(io.drplan.core.Resource.secret(cluster, namespace, secretName),
                            "key " + e.getKey() + (prev.isPresent() ? " set" : " absent"), "key " + e.getKey() + " set");
                });
            }
            return chain.thenApply(x -> {
                Map<String, Object> out = new LinkedHashMap<>();
                previous.forEach((k, v) -> out.put("previous." + k, v == null ? Optional.empty() : Optional.of(v)));
                return out;
            });
        }

        @Override
        public CompletionStage<Void> compensate(StepContext ctx, Map<String, Object> outputs) {
            ClusterProvider c = ctx.providers().cluster(cluster);
            CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
            List<String> unknown = new java.util.ArrayList<>();
            for (String key : new java.util.TreeSet<>(keys.keySet())) {
                Object prev = outputs.get("previous." + key);
                if (!(prev instanceof Optional<?> p)) {
                    if (ctx.checkpointed(CHANGING + key).isPresent()) {
                        unknown.add(key);
                    }
                    continue;
                }
                chain = chain.thenCompose(x -> ctx.call(K8S_PATCH_SECRET, Ops.k8s(cluster), () -> {
                    if (p.isPresent()) {
                        c.updateSecretKey(namespace, secretName, key, (Secret) p.get());
                    } else {
                        c.removeSecretKey(namespace, secretName, key);
                    }
                    return null;
                }));
            }
            if (unknown.isEmpty()) {
                return chain;
            }
            // counted undone only when it was: a value that cannot be put back fails the undo, naming the keys
            return chain.thenCompose(x -> Steps.failed("the previous value of " + String.join(", ", unknown)
                    + " in secret " + namespace + "/" + secretName + " on " + cluster + " is not known (values are"
                    + " never journaled, and this process did not keep them); set them by hand: kubectl"
                    + " --context " + cluster + " -n " + namespace + " edit secret " + secretName));
        }
    }
}
