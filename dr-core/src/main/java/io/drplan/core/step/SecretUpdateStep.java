package io.drplan.core.step;

import static io.drplan.core.spi.Operations.K8S_CREATE_SECRET;
import static io.drplan.core.spi.Operations.K8S_DELETE_SECRET;
import static io.drplan.core.spi.Operations.K8S_GET_SECRET;
import static io.drplan.core.spi.Operations.K8S_PATCH_SECRET;

import io.drplan.core.StepKind;
import io.drplan.core.Output;
import io.drplan.core.Secret;
import io.drplan.core.SecretTemplate;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.spi.Operation;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's "Update application configuration": sets keys of a Kubernetes Secret (such as
 * {@code DATABASE_URL} pointing at the restored database), keeping its other keys. Values are
 * {@link SecretTemplate}s and never printed.
 *
 * <p>Before its first change the step copies the current values of exactly the keys it changes into a
 * backup Secret in the same namespace ({@code <secret>-drplan-prev-<execution>-<step>}, marked with
 * {@code drplan.io/managed}, the execution and the step, and listing the keys that were absent), and
 * journals a reference to it: the backup's name and the key names, never a value. Undone by putting
 * the previous values back, from memory or, after a crash, from the backup, which is then deleted;
 * after a successful run the backup stays (the report lists it, with the command that removes it)
 * so that a fail-back can {@link #restoreFrom restore from it}.
 */
public final class SecretUpdateStep extends StepBuilder<SecretUpdateStep> {

    private final String cluster;
    private final String namespace;
    private final String secretName;
    private final Map<String, SecretTemplate> keys = new LinkedHashMap<>();
    private SecretRestore restore;

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

    /**
     * Puts {@code keys} back to the values kept in backup Secret {@code backupSecret} (in the same
     * namespace), which a secret update of execution {@code executionId} made before it changed them; a
     * key the backup records as absent is removed. A key also given with {@link #key} takes that value
     * instead. The backup is read, and its marks checked, before anything changes. This is how a
     * fail-back puts configuration back without ever holding the old values.
     */
    public SecretUpdateStep restoreFrom(String backupSecret, String executionId, Collection<String> keys) {
        if (backupSecret == null || executionId == null || keys == null || keys.contains(null)) {
            reject("updateSecret restoreFrom(" + backupSecret + ", " + executionId + ", " + keys + ") has a null"
                    + " argument; pass the backup Secret's name, the execution that made it and the keys to put back");
            return this;
        }
        this.restore = new SecretRestore(backupSecret, executionId, List.copyOf(new TreeSet<>(keys)));
        return this;
    }

    @Override
    StepAction action() {
        return new Action(cluster, namespace, secretName, Map.copyOf(keys), restore);
    }

    /** The checkpoint, per key, that says the key was about to change (its name only, never a value). */
    static final String CHANGING = "changing.";
    /**
     * The checkpoint, journaled before the first change, that references the backup Secret holding the
     * previous values: its namespace and name, the keys it covers and those that were absent (names only).
     */
    static final String BACKUP = "backup";
    /** The output naming the backup Secret (a name, never a value), which a fail-back restores from. */
    public static final String BACKUP_OUTPUT = "backupSecret";


    /** Where a restoring update takes its values from. */
    private record Action(String cluster, String namespace, String secretName, Map<String, SecretTemplate> keys,
                          SecretRestore restore) implements StepAction {
        /** Every key the step sets or removes, sorted. */
        private TreeSet<String> names() {
            TreeSet<String> n = new TreeSet<>(keys.keySet());
            if (restore != null) {
                n.addAll(restore.keys());
            }
            return n;
        }

        @Override
        public Map<String, Object> settings() {
            Map<String, Object> m = new LinkedHashMap<>(Map.of("cluster", cluster, "namespace", namespace,
                    "secretName", secretName, "keys", List.copyOf(names())));
            if (restore != null) {
                m.put("restoreFrom", restore.backup());
            }
            return m;
        }

        @Override
        public String description() {
            return "Set " + String.join(", ", names()) + " in secret " + namespace + "/" + secretName + " on " + cluster
                    + (restore == null ? "" : " (back to the values kept in " + restore.backup() + ")");
        }

        @Override
        public List<Operation> operations() {
            return List.of(K8S_GET_SECRET, K8S_CREATE_SECRET, K8S_PATCH_SECRET);
        }

        @Override
        public Set<String> outputs() {
            return Set.of(BACKUP_OUTPUT);
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
            if (names().isEmpty()) {
                p.add("updateSecret has no key to set; add one with .key(\"DATABASE_URL\", value)");
            }
            keys.forEach((k, t) -> t.secrets().stream().filter(s -> !s.isAvailable()).forEach(s -> p.add(
                    "key " + k + " uses " + s + ", which has no value; set it before running the plan")));
            return p;
        }


        @Override
        public List<Operation> compensationOperations() {
            return List.of(K8S_GET_SECRET, K8S_PATCH_SECRET, K8S_DELETE_SECRET);
        }

        /**
         * Copies the current values of the keys it will change into a backup Secret (or adopts the one
         * this step made before a crash), journals the reference, and only then sets the keys.
         */
        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            ClusterProvider c = ctx.providers().cluster(cluster);
            String ep = Ops.k8s(cluster);
            List<String> names = List.copyOf(names());
            String backup = SecretBackups.name(secretName, ctx.executionId(), ctx.stepId());
            // a restoring update reads its values (and checks where they come from) before anything changes
            CompletionStage<Map<String, Optional<Secret>>> restored = restore == null
                    ? CompletableFuture.completedFuture(Map.of())
                    : restore.values(ctx, c, ep, cluster, namespace, secretName, keys.keySet());
            return restored.thenCompose(fromBackup -> ctx.call(K8S_GET_SECRET, ep, () -> c.secretInfo(namespace, backup))
                    .thenCompose(existing -> keepPrevious(ctx, c, ep, backup, names, existing.orElse(null)))
                    .thenCompose(previous -> change(ctx, c, ep, names, previous, fromBackup).thenApply(x -> {
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put(BACKUP_OUTPUT, backup);
                        previous.forEach((k, v) -> out.put("previous." + k, v));
                        return out;
                    })));
        }

        /** The previous value of each key (empty: it was absent), from a new backup or the adopted one. */
        private CompletionStage<Map<String, Optional<Secret>>> keepPrevious(StepContext ctx, ClusterProvider c,
                String ep, String backup, List<String> names, ClusterProvider.SecretInfo existing) {
            String kubectl = "kubectl --context " + cluster + " -n " + namespace;
            if (existing != null && !SecretBackups.ours(ctx, existing)) {
                return foreign(backup, names, existing);
            }
            if (existing != null) {
                // made by this very step before a crash: its values are the ones from before the change, while the
                // Secret itself may already hold the new ones
                ctx.note("adopted backup Secret " + namespace + "/" + backup + ", made before the crash");
                return ctx.call(K8S_GET_SECRET, ep, () -> c.readSecretKeys(namespace, backup, names))
                        .thenApply(values -> {
                            List<String> absent = SecretBackups.absent(existing);
                            journalReference(ctx, backup, names, absent);
                            return previous(names, values, absent);
                        });
            }
            if (ctx.checkpointed(BACKUP).isPresent()) {
                return Steps.failed("the backup Secret " + namespace + "/" + backup + " this step made before the crash"
                        + " is gone, so the values " + String.join(", ", names) + " had before the change are not known;"
                        + " nothing more was changed. Check the keys by hand: " + kubectl + " edit secret " + secretName);
            }
            return ctx.call(K8S_GET_SECRET, ep, () -> c.readSecretKeys(namespace, secretName, names))
                    .thenCompose(values -> {
                        List<String> absent = names.stream().filter(k -> !values.containsKey(k)).toList();
                        return ctx.call(K8S_CREATE_SECRET, ep, () -> {
                            c.createSecret(namespace, backup, values, SecretBackups.labels(),
                                    SecretBackups.annotations(ctx, secretName, absent));
                            return null;
                        }).handle((x, e) -> e).thenCompose(e -> {
                            if (e == null) {
                                return Steps.DONE;
                            }
                            // refused as taken: a retried create whose first try landed made it (ours), or someone
                            // else did meanwhile (refused)
                            if (SecretBackups.cause(e) instanceof io.drplan.core.spi.ProviderException p
                                    && p.reason() == io.drplan.core.spi.ProviderException.Reason.CONFLICT) {
                                return ctx.call(K8S_GET_SECRET, ep, () -> c.secretInfo(namespace, backup))
                                        .thenCompose(info -> info.isPresent() && SecretBackups.ours(ctx, info.get())
                                                ? Steps.DONE : info.isPresent() ? foreign(backup, names, info.get())
                                                : CompletableFuture.<Void>failedFuture(SecretBackups.cause(e)));
                            }
                            return CompletableFuture.<Void>failedFuture(SecretBackups.cause(e));
                        }).thenApply(x -> {
                            ctx.created(SecretBackups.resource(cluster, namespace, backup));
                            journalReference(ctx, backup, names, absent);
                            return previous(names, values, absent);
                        });
                    });
        }

        private <T> CompletionStage<T> foreign(String backup, List<String> names, ClusterProvider.SecretInfo existing) {
            String kubectl = "kubectl --context " + cluster + " -n " + namespace;
            return Steps.failed("the backup Secret " + namespace + "/" + backup + " that this step keeps the previous"
                    + " values of " + String.join(", ", names) + " in already exists, " + SecretBackups.creator(existing)
                    + "; nothing was changed. Look at it (" + kubectl + " describe secret " + backup + ") and delete"
                    + " it if it is stale (" + kubectl + " delete secret " + backup + "), or give the step another id");
        }

        /** The reference to the backup, journaled before the first change: names only, never a value. */
        private void journalReference(StepContext ctx, String backup, List<String> names, List<String> absent) {
            if (ctx.checkpointed(BACKUP).isEmpty()) {
                ctx.checkpoint(BACKUP, Map.of("namespace", namespace, "name", backup, "keys", names,
                        "absent", List.copyOf(absent)));
            }
        }

        private static Map<String, Optional<Secret>> previous(List<String> names, Map<String, Secret> values,
                                                              List<String> absent) {
            Map<String, Optional<Secret>> p = new LinkedHashMap<>();
            for (String k : names) {
                p.put(k, absent.contains(k) ? Optional.empty() : Optional.ofNullable(values.get(k)));
            }
            return p;
        }

        /** Sets (or, restoring a key that was absent, removes) each key, its name journaled before it changes. */
        private CompletionStage<Void> change(StepContext ctx, ClusterProvider c, String ep, List<String> names,
                                             Map<String, Optional<Secret>> previous,
                                             Map<String, Optional<Secret>> fromBackup) {
            CompletionStage<Void> chain = Steps.DONE;
            for (String key : names) {
                chain = chain.thenCompose(x -> {
                    Optional<Secret> value = keys.containsKey(key)
                            ? Optional.of(keys.get(key).resolve(secretName + "/" + key, ctx::output)) : fromBackup.get(key);
                    // the key's name (never its value) is journaled before it changes: an undo after a crash
                    // knows which keys to put back from the backup
                    ctx.checkpoint(CHANGING + key, true);
                    return ctx.call(K8S_PATCH_SECRET, ep, () -> {
                        if (value.isPresent()) {
                            c.updateSecretKey(namespace, secretName, key, value.get());
                        } else {
                            c.removeSecretKey(namespace, secretName, key);
                        }
                        return null;
                    }).thenAccept(done ->
                            // names only: a value, old or new, never reaches the report
                            ctx.changed(io.drplan.core.Resource.secret(cluster, namespace, secretName),
                                    "key " + key + (previous.get(key).isPresent() ? " set" : " absent"),
                                    "key " + key + (value.isPresent() ? " set" : " absent")));
                });
            }
            return chain;
        }

        /** A restoring update: the backup it reads from exists and was made by the execution it names. */
        @Override
        public List<String> preflight(PreflightContext ctx) {
            if (restore == null || restore.keys().stream().allMatch(keys::containsKey)) {
                return targetProblems(ctx);
            }
            return restore.preflight(ctx, cluster, namespace, secretName);
        }

        /** The Secret to change exists, unless an earlier step applies the infrastructure it lives on. */
        private List<String> targetProblems(PreflightContext ctx) {
            if (ctx.upstreamOperations().stream().anyMatch(o -> o.unscoped().equals(io.drplan.core.spi.Operations.TERRAFORM_APPLY))) {
                return List.of();
            }
            try {
                return ctx.providers().cluster(cluster).secretInfo(namespace, secretName).isPresent() ? List.of()
                        : List.of("secret '" + namespace + "/" + secretName + "' does not exist on cluster " + cluster
                        + "; check the names: kubectl --context " + cluster + " -n " + namespace + " get secrets");
            } catch (io.drplan.core.spi.ProviderException e) {
                // a throttled or failing endpoint proves nothing: the step checks again when it runs
                return e.isRetryable() ? List.of() : List.of("secret '" + namespace + "/" + secretName + "' on cluster "
                        + cluster + " could not be read: " + e.getMessage());
            }
        }

        /**
         * Puts the previous values back: from this process's memory when it has them, otherwise from the
         * backup Secret the journal references; then deletes the backup (only one this step made).
         */
        @Override
        public CompletionStage<Void> compensate(StepContext ctx, Map<String, Object> outputs) {
            ClusterProvider c = ctx.providers().cluster(cluster);
            String ep = Ops.k8s(cluster);
            // a step that completed changed every key, and its outputs (journaled, unlike its checkpoints, which
            // a resumed run keeps only for the steps that were in flight) name the backup
            boolean completed = outputs.get(BACKUP_OUTPUT) instanceof String;
            List<String> changed = names().stream()
                    .filter(k -> completed || outputs.get("previous." + k) instanceof Optional<?>
                            || ctx.checkpointed(CHANGING + k).isPresent())
                    .toList();
            Optional<String> backup = completed ? Optional.of((String) outputs.get(BACKUP_OUTPUT))
                    : ctx.checkpointed(BACKUP).filter(Map.class::isInstance)
                            .map(m -> String.valueOf(((Map<?, ?>) m).get("name")));
            boolean inMemory = changed.stream().allMatch(k -> outputs.get("previous." + k) instanceof Optional<?>);
            CompletionStage<Map<String, Optional<?>>> previous;
            if (changed.isEmpty() || inMemory) {
                Map<String, Optional<?>> p = new LinkedHashMap<>();
                changed.forEach(k -> p.put(k, (Optional<?>) outputs.get("previous." + k)));
                previous = CompletableFuture.completedFuture(p);
            } else if (backup.isEmpty()) {
                return unknown(changed, "no backup of them was made");
            } else {
                String source = namespace + "/" + backup.get();
                previous = SecretBackups.read(ctx, c, ep, namespace, backup.get(), changed,
                        info -> SecretBackups.ours(ctx, info), (why, keys, info) -> unknown(keys, switch (why) {
                            case GONE -> "their backup Secret " + source + " is gone";
                            case NOT_THE_ONE -> "the Secret " + source + " is " + SecretBackups.creator(info)
                                    + ", not the backup this step made";
                            case NO_VALUE -> "their backup Secret " + source + " holds no value for them";
                        })).thenApply(m -> new LinkedHashMap<>(m));
            }
            return previous.thenCompose(p -> {
                CompletionStage<Void> chain = Steps.DONE;
                for (Map.Entry<String, Optional<?>> e : p.entrySet()) {
                    chain = chain.thenCompose(x -> ctx.call(K8S_PATCH_SECRET, ep, () -> {
                        if (e.getValue().isPresent()) {
                            c.updateSecretKey(namespace, secretName, e.getKey(), (Secret) e.getValue().get());
                        } else {
                            c.removeSecretKey(namespace, secretName, e.getKey());
                        }
                        return null;
                    }));
                }
                return chain;
            }).thenCompose(x -> backup.isEmpty() ? Steps.DONE
                    : SecretBackups.delete(ctx, c, cluster, namespace, backup.get()));
        }

        // counted undone only when it was: a value that cannot be put back fails the undo, naming the keys
        private <T> CompletionStage<T> unknown(List<String> keys, String why) {
            return Steps.failed("the previous value of " + String.join(", ", keys) + " in secret " + namespace + "/"
                    + secretName + " on " + cluster + " is not known (values are never journaled, this process did not"
                    + " keep them, and " + why + "); set them by hand: kubectl --context " + cluster + " -n " + namespace
                    + " edit secret " + secretName);
        }
    }
}
