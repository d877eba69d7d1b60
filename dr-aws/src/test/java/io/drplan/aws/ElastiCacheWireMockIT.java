package io.drplan.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.drplan.aws.AwsWireMock.ELASTICACHE_NS;
import static io.drplan.aws.AwsWireMock.action;
import static io.drplan.aws.AwsWireMock.error;
import static io.drplan.aws.AwsWireMock.queryOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.core.Region;
import io.drplan.core.spi.CacheProvider;
import io.drplan.core.spi.CacheProvider.NodeGroup;
import io.drplan.core.spi.CacheProvider.ReplicationGroup;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ElastiCache test-failover, which moto answers with HTTP 500. */
class ElastiCacheWireMockIT {
    private static final Region EAST = Region.of("us-east-1");
    private static final String GROUP = "vibe-redis-production";

    @RegisterExtension
    static WireMockExtension wm = AwsWireMock.server();

    private AwsClients clients;
    private CacheProvider caches;

    @BeforeEach
    void setUp() {
        clients = AwsWireMock.clients(wm);
        caches = AwsProviders.create(clients).caches();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private static String group(String status, String primary, String primaryAz, String replica, String replicaAz) {
        return "<ReplicationGroup><ReplicationGroupId>" + GROUP + "</ReplicationGroupId><Status>" + status + "</Status>"
                + "<AutomaticFailover>enabled</AutomaticFailover><NodeGroups><NodeGroup><NodeGroupId>0001</NodeGroupId>"
                + "<Status>" + status + "</Status><NodeGroupMembers>"
                + member(primary, primaryAz, "primary") + member(replica, replicaAz, "replica")
                + "</NodeGroupMembers></NodeGroup></NodeGroups></ReplicationGroup>";
    }

    private static String member(String cluster, String az, String role) {
        return "<NodeGroupMember><CacheClusterId>" + cluster + "</CacheClusterId><CacheNodeId>0001</CacheNodeId>"
                + "<PreferredAvailabilityZone>" + az + "</PreferredAvailabilityZone><CurrentRole>" + role
                + "</CurrentRole></NodeGroupMember>";
    }

    @Test
    void testFailover_nodeGroup_primaryMovesToTheReplica() {
        wm.stubFor(action("DescribeReplicationGroups").inScenario("failover").whenScenarioStateIs(STARTED)
                .willReturn(queryOk(ELASTICACHE_NS, "DescribeReplicationGroups", "<ReplicationGroups>"
                        + group("available", GROUP + "-001", "us-east-1a", GROUP + "-002", "us-east-1b")
                        + "</ReplicationGroups>")));
        wm.stubFor(action("TestFailover").inScenario("failover").whenScenarioStateIs(STARTED)
                .withRequestBody(containing("NodeGroupId=0001"))
                .willReturn(queryOk(ELASTICACHE_NS, "TestFailover",
                        group("modifying", GROUP + "-001", "us-east-1a", GROUP + "-002", "us-east-1b")))
                .willSetStateTo("modifying"));
        wm.stubFor(action("DescribeReplicationGroups").inScenario("failover").whenScenarioStateIs("modifying")
                .willReturn(queryOk(ELASTICACHE_NS, "DescribeReplicationGroups", "<ReplicationGroups>"
                        + group("modifying", GROUP + "-001", "us-east-1a", GROUP + "-002", "us-east-1b")
                        + "</ReplicationGroups>"))
                .willSetStateTo("done"));
        wm.stubFor(action("DescribeReplicationGroups").inScenario("failover").whenScenarioStateIs("done")
                .willReturn(queryOk(ELASTICACHE_NS, "DescribeReplicationGroups", "<ReplicationGroups>"
                        + group("available", GROUP + "-002", "us-east-1b", GROUP + "-001", "us-east-1a")
                        + "</ReplicationGroups>")));
        ReplicationGroup before = caches.findReplicationGroup(EAST, GROUP).orElseThrow();

        caches.testFailover(EAST, GROUP, "0001");
        ReplicationGroup during = caches.findReplicationGroup(EAST, GROUP).orElseThrow();
        ReplicationGroup after = caches.findReplicationGroup(EAST, GROUP).orElseThrow();

        assertThat(before.nodeGroup("0001")).contains(new NodeGroup("0001", "available", GROUP + "-001", "us-east-1a"));
        assertThat(during.isAvailable()).isFalse();
        assertThat(after.isAvailable()).isTrue();
        assertThat(after.nodeGroup("0001")).contains(new NodeGroup("0001", "available", GROUP + "-002", "us-east-1b"));
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=TestFailover&"))
                .withRequestBody(containing("ReplicationGroupId=" + GROUP)));
    }

    @Test
    void testFailover_tooManyRecently_isNotRetryableInvalidRequest() {
        wm.stubFor(action("TestFailover").willReturn(error(ELASTICACHE_NS, 400, "TestFailoverNotAvailableFault",
                "Too many test failovers for node group 0001 in the last 24 hours")));

        assertThatThrownBy(() -> caches.testFailover(EAST, GROUP, "0001"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
                    assertThat(e.operation()).isEqualTo("elasticache:TestFailover");
                    assertThat(e.getMessage()).contains("node group '0001' of replication group '" + GROUP + "'");
                });
    }

    @Test
    void testFailover_throttled_isRetryable() {
        wm.stubFor(action("TestFailover").willReturn(error(ELASTICACHE_NS, 400, "ThrottlingException", "slow down")));

        assertThatThrownBy(() -> caches.testFailover(EAST, GROUP, "0001"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
                    assertThat(e.isRetryable()).isTrue();
                });
    }

