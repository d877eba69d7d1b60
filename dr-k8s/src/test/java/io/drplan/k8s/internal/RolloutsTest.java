package io.drplan.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.spi.ClusterProvider.Revision;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutsTest {
    private static final String UID = "5d1c6a6e-0000-4000-8000-000000000001";

    private static PodTemplateSpec template(String image, String hash) {
        PodTemplateSpecBuilder b = new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "backend")
                .endMetadata().withNewSpec().addNewContainer().withName("backend").withImage(image).endContainer()
                .endSpec();
        if (hash != null) {
            b.editMetadata().addToLabels("pod-template-hash", hash).endMetadata();
        }
        return b.build();
    }

    private static Deployment deployment(String image) {
        return new DeploymentBuilder().withNewMetadata().withName("vibe-backend").withUid(UID).withResourceVersion("42")
                .addToAnnotations("deployment.kubernetes.io/revision", "3")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}")
                .addToAnnotations("kubernetes.io/change-cause", "deploy 1.6.0").endMetadata()
                .withNewSpec().withTemplate(template(image, null)).endSpec().build();
    }

    private static ReplicaSet rs(String revision, String image, String hash, String ownerUid) {
        ReplicaSetBuilder b = new ReplicaSetBuilder().withNewMetadata().withName("vibe-backend-" + hash)
                .addToAnnotations("kubernetes.io/change-cause", "deploy " + image)
                .addNewOwnerReference().withKind("Deployment").withName("vibe-backend").withUid(ownerUid)
                .withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withTemplate(template(image, hash)).endSpec();
        if (revision != null) {
            b.editMetadata().addToAnnotations("deployment.kubernetes.io/revision", revision).endMetadata();
        }
        return b.build();
    }

    private final List<ReplicaSet> replicaSets = List.of(
            rs("3", "1.6.0", "ccc", UID),
            rs("1", "1.4.2", "aaa", UID),
            rs("2", "1.5.0", "bbb", UID),
            rs("9", "other", "zzz", "another-uid"),
            rs(null, "1.3.0", "nnn", UID),
            rs("x", "1.3.1", "bad", UID));

    @Test
    void history_ownedReplicaSetsWithRevisions_oldestFirst() {
        assertThat(Rollouts.history(deployment("1.6.0"), replicaSets)).containsExactly(
                new Revision(1, "vibe-backend-aaa", "deploy 1.4.2"),
                new Revision(2, "vibe-backend-bbb", "deploy 1.5.0"),
                new Revision(3, "vibe-backend-ccc", "deploy 1.6.0"));
    }

    @Test
    void target_zero_isTheSecondHighestRevision() {
        assertThat(Rollouts.target(deployment("1.6.0"), replicaSets, 0).getMetadata().getName())
                .isEqualTo("vibe-backend-bbb");
    }

    @Test
    void target_explicitRevision_isThatRevision() {
        assertThat(Rollouts.target(deployment("1.6.0"), replicaSets, 1).getMetadata().getName())
                .isEqualTo("vibe-backend-aaa");
    }

    @Test
    void target_revisionOfAnotherDeployment_isNotFound() {
        assertThatThrownBy(() -> Rollouts.target(deployment("1.6.0"), replicaSets, 9))
                .isInstanceOf(java.util.NoSuchElementException.class)
                .hasMessage("unable to find the specified revision 9 of deployment vibe-backend;"
                        + " its revisions are [1, 2, 3]");
    }

    @Test
    void templateOf_replicaSet_dropsPodTemplateHashOnly() {
        PodTemplateSpec t = Rollouts.templateOf(rs("1", "1.4.2", "aaa", UID));

        assertThat(t.getMetadata().getLabels()).containsExactlyEntriesOf(Map.of("app", "backend"));
        assertThat(t.getSpec().getContainers().get(0).getImage()).isEqualTo("1.4.2");
    }

    @Test
    void sameTemplate_equalButForHash_isTrue() {
        assertThat(Rollouts.sameTemplate(deployment("1.6.0"), rs("3", "1.6.0", "ccc", UID))).isTrue();
        assertThat(Rollouts.sameTemplate(deployment("1.6.0"), rs("2", "1.5.0", "bbb", UID))).isFalse();
    }

    @Test
    void annotationsAfterUndo_keepsDeploymentBookkeepingTakesReplicaSetCause() {
        Map<String, String> a = Rollouts.annotationsAfterUndo(deployment("1.6.0"), rs("2", "1.5.0", "bbb", UID));

        assertThat(a).containsExactlyInAnyOrderEntriesOf(Map.of(
                "deployment.kubernetes.io/revision", "3",
                "kubectl.kubernetes.io/last-applied-configuration", "{}",
                "kubernetes.io/change-cause", "deploy 1.5.0"));
    }

    @Test
    void undoPatch_carriesTemplateAndAnnotationsButNoResourceVersion() {
        String patch = Rollouts.undoPatch(deployment("1.6.0"), rs("2", "1.5.0", "bbb", UID));

        assertThat(patch).startsWith("[{\"op\":\"add\",\"path\":\"/spec/template\",\"value\":{");
        assertThat(patch).doesNotContain("resourceVersion").doesNotContain("\"42\"");
        assertThat(patch).contains("\"image\":\"1.5.0\"").doesNotContain("pod-template-hash")
                .contains("{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{");
    }

    @Test
    void target_onlyOneRevision_hasNoPrevious() {
        assertThatThrownBy(() -> Rollouts.target(deployment("1.4.2"), List.of(rs("1", "1.4.2", "aaa", UID)), 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no rollout history found for deployment vibe-backend (revisions [1]);"
                        + " there is no previous revision to go back to");
    }
}
