package io.drplan.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.core.Region;
import io.drplan.core.spi.ContainerRegistryProvider.RegistryReplicationRule;
import io.drplan.core.spi.ContainerRegistryProvider.ReplicationDestination;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ECR replication configurations with several rules. moto 5.2.1 refuses more than one rule
 * ("This feature is disabled"), so WireMock answers {@code DescribeRegistry} in the shape of the
 * ECR API reference (JSON 1.1: {@code registryId}, {@code replicationConfiguration.rules[]} with
 * {@code destinations[]} and {@code repositoryFilters[]}).
 */
class EcrRegistryWireMockIT {
    private static final Region EAST = Region.of("us-east-1");

    @RegisterExtension
    static WireMockExtension wm = AwsWireMock.server();

    private AwsClients clients;
    private AwsProviders aws;

    @BeforeEach
    void setUp() {
        clients = AwsWireMock.clients(wm);
        aws = AwsProviders.create(clients);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void replicationRules_severalRulesWithPrefixFilters_areReadInOrder() {
        wm.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerRegistry_V20150921.DescribeRegistry"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"registryId\":\"123456789012\",\"replicationConfiguration\":{\"rules\":["
                                + "{\"destinations\":[{\"region\":\"us-west-2\",\"registryId\":\"123456789012\"}],"
                                + "\"repositoryFilters\":[{\"filter\":\"vibe-back\",\"filterType\":\"PREFIX_MATCH\"}]},"
                                + "{\"destinations\":[{\"region\":\"eu-west-1\",\"registryId\":\"210987654321\"},"
                                + "{\"region\":\"us-west-2\",\"registryId\":\"123456789012\"}]}]}}")));

        List<RegistryReplicationRule> rules = aws.registries().replicationRules(EAST);

        assertThat(rules).containsExactly(
                new RegistryReplicationRule(List.of(new ReplicationDestination(Region.of("us-west-2"), "123456789012")),
                        List.of("vibe-back")),
                new RegistryReplicationRule(List.of(new ReplicationDestination(Region.of("eu-west-1"), "210987654321"),
                        new ReplicationDestination(Region.of("us-west-2"), "123456789012")), List.of()));
        assertThat(aws.registries().replicationDestinations(EAST))
                .containsExactly(Region.of("us-west-2"), Region.of("eu-west-1"));
    }

    @Test
    void replicationRules_registryNeverConfigured_isEmpty() {
        // a registry that never had PutReplicationConfiguration: the reference's response without the member
        wm.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1").withBody("{\"registryId\":\"123456789012\"}")));

        assertThat(aws.registries().replicationRules(EAST)).isEmpty();
    }
}
