package io.drplan.testkit.contract;

import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import io.drplan.testkit.fake.FakeCluster;
import java.util.Map;
import java.util.Optional;

/** The cluster contract (Secrets) on the fake; {@code FabricClusterProviderContractIT} runs it on fabric8's mock API server. */
class FakeClusterContractTest extends ClusterProviderContract {
    private final FakeCloud cloud = FakeCloud.create(VirtualScheduler.create());
    private final FakeCluster cluster = cloud.addCluster("dr-cluster", Region.of("us-west-2"));

    @Override
    protected ClusterProvider cluster() {
        return cluster;
    }

    @Override
    protected void putSecret(String namespace, String name, Map<String, String> data, Map<String, String> labels,
                             Map<String, String> annotations) {
        cluster.addSecret(namespace, name, data, labels, annotations);
    }

    @Override
    protected Optional<String> storedValue(String namespace, String name, String key) {
        return cluster.secretValue(namespace, name, key).map(Secret::reveal);
    }

    @Override
    protected boolean exists(String namespace, String name) {
        return cluster.secretMetadata(namespace, name).isPresent();
    }
}