    /**
     * A cluster-mode-enabled group as DescribeReplicationGroups answers it (API reference): members
     * have no CurrentRole, the group has ClusterEnabled and a configuration endpoint, no PrimaryEndpoint.
     */
    private static String clusterModeGroup(String status, String shard2Status) {
        return "<ReplicationGroup><ReplicationGroupId>" + GROUP + "</ReplicationGroupId><Status>" + status + "</Status>"
                + "<AutomaticFailover>enabled</AutomaticFailover><ClusterEnabled>true</ClusterEnabled>"
                + "<ConfigurationEndpoint><Address>clustercfg." + GROUP + ".abc123.use1.cache.amazonaws.com</Address>"
                + "<Port>6379</Port></ConfigurationEndpoint><NodeGroups>"
                + shard("0001", "available") + shard("0002", shard2Status) + "</NodeGroups></ReplicationGroup>";
    }

    private static String shard(String id, String status) {
        return "<NodeGroup><NodeGroupId>" + id + "</NodeGroupId><Status>" + status + "</Status><Slots>"
                + ("0001".equals(id) ? "0-8191" : "8192-16383") + "</Slots><NodeGroupMembers>"
                + "<NodeGroupMember><CacheClusterId>" + GROUP + "-" + id + "-001</CacheClusterId><CacheNodeId>0001"
                + "</CacheNodeId><PreferredAvailabilityZone>us-east-1a</PreferredAvailabilityZone></NodeGroupMember>"
                + "<NodeGroupMember><CacheClusterId>" + GROUP + "-" + id + "-002</CacheClusterId><CacheNodeId>0001"
                + "</CacheNodeId><PreferredAvailabilityZone>us-east-1b</PreferredAvailabilityZone></NodeGroupMember>"
                + "</NodeGroupMembers></NodeGroup>";
    }

    @Test
    void cacheFailoverStep_clusterModeEnabledNodeGroup0002_completesWithoutAPrimaryName() {
        // moto answers TestFailover with HTTP 500 and reports CurrentRole on cluster-mode groups, which
        // ElastiCache does not: WireMock answers in the API reference's shape
        wm.stubFor(action("DescribeReplicationGroups").inScenario("cluster").whenScenarioStateIs(STARTED)
                .willReturn(queryOk(ELASTICACHE_NS, "DescribeReplicationGroups", "<ReplicationGroups>"
                        + clusterModeGroup("available", "available") + "</ReplicationGroups>")));
        wm.stubFor(action("TestFailover").inScenario("cluster").whenScenarioStateIs(STARTED)
                .withRequestBody(containing("NodeGroupId=0002"))
                .willReturn(queryOk(ELASTICACHE_NS, "TestFailover", clusterModeGroup("modifying", "modifying")))
                .willSetStateTo("modifying"));
        wm.stubFor(action("DescribeReplicationGroups").inScenario("cluster").whenScenarioStateIs("modifying")
                .willReturn(queryOk(ELASTICACHE_NS, "DescribeReplicationGroups", "<ReplicationGroups>"
                        + clusterModeGroup("modifying", "modifying") + "</ReplicationGroups>"))
                .willSetStateTo("done"));
        wm.stubFor(action("DescribeReplicationGroups").inScenario("cluster").whenScenarioStateIs("done")
                .willReturn(queryOk(ELASTICACHE_NS, "DescribeReplicationGroups", "<ReplicationGroups>"
                        + clusterModeGroup("available", "available") + "</ReplicationGroups>")));
        var engine = io.drplan.core.DrEngine.builder().scheduler(io.drplan.testkit.VirtualScheduler.create())
                .providers(AwsProviders.create(clients).register(io.drplan.core.spi.Providers.builder()).build()).build();
        var plan = io.drplan.core.DrPlan.region("us-east-1").failoverTo("us-west-2").named("redis-cluster-mode")
                .objectives(o -> o.rto(java.time.Duration.ofHours(1)).rpo(java.time.Duration.ofHours(1)))
                .step("redis", s -> s.cacheFailover(GROUP).nodeGroup("0002").in("us-east-1"))
                .build();

        var step = engine.execute(plan, io.drplan.core.RunOptions.defaults().forced()).step("redis").orElseThrow();

        assertThat(step.outcome()).isEqualTo(io.drplan.core.StepOutcome.SUCCEEDED);
        assertThat(step.outputs()).containsOnlyKeys("failover").containsEntry("failover", "test-failover");
        assertThat(step.calls()).containsEntry("elasticache:TestFailover", 1)
                .containsEntry("elasticache:DescribeReplicationGroups", 3);
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=TestFailover&"))
                .withRequestBody(containing("NodeGroupId=0002")));
    }

    @Test
    void findReplicationGroup_clusterModeEnabled_nodeGroupsWithoutPrimary() {
        wm.stubFor(action("DescribeReplicationGroups").willReturn(queryOk(ELASTICACHE_NS, "DescribeReplicationGroups",
                "<ReplicationGroups>" + clusterModeGroup("available", "available") + "</ReplicationGroups>")));

        ReplicationGroup group = caches.findReplicationGroup(EAST, GROUP).orElseThrow();

        assertThat(group.nodeGroups()).containsExactly(new NodeGroup("0001", "available", null, null),
                new NodeGroup("0002", "available", null, null));
    }
}
