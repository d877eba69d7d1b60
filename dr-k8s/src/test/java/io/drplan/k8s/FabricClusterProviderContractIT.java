package io.drplan.k8s;

import io.drplan.core.spi.ClusterProvider;
import io.drplan.testkit.contract.ClusterProviderContract;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster contract (Secrets) on fabric8's mock API server in CRUD mode; {@code FakeClusterContractTest} runs it on the fake. */
class FabricClusterProviderContractIT extends ClusterProviderContract {
    @RegisterExtension
    final MockClusters clusters = new MockClusters();

    @Override
    protected ClusterProvider cluster() {
        return MockClusters.cluster(MockClusters.DR, clusters.drClient());
    }

    @Override
    protected void putSecret(String namespace, String name, Map<String, String> data, Map<String, String> labels,
                             Map<String, String> annotations) {
        SecretBuilder b = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(labels).withAnnotations(annotations).endMetadata().withType("Opaque");
        data.forEach((k, v) -> b.addToData(k, VibeFixtures.b64(v)));
        clusters.drClient().secrets().inNamespace(namespace).resource(b.build()).create();
    }

    @Override
    protected Optional<String> storedValue(String namespace, String name, String key) {
        var s = clusters.drClient().secrets().inNamespace(namespace).withName(name).get();
        return s == null || s.getData() == null || !s.getData().containsKey(key) ? Optional.empty()
                : Optional.of(VibeFixtures.decode(s.getData().get(key)));
    }

    @Override
    protected boolean exists(String namespace, String name) {
        return clusters.drClient().secrets().inNamespace(namespace).withName(name).get() != null;
    }
}
