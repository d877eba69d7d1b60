package io.drplan.k8s.internal;

import io.drplan.core.spi.ClusterProvider.Revision;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code kubectl rollout history} and {@code kubectl rollout undo} compute from a Deployment and
 * its ReplicaSets, as pure functions so they can be tested without a server. Internal.
 */
public final class Rollouts {
    /** The annotation the Deployment controller puts on each ReplicaSet (and on the Deployment). */
    public static final String REVISION = "deployment.kubernetes.io/revision";
    /** The annotation {@code kubectl --record} and people use to say why a revision exists. */
    public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    /** The label the controller adds to each ReplicaSet's pod template; a Deployment's template never has it. */
    public static final String POD_TEMPLATE_HASH = "pod-template-hash";
    /** The annotation {@code kubectl rollout restart} sets on the pod template. */
    public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    /** Annotations kubectl does not copy from a ReplicaSet back to its Deployment on undo. */
    private static final Set<String> SKIPPED_ANNOTATIONS = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration", REVISION,
            "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
            "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to");

    private Rollouts() { }

    /** The ReplicaSet's revision, or empty when it has none (or not a number). */
    public static Optional<Long> revisionOf(ReplicaSet rs) {
        Map<String, String> a = annotations(rs.getMetadata());
        String v = a.get(REVISION);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the Deployment controls {@code rs} (its controller owner reference, by uid or else by name). */
    public static boolean isOwnedBy(ReplicaSet rs, Deployment deployment) {
        List<OwnerReference> refs = rs.getMetadata() == null ? null : rs.getMetadata().getOwnerReferences();
        if (refs == null) {
            return false;
        }
        String uid = deployment.getMetadata().getUid();
        String name = deployment.getMetadata().getName();
        for (OwnerReference r : refs) {
            if (!"Deployment".equals(r.getKind())) {
                continue;
            }
            if (uid != null && r.getUid() != null ? uid.equals(r.getUid()) : name.equals(r.getName())) {
                return true;
            }
        }
        return false;
    }

    /** The Deployment's revisions among {@code replicaSets}, oldest first. */
    public static List<Revision> history(Deployment deployment, List<ReplicaSet> replicaSets) {
        List<Revision> out = new ArrayList<>();
        for (ReplicaSet rs : owned(deployment, replicaSets)) {
            long n = revisionOf(rs).orElseThrow();
            out.add(new Revision(n, rs.getMetadata().getName(), annotations(rs.getMetadata()).get(CHANGE_CAUSE)));
        }
        out.sort(Comparator.comparingLong(Revision::number));
        return List.copyOf(out);
    }

    /**
     * The ReplicaSet to roll back to: revision {@code toRevision}, or for 0 the one before the latest
     * (kubectl's rule: the second highest revision).
     *
     * @throws java.util.NoSuchElementException when revision {@code toRevision} does not exist
     * @throws IllegalStateException with kubectl's wording when there is no previous revision
     */
    public static ReplicaSet target(Deployment deployment, List<ReplicaSet> replicaSets, long toRevision) {
        List<ReplicaSet> owned = owned(deployment, replicaSets);
        String name = deployment.getMetadata().getName();
        if (toRevision > 0) {
            return owned.stream().filter(rs -> revisionOf(rs).orElseThrow() == toRevision).findFirst()
                    .orElseThrow(() -> new NoSuchElementException("unable to find the specified revision "
                            + toRevision + " of deployment " + name + "; its revisions are "
                            + revisions(owned)));
        }
        long latest = 0;
        long previous = 0;
        for (ReplicaSet rs : owned) {
            long v = revisionOf(rs).orElseThrow();
            if (v > latest) {
                previous = latest;
                latest = v;
            } else if (v > previous) {
                previous = v;
            }
        }
        if (previous == 0) {
            throw new IllegalStateException("no rollout history found for deployment " + name
                    + " (revisions " + revisions(owned) + "); there is no previous revision to go back to");
        }
        long p = previous;
        return owned.stream().filter(rs -> revisionOf(rs).orElseThrow() == p).findFirst().orElseThrow();
    }

    /** The ReplicaSet's pod template as a Deployment template: a deep copy without {@code pod-template-hash}. */
    public static PodTemplateSpec templateOf(ReplicaSet rs) {
        PodTemplateSpec t = Serialization.clone(rs.getSpec().getTemplate());
        if (t.getMetadata() != null && t.getMetadata().getLabels() != null) {
            Map<String, String> labels = new LinkedHashMap<>(t.getMetadata().getLabels());
            labels.remove(POD_TEMPLATE_HASH);
            t.getMetadata().setLabels(labels);
        }
        return t;
    }

    /** Whether the Deployment's template already equals the ReplicaSet's (kubectl then skips the rollback). */
    public static boolean sameTemplate(Deployment deployment, ReplicaSet rs) {
        return Objects.equals(Serialization.asJson(deployment.getSpec().getTemplate()),
                Serialization.asJson(templateOf(rs)));
    }

    /**
     * The Deployment's annotations after an undo, as kubectl computes them: the Deployment keeps its own
     * skipped annotations (revision, last-applied configuration) and takes every other from the ReplicaSet.
     */
    public static Map<String, String> annotationsAfterUndo(Deployment deployment, ReplicaSet rs) {
        Map<String, String> out = new LinkedHashMap<>();
        annotations(deployment.getMetadata()).forEach((k, v) -> {
            if (SKIPPED_ANNOTATIONS.contains(k)) {
                out.put(k, v);
            }
        });
        annotations(rs.getMetadata()).forEach((k, v) -> {
            if (!SKIPPED_ANNOTATIONS.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * The JSON patch (RFC 6902) of an undo: replaces the template and the annotations. Like kubectl's, it
     * carries no resourceVersion: during a rollout the controller writes the Deployment's status all the
     * time, so a version precondition would fail with 409 exactly when an undo is needed.
     */
    public static String undoPatch(Deployment deployment, ReplicaSet rs) {
        List<Map<String, Object>> ops = List.of(
                op("add", "/spec/template", templateOf(rs)),
                op("add", "/metadata/annotations", annotationsAfterUndo(deployment, rs)));
        return Serialization.asJson(ops);
    }

    private static Map<String, Object> op(String op, String path, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("path", path);
        m.put("value", value);
        return m;
    }

    private static List<ReplicaSet> owned(Deployment deployment, List<ReplicaSet> replicaSets) {
        return replicaSets.stream()
                .filter(rs -> isOwnedBy(rs, deployment))
                .filter(rs -> revisionOf(rs).isPresent())
                .toList();
    }

    private static List<Long> revisions(List<ReplicaSet> owned) {
        return owned.stream().map(rs -> revisionOf(rs).orElseThrow()).sorted().toList();
    }

    private static Map<String, String> annotations(ObjectMeta meta) {
        return meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    }
}
