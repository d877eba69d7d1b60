package io.drplan.core.step;

import io.drplan.core.Secret;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.spi.ProviderException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A restoring secret update (a fail-back's): the values to put back are read from the backup Secret
 * {@code backup} that execution {@code executionId} made before it changed {@code keys}, after checking
 * that the backup is that one.
 */
record SecretRestore(String backup, String executionId, List<String> keys) {

    /** Why the backup cannot be used, or null when it can. */
    String problem(String cluster, String namespace, String secretName, Optional<ClusterProvider.SecretInfo> info) {
        String source = namespace + "/" + backup;
        if (info.isEmpty()) {
            return "backup Secret " + source + " on " + cluster + ", which holds the values to put back, does not"
                    + " exist; give the values with FailbackPlan.restoreSecret(key, value)";
        }
        if (!executionId.equals(info.get().annotations().get(ClusterProvider.EXECUTION_ANNOTATION))
                || !secretName.equals(info.get().annotations().get(SecretBackups.SECRET_ANNOTATION))) {
            return "backup Secret " + source + " on " + cluster + " is " + SecretBackups.creator(info.get())
                    + ", not a backup of " + secretName + " made by execution " + executionId;
        }
        return null;
    }

    /** The backup exists and was made by the execution it names, checked before any step acts. */
    List<String> preflight(PreflightContext ctx, String cluster, String namespace, String secretName) {
        try {
            String problem = problem(cluster, namespace, secretName,
                    ctx.providers().cluster(cluster).secretInfo(namespace, backup));
            return problem == null ? List.of() : List.of(problem);
        } catch (ProviderException e) {
            // a throttled or failing endpoint proves nothing: the step checks again when it runs
            return e.isRetryable() ? List.of() : List.of("backup Secret " + namespace + "/" + backup + " on cluster "
                    + cluster + " could not be read: " + e.getMessage());
        }
    }

    /**
     * The values to put back (empty: remove the key), for the keys not {@code given} another value,
     * read from the backup; fails, changing nothing, when the backup is not the one named or lacks a key.
     */
    CompletionStage<Map<String, Optional<Secret>>> values(StepContext ctx, ClusterProvider c, String ep, String cluster,
                                                          String namespace, String secretName, Set<String> given) {
        List<String> wanted = keys.stream().filter(k -> !given.contains(k)).toList();
        if (wanted.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return SecretBackups.read(ctx, c, ep, namespace, backup, wanted,
                info -> problem(cluster, namespace, secretName, Optional.of(info)) == null, (why, missing, info) ->
                        Steps.failed(why == SecretBackups.Unreadable.NO_VALUE
                                ? "backup Secret " + namespace + "/" + backup + " on " + cluster + " holds no value for "
                                + String.join(", ", missing) + " (and does not record them absent); nothing was"
                                + " changed. Give the values with FailbackPlan.restoreSecret(key, value)"
                                : problem(cluster, namespace, secretName, Optional.ofNullable(info))
                                + "; nothing was changed"));
    }
}
