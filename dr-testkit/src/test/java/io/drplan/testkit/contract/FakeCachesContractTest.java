package io.drplan.testkit.contract;

import io.drplan.core.spi.CacheProvider;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;

/** The cache contract on the fake; {@code ElastiCacheProviderContractIT} runs it on moto. */
class FakeCachesContractTest extends CacheProviderContract {
    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);

    @Override
    protected CacheProvider caches() {
        return cloud.caches();
    }

    @Override
    protected void createGroup(String groupId) {
        cloud.caches().addReplicationGroup(REGION, groupId, g -> g.automaticFailover(true)
                .nodeGroup("0001", groupId + "-001", "us-east-1a", groupId + "-002", "us-east-1b"));
    }

    @Override
    protected void letTimePass() {
        time.advance(Duration.ofHours(1));
    }
}
