package io.drplan.k8s;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The runbook's objects in {@code vibe-production}, written to a mock server as the test's setup. */
final class VibeFixtures {
    static final String NS = "vibe-production";
    static final String SECRET = "vibe-secrets";
    static final String BACKEND = "vibe-backend";
    static final String FRONTEND = "vibe-frontend";
    static final String PRIMARY_DB_URL = "postgresql://vibe:Pr1mary-pw@vibe-postgres-production.us-east-1:5432/vibe";
    static final String DR_DB_URL = "postgresql://vibe:Dr-s3cret-pw@vibe-postgres-dr.us-west-2:5432/vibe";
    static final String REDIS_URL = "redis://vibe-redis.us-east-1:6379";
    static final String JWT = "jwt-signing-key-123";

    private VibeFixtures() { }

    static void secret(KubernetesClient c) {
        c.secrets().inNamespace(NS).resource(new SecretBuilder()
                .withNewMetadata().withName(SECRET).withNamespace(NS).endMetadata()
                .withType("Opaque")
                .addToData("DATABASE_URL", b64(PRIMARY_DB_URL))
                .addToData("REDIS_URL", b64(REDIS_URL))
                .addToData("JWT_SECRET", b64(JWT))
                .build()).create();
    }

    static Deployment deployment(KubernetesClient c, String name, String component, String image, int replicas) {
        return c.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NS)
                .addToAnnotations("deployment.kubernetes.io/revision", "1").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app.kubernetes.io/component", component).endSelector()
                .withTemplate(template(component, image))
                .endSpec().build()).create();
    }

    static PodTemplateSpec template(String component, String image) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("app.kubernetes.io/component", component).endMetadata()
                .withNewSpec().addNewContainer().withName(component).withImage(image).endContainer().endSpec()
                .build();
    }

    /** A ReplicaSet of {@code deployment} at {@code revision}, as the Deployment controller would make it. */
    static ReplicaSet replicaSet(KubernetesClient c, Deployment deployment, long revision, String image,
                                 String hash, String changeCause) {
        String component = deployment.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/component");
        PodTemplateSpec t = template(component, image);
        t.getMetadata().getLabels().put("pod-template-hash", hash);
        return c.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(deployment.getMetadata().getName() + "-" + hash).withNamespace(NS)
                .addToLabels("app.kubernetes.io/component", component).addToLabels("pod-template-hash", hash)
                .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(revision))
                .addToAnnotations("kubernetes.io/change-cause", changeCause)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment")
                .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                .withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withReplicas(0)
                .withNewSelector().addToMatchLabels("app.kubernetes.io/component", component)
                .addToMatchLabels("pod-template-hash", hash).endSelector()
                .withTemplate(t).endSpec().build()).create();
    }

    /** Plays the Deployment controller: reports every replica of the latest generation updated, ready, available. */
    static void controllerCatchesUp(KubernetesClient c, String name) {
        Deployment d = c.apps().deployments().inNamespace(NS).withName(name).get();
        int replicas = d.getSpec().getReplicas();
        c.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder(d)
                .withStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                        .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
                        .withAvailableReplicas(replicas).build())
                .build()).updateStatus();
    }

    static void pod(KubernetesClient c, String name, String component, boolean ready, int restarts, String node) {
        c.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("app.kubernetes.io/component", component).endMetadata()
                .withNewSpec().withNodeName(node)
                .addNewContainer().withName(component).withImage("vibe/" + component + ":1.4.2").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName(component).withReady(ready)
                        .withRestartCount(restarts).build())
                .endStatus().build()).create();
    }

    static void service(KubernetesClient c, String name, String type, String clusterIp, int... ports) {
        ServiceBuilder b = new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp).endSpec();
        for (int p : ports) {
            b.editSpec().addNewPort().withPort(p).endPort().endSpec();
        }
        c.services().inNamespace(NS).resource(b.build()).create();
    }

    static void node(KubernetesClient c, String name, boolean ready) {
        c.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().endStatus().build()).create();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    static Map<String, String> decoded(Map<String, String> data) {
        Map<String, String> out = new java.util.TreeMap<>();
        data.forEach((k, v) -> out.put(k, decode(v)));
        return out;
    }
}
