package io.drplan.aws;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.spi.CacheProvider;
import io.drplan.testkit.contract.CacheProviderContract;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * The cache contract on moto_server, the fake's run being {@code FakeCachesContractTest}. moto
 * 5.2.1 answers TestFailover with HTTP 500, so the test-failover cases run here only up to that
 * point; {@link ElastiCacheWireMockIT} runs them against WireMock answering in the ElastiCache API
 * reference's shapes.
 */
@ExtendWith(MotoServerExtension.class)
class ElastiCacheProviderContractIT extends CacheProviderContract {
    private final CacheProvider caches;
    private final ElastiCacheClient sdk;

    ElastiCacheProviderContractIT(MotoServer moto) {
        caches = moto.providers().caches();
        sdk = moto.sdk(ElastiCacheClient.builder(), REGION.code());
    }

    @Override
    protected CacheProvider caches() {
        return caches;
    }

    @Override
    protected void createGroup(String groupId) {
        sdk.createReplicationGroup(r -> r.replicationGroupId(groupId).replicationGroupDescription("contract")
                .engine("redis").cacheNodeType("cache.t4g.medium").numCacheClusters(2).automaticFailoverEnabled(true));
    }

    @Override
    protected void letTimePass() {
        // moto: every snapshot is available at once
    }

    @Override
    protected boolean answersTestFailover() {
        return false;
    }
}
