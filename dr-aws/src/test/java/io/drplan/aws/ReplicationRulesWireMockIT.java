package io.drplan.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.core.Region;
import io.drplan.core.spi.ContainerRegistryProvider.RegistryReplicationRule;
import io.drplan.core.spi.ContainerRegistryProvider.ReplicationDestination;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.ObjectStorageProvider.ReplicationRule;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replication rules moto 5.2.1 cannot hold, answered by WireMock in the shapes of the API references:
 * <ul>
 * <li>S3: moto answers every replication rule's {@code Filter} as {@code Prefix ""} whatever was put;
 *     here GetBucketVersioning, GetBucketReplication with {@code Filter/Prefix} and {@code Filter/And},
 *     GetBucketLifecycleConfiguration's NoSuchLifecycleConfiguration and GetBucketLocation (REST-XML).</li>
 * <li>ECR: moto refuses more than one replication rule ("This feature is disabled"); here
 *     DescribeRegistry (JSON 1.1: {@code registryId}, {@code replicationConfiguration.rules[]} with
 *     {@code destinations[]} and {@code repositoryFilters[]}).</li>
 * </ul>
 */
class ReplicationRulesWireMockIT {
    private static final Region EAST = Region.of("us-east-1");
    private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";

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

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);
    }

    @Test
    void describeProtection_filteredReplicationRules_nameTheirFilters() {
        wm.stubFor(get(urlEqualTo("/files?versioning")).willReturn(xml(200,
                "<VersioningConfiguration xmlns=\"" + NS + "\"><Status>Enabled</Status></VersioningConfiguration>")));
        wm.stubFor(get(urlEqualTo("/files?replication")).willReturn(xml(200,
                "<ReplicationConfiguration xmlns=\"" + NS + "\"><Role>arn:aws:iam::123456789012:role/s3-replication</Role>"
                        + "<Rule><ID>logs-only</ID><Priority>1</Priority><Status>Enabled</Status>"
                        + "<Filter><Prefix>logs/</Prefix></Filter>"
                        + "<DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication>"
                        + "<Destination><Bucket>arn:aws:s3:::files-dr</Bucket></Destination></Rule>"
                        + "<Rule><ID>tagged</ID><Priority>2</Priority><Status>Enabled</Status>"
                        + "<Filter><And><Prefix>img/</Prefix><Tag><Key>env</Key><Value>prod</Value></Tag></And></Filter>"
                        + "<DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication>"
                        + "<Destination><Bucket>arn:aws:s3:::files-dr</Bucket></Destination></Rule>"
                        + "</ReplicationConfiguration>")));
        wm.stubFor(get(urlEqualTo("/files?lifecycle")).willReturn(xml(404,
                "<Error><Code>NoSuchLifecycleConfiguration</Code><Message>The lifecycle configuration does not exist"
                        + "</Message><BucketName>files</BucketName><RequestId>req-1</RequestId></Error>")));
        wm.stubFor(get(urlEqualTo("/files-dr?location")).willReturn(xml(200,
                "<LocationConstraint xmlns=\"" + NS + "\">us-west-2</LocationConstraint>")));

        BucketProtection p = aws.objectStorage().describeProtection(Region.of("us-east-1"), "files");

        assertThat(p).isEqualTo(new BucketProtection("files", "Enabled", List.of(
                new ReplicationRule("logs-only", "Enabled", "prefix 'logs/'", "arn:aws:s3:::files-dr", Region.of("us-west-2")),
                new ReplicationRule("tagged", "Enabled", "prefix 'img/' and tag env=prod", "arn:aws:s3:::files-dr",
                        Region.of("us-west-2"))), List.of()));
        // one GetBucketLocation for the two rules' one destination
        wm.verify(1, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/files-dr?location")));
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
