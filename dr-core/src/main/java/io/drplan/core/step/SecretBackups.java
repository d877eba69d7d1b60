package io.drplan.core.step;

import static io.drplan.core.spi.ClusterProvider.CREATED_AT_ANNOTATION;
import static io.drplan.core.spi.ClusterProvider.EXECUTION_ANNOTATION;
import static io.drplan.core.spi.ClusterProvider.MANAGED_LABEL;
import static io.drplan.core.spi.ClusterProvider.STEP_ANNOTATION;

import io.drplan.core.Resource;
import io.drplan.core.spi.ClusterProvider.SecretInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The backup Secret in which a secret update keeps the previous values of the keys it changes, so
 * that an undo after a crash, or a fail-back, can put them back: its name, the marks that say which
 * execution made it, and its entry in the report's inventory. The values live only in the cluster;
 * the journal holds the backup's name and the key names.
 */
final class SecretBackups {
    /** Annotation: the Secret whose keys the backup holds. */
    static final String SECRET_ANNOTATION = "drplan.io/secret";
    /** Annotation: the keys the Secret did not have before the change (comma-separated names), removed on undo. */
    static final String ABSENT_ANNOTATION = "drplan.io/absent-keys";
    /** Kubernetes object names are DNS subdomains of up to 253 characters; 63 keeps them valid as labels too. */
    static final int MAX_NAME = 63;

    private SecretBackups() { }

    /**
     * {@code <secret>-drplan-prev-<first 8 of the execution id>-<step id>}, lowercase letters, digits and
     * single hyphens; when longer than {@link #MAX_NAME}, cut and ended with a hash of the three, so it stays
     * the same across a resume and differs between executions and steps.
     */
    static String name(String secretName, String executionId, String stepId) {
        String exec = sanitize(executionId);
        exec = exec.substring(0, Math.min(8, exec.length()));
        String full = sanitize(secretName + "-drplan-prev-" + exec + "-" + stepId);
        if (full.length() <= MAX_NAME) {
            return full;
        }
        String hash = sha256(secretName + "\n" + executionId + "\n" + stepId).substring(0, 8);
        return full.substring(0, MAX_NAME - hash.length() - 1).replaceAll("-+$", "") + "-" + hash;
    }

    private static String sanitize(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-")
                .replaceAll("^-+|-+$", "");
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The labels of a backup the running step creates. */
    static Map<String, String> labels() {
        return Map.of(MANAGED_LABEL, "true");
    }

    /** The annotations of a backup of {@code secretName} the running step creates, with the keys that were absent. */
    static Map<String, String> annotations(StepContext ctx, String secretName, Collection<String> absent) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(EXECUTION_ANNOTATION, ctx.executionId());
        a.put(STEP_ANNOTATION, ctx.stepId());
        a.put(CREATED_AT_ANNOTATION, ctx.now().toString());
        a.put(SECRET_ANNOTATION, secretName);
        a.put(ABSENT_ANNOTATION, String.join(",", new TreeSet<>(absent)));
        return a;
    }

    /** The keys a backup records as absent before the change. */
    static List<String> absent(SecretInfo backup) {
        String a = backup.annotations().get(ABSENT_ANNOTATION);
        return a == null || a.isBlank() ? List.of() : new ArrayList<>(Arrays.asList(a.split(",")));
    }

    /** Whether the running step of its own execution made {@code backup} (a resume adopts it). */
    static boolean ours(StepContext ctx, SecretInfo backup) {
        return backup.createdBy(ctx.executionId(), ctx.stepId());
    }

    /** "created by execution X (step Y) at T", or that drplan did not create it. */
    static String creator(SecretInfo s) {
        String execution = s.annotations().get(EXECUTION_ANNOTATION);
        if (execution == null) {
            return "not created by drplan (it has no " + EXECUTION_ANNOTATION + " annotation: made by hand or by"
                    + " another tool)";
        }
        return "created by execution " + execution + " (step " + s.annotations().getOrDefault(STEP_ANNOTATION, "?")
                + ") at " + s.annotations().getOrDefault(CREATED_AT_ANNOTATION, "an unknown time");
    }

    /** The backup in the report's inventory, with the commands that show it (keys and sizes only) and remove it. */
    static Resource resource(String cluster, String namespace, String backup) {
        String kubectl = "kubectl --context " + cluster + " -n " + namespace;
        return new Resource("Kubernetes secret (previous values)", namespace + "/" + backup, "cluster " + cluster,
                kubectl + " describe secret " + backup, kubectl + " delete secret " + backup);
    }

    /** Deletes the backup once the values are back; a backup left behind is noted with how to remove it. */
    static java.util.concurrent.CompletionStage<Void> delete(StepContext ctx, io.drplan.core.spi.ClusterProvider c,
                                                             String cluster, String namespace, String backup) {
        return ctx.call(io.drplan.core.spi.Operations.K8S_DELETE_SECRET, Ops.k8s(cluster),
                () -> c.deleteOwnedSecret(namespace, backup, ctx.executionId(), ctx.stepId())).handle((deleted, e) -> {
                    if (e != null) {
                        ctx.note("the previous values are back, but their backup Secret " + namespace + "/" + backup
                                + " was not deleted (" + cause(e).getMessage() + "); remove it: kubectl --context "
                                + cluster + " -n " + namespace + " delete secret " + backup);
                    }
                    return null;
                });
    }

    /** The error inside a completion's wrapper. */
    static Throwable cause(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Why a backup's values could not be read: each caller says it its own way. */
    enum Unreadable { GONE, NOT_THE_ONE, NO_VALUE }

    /** Says why a backup could not be read, for {@code keys}: a failed stage, or what to use instead. */
    @FunctionalInterface
    interface Failure<T> {
        java.util.concurrent.CompletionStage<T> of(Unreadable why, List<String> keys, SecretInfo backup);
    }

    /**
     * The values {@code keys} had (empty: the key was absent), read from {@code backup} once it exists and
     * is {@code expected}; {@code failure} says so otherwise, or when the backup holds no value for a key
     * it does not record absent.
     */
    static java.util.concurrent.CompletionStage<Map<String, java.util.Optional<io.drplan.core.Secret>>> read(
            StepContext ctx, io.drplan.core.spi.ClusterProvider c, String ep, String namespace, String backup,
            List<String> keys, java.util.function.Predicate<SecretInfo> expected,
            Failure<Map<String, java.util.Optional<io.drplan.core.Secret>>> failure) {
        return ctx.call(io.drplan.core.spi.Operations.K8S_GET_SECRET, ep, () -> c.secretInfo(namespace, backup))
                .thenCompose(info -> {
                    if (info.isEmpty()) {
                        return failure.of(Unreadable.GONE, keys, null);
                    }
                    if (!expected.test(info.get())) {
                        return failure.of(Unreadable.NOT_THE_ONE, keys, info.get());
                    }
                    List<String> absent = absent(info.get());
                    return ctx.call(io.drplan.core.spi.Operations.K8S_GET_SECRET, ep,
                            () -> c.readSecretKeys(namespace, backup, keys)).thenCompose(values -> {
                                List<String> missing = keys.stream()
                                        .filter(k -> !values.containsKey(k) && !absent.contains(k)).toList();
                                if (!missing.isEmpty()) {
                                    return failure.of(Unreadable.NO_VALUE, missing, info.get());
                                }
                                Map<String, java.util.Optional<io.drplan.core.Secret>> p = new LinkedHashMap<>();
                                keys.forEach(k -> p.put(k, java.util.Optional.ofNullable(values.get(k))));
                                return java.util.concurrent.CompletableFuture.completedFuture(p);
                            });
                });
    }
}
