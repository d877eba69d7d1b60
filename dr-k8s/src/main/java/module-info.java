/**
 * drplan on Kubernetes with fabric8: clusters as providers, the ConfigMap journal store and the
 * Lease lock. {@code io.drplan.k8s.internal} is not exported. fabric8's jars are automatic modules
 * named after their files ({@code kubernetes.client.api}, ...).
 */
module io.drplan.k8s {
    requires transitive io.drplan.core;
    requires java.net.http;
    requires org.slf4j;
    requires transitive kubernetes.client.api;
    requires kubernetes.model.core;
    requires kubernetes.model.apps;
    requires kubernetes.model.coordination;

    exports io.drplan.k8s;
}
