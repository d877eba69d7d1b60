package io.drplan.testkit.contract;

import io.drplan.core.Region;
import io.drplan.core.spi.ContainerRegistryProvider;
import io.drplan.core.spi.ContainerRegistryProvider.RegistryReplicationRule;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.util.List;

class FakeRegistriesContractTest extends ContainerRegistryProviderContract {
    private final FakeCloud cloud = FakeCloud.create(VirtualScheduler.create());

    @Override
    protected ContainerRegistryProvider provider() {
        return cloud.registries();
    }

    @Override
    protected void givenReplication(Region region, List<RegistryReplicationRule> rules) {
        cloud.registries().setReplication(region, rules);
    }

    @Override
    protected void givenImage(Region region, String repository, String tag) {
        cloud.registries().addImage(region, repository, tag);
    }
}
