package io.drplan.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.aws.testing.MotoServer;
import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.core.spi.CacheProvider;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/** Deleting a replication group always takes its final snapshot: moto_server behind a WireMock proxy that records the requests. */
@ExtendWith(MotoServerExtension.class)
class ElastiCacheDeleteIT {
    private static final Region EAST = Region.of("us-east-1");
    private static final String GROUP = "vibe-redis-dr";

    @RegisterExtension
    static WireMockExtension proxy = AwsWireMock.server();

    private AwsClients clients;
    private CacheProvider caches;
    private ElastiCacheClient sdk;

    @BeforeEach
    void setUp(MotoServer moto) {
        proxy.resetAll();
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        clients = AwsClients.builder().endpointOverride(URI.create(proxy.baseUrl()))
                .staticCredentials(MotoServer.ACCESS_KEY, Secret.of(MotoServer.SECRET_KEY)).build();
        caches = AwsProviders.create(clients).caches();
        sdk = moto.sdk(ElastiCacheClient.builder(), EAST.code());
        sdk.createReplicationGroup(r -> r.replicationGroupId(GROUP).replicationGroupDescription("DR cache")
                .engine("redis").cacheNodeType("cache.t4g.medium").numCacheClusters(2));
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void deleteReplicationGroup_namesItsFinalSnapshot_andARetryIsDone() {
        caches.deleteReplicationGroup(EAST, GROUP, "drplan-final-e1-cache");

        proxy.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteReplicationGroup")
                .and(containing("ReplicationGroupId=" + GROUP))
                .and(containing("FinalSnapshotIdentifier=drplan-final-e1-cache"))
                .and(containing("RetainPrimaryCluster=false"))));
        // a retried compensation: gone or going is done
        caches.deleteReplicationGroup(EAST, GROUP, "drplan-final-e1-cache");
        assertThat(caches.findReplicationGroup(EAST, GROUP).map(CacheProvider.ReplicationGroup::status)
                .orElse("gone")).isIn("gone", "deleting");
    }

    @Test
    void deleteReplicationGroup_withoutAFinalSnapshotName_isRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> caches.deleteReplicationGroup(EAST, GROUP, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("finalSnapshotName is required: drplan never deletes a replication group ('" + GROUP
                        + "') without a final snapshot");
        proxy.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteReplicationGroup")));
        assertThat(caches.findReplicationGroup(EAST, GROUP)).isPresent();
    }
}
