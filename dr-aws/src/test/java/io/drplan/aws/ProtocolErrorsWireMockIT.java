package io.drplan.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.core.Region;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The error mapping across the other wire formats: EC2's own XML ({@code Response/Errors/Error}),
 * ECR's and EKS's JSON ({@code __type}), ELBv2's query XML and S3's REST XML.
 */
class ProtocolErrorsWireMockIT {
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

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ec2Error(int status, String code,
                                                                                            String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(
                "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error></Errors><RequestID>req-ec2</RequestID></Response>");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder jsonError(int status, String type,
                                                                                             String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-ErrorType", type)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    @Test
    void regionHealth_ec2RequestLimitExceeded_isThrottled() {
        wm.stubFor(post(urlEqualTo("/")).willReturn(ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.")));

        assertThatThrownBy(() -> aws.regionHealth().probe(EAST))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
                    assertThat(e.operation()).isEqualTo("ec2:DescribeVpcs");
                    assertThat(e.endpoint()).isEqualTo("ec2/us-east-1");
                });
    }

    @Test
    void regionHealth_ec2UnauthorizedOperation_namesDescribeVpcs() {
        wm.stubFor(post(urlEqualTo("/")).willReturn(ec2Error(403, "UnauthorizedOperation",
                "You are not authorized to perform this operation.")));

        assertThatThrownBy(() -> aws.regionHealth().probe(EAST))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
                    assertThat(e.permission()).contains("ec2:DescribeVpcs");
                });
    }

    @Test
    void imageExists_ecrThrottlingException_isThrottledNotFalse() {
        wm.stubFor(post(urlEqualTo("/")).willReturn(jsonError(400, "ThrottlingException", "Rate exceeded")));

        assertThatThrownBy(() -> aws.registries().imageExists(Region.of("us-west-2"), "vibe-backend", "v1"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
                    assertThat(e.operation()).isEqualTo("ecr:DescribeImages");
                });
    }

    @Test
    void replicationDestinations_ecrAccessDenied_namesDescribeRegistry() {
        wm.stubFor(post(urlEqualTo("/")).willReturn(jsonError(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/dr-bot is not authorized to perform: ecr:DescribeRegistry on"
                        + " resource: *")));

        assertThatThrownBy(() -> aws.registries().replicationDestinations(EAST))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
                    assertThat(e.permission()).contains("ecr:DescribeRegistry");
                });
    }

    @Test
    void findEksCluster_tooManyRequests_isThrottled() {
        wm.stubFor(any(anyUrl()).willReturn(jsonError(429, "TooManyRequestsException", "slow down")));

        assertThatThrownBy(() -> aws.findEksCluster(Region.of("us-west-2"), "dr-cluster"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
                    assertThat(e.operation()).isEqualTo("eks:DescribeCluster");
                });
    }

    @Test
    void describeTargetHealth_elbThrottling_isThrottled() {
        wm.stubFor(post(urlEqualTo("/")).willReturn(AwsWireMock.error(
                "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", 400, "Throttling", "Rate exceeded")));

        assertThatThrownBy(() -> aws.loadBalancers().describeTargetHealth(Region.of("us-west-2"),
                "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/tg/1"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
                    assertThat(e.endpoint()).isEqualTo("elasticloadbalancing/us-west-2");
                });
    }

    @Test
    void describeProtection_s3SlowDown_isThrottled() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>"
                        + "<RequestId>req-s3</RequestId></Error>")));

        assertThatThrownBy(() -> aws.objectStorage().describeProtection(EAST, "vibe-files-production"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
                    assertThat(e.operation()).isEqualTo("s3:GetBucketVersioning");
                });
    }

    @Test
    void describeProtection_s3AccessDeniedOnReplication_namesGetReplicationConfiguration() {
        wm.stubFor(any(anyUrl()).withQueryParam("versioning", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/xml")
                        .withBody("<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
                                + "<RequestId>req-s3</RequestId></Error>")));
        wm.stubFor(any(anyUrl()).withQueryParam("versioning", com.github.tomakehurst.wiremock.client.WireMock.matching(".*"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
                        .withBody("<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                + "<Status>Enabled</Status></VersioningConfiguration>")));

        assertThatThrownBy(() -> aws.objectStorage().describeProtection(EAST, "vibe-files-production"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
                    assertThat(e.permission()).contains("s3:GetReplicationConfiguration");
                    assertThat(e.operation()).isEqualTo("s3:GetReplicationConfiguration");
                });
    }
}
