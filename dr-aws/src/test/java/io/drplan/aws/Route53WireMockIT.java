package io.drplan.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.drplan.aws.AwsWireMock.ROUTE53_NS;
import static io.drplan.aws.AwsWireMock.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.core.spi.DnsProvider;
import io.drplan.core.spi.DnsProvider.DnsChange;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Route 53 changes that stay PENDING (moto makes them INSYNC at once), and Route 53's errors. */
class Route53WireMockIT {
    private static final String ZONE = "Z0123456789ABC";
    private static final FailoverRecord DR_PRIMARY = new FailoverRecord("api.vibe.dev", "CNAME", FailoverRole.PRIMARY,
            "primary", "vibe-alb-dr.us-west-2.elb.amazonaws.com", 60, "hc-1");

    @RegisterExtension
    static WireMockExtension wm = AwsWireMock.server();

    private AwsClients clients;
    private DnsProvider dns;

    @BeforeEach
    void setUp() {
        clients = AwsWireMock.clients(wm);
        dns = AwsProviders.create(clients).dns();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private static ResponseDefinitionBuilder changeInfo(String root, String status) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                "<" + root + " xmlns=\"" + ROUTE53_NS + "\"><ChangeInfo><Id>/change/C2NW1XQ7Z9</Id><Status>" + status
                        + "</Status><SubmittedAt>2026-01-01T00:00:00Z</SubmittedAt></ChangeInfo></" + root + ">");
    }

    @Test
    void getChange_pendingTwiceThenInSync_reportsEachState() {
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/"))
                .willReturn(changeInfo("ChangeResourceRecordSetsResponse", "PENDING")));
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/change/C2NW1XQ7Z9")).inScenario("sync").whenScenarioStateIs(STARTED)
                .willReturn(changeInfo("GetChangeResponse", "PENDING")).willSetStateTo("still"));
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/change/C2NW1XQ7Z9")).inScenario("sync").whenScenarioStateIs("still")
                .willReturn(changeInfo("GetChangeResponse", "PENDING")).willSetStateTo("synced"));
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/change/C2NW1XQ7Z9")).inScenario("sync").whenScenarioStateIs("synced")
                .willReturn(changeInfo("GetChangeResponse", "INSYNC")));

        DnsChange submitted = dns.upsertFailoverRecord("/hostedzone/" + ZONE, DR_PRIMARY);
        DnsChange first = dns.getChange(submitted.id());
        DnsChange second = dns.getChange("/change/" + submitted.id());
        DnsChange third = dns.getChange(submitted.id());

        assertThat(submitted).isEqualTo(new DnsChange("C2NW1XQ7Z9", "PENDING"));
        assertThat(first.isInSync()).isFalse();
        assertThat(second.isInSync()).isFalse();
        assertThat(third).isEqualTo(new DnsChange("C2NW1XQ7Z9", "INSYNC"));
        assertThat(third.isInSync()).isTrue();
        wm.verify(postRequestedFor(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/"))
                .withRequestBody(containing("<Action>UPSERT</Action>"))
                .withRequestBody(containing("<SetIdentifier>primary</SetIdentifier>"))
                .withRequestBody(containing("<Failover>PRIMARY</Failover>"))
                .withRequestBody(containing("<HealthCheckId>hc-1</HealthCheckId>"))
                .withRequestBody(containing("<Value>vibe-alb-dr.us-west-2.elb.amazonaws.com</Value>")));
        wm.verify(3, getRequestedFor(urlPathEqualTo("/2013-04-01/change/C2NW1XQ7Z9")));
    }

    @Test
    void upsertFailoverRecord_priorRequestNotComplete_isThrottled() {
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/")).willReturn(error(ROUTE53_NS, 400,
                "PriorRequestNotComplete", "The request was rejected because Route 53 was still processing a prior request.")));

        assertThatThrownBy(() -> dns.upsertFailoverRecord(ZONE, DR_PRIMARY))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.endpoint()).isEqualTo("route53/global");
                });
    }

    @Test
    void upsertFailoverRecord_throttling_isThrottled() {
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/"))
                .willReturn(error(ROUTE53_NS, 400, "Throttling", "Rate exceeded")));

        assertThatThrownBy(() -> dns.upsertFailoverRecord(ZONE, DR_PRIMARY))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.THROTTLED));
        wm.verify(1, postRequestedFor(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/")));
    }

    @Test
    void upsertFailoverRecord_accessDenied_namesRoute53Action() {
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/")).willReturn(error(ROUTE53_NS, 403,
                "AccessDenied", "User: arn:aws:iam::123456789012:user/dr-bot is not authorized to perform:"
                        + " route53:ChangeResourceRecordSets on resource: arn:aws:route53:::hostedzone/" + ZONE)));

        assertThatThrownBy(() -> dns.upsertFailoverRecord(ZONE, DR_PRIMARY))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
                    assertThat(e.permission()).contains("route53:ChangeResourceRecordSets");
                    assertThat(e.getMessage()).startsWith("route53:ChangeResourceRecordSets failed for PRIMARY failover"
                            + " record 'api.vibe.dev' CNAME in hosted zone '" + ZONE + "' on route53/global: access"
                            + " denied (AccessDenied, HTTP 403: User: arn:aws:iam::123456789012:user/dr-bot is not"
                            + " authorized to perform: route53:ChangeResourceRecordSets");
                });
    }

    @Test
    void upsertFailoverRecord_invalidChangeBatch_isInvalidRequest() {
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/")).willReturn(error(ROUTE53_NS, 400,
                "InvalidChangeBatch", "RRSet of type CNAME with DNS name api.vibe.dev. is not permitted")));

        assertThatThrownBy(() -> dns.upsertFailoverRecord(ZONE, DR_PRIMARY))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
    }

    @Test
    void getHealthCheckStatus_mostCheckersFailing_isUnhealthy() {
        String obs = "<HealthCheckObservation><Region>us-east-1</Region><IPAddress>15.177.2.1</IPAddress><StatusReport>"
                + "<Status>%s</Status><CheckedTime>2026-01-01T00:00:00Z</CheckedTime></StatusReport></HealthCheckObservation>";
        StringBuilder body = new StringBuilder("<GetHealthCheckStatusResponse xmlns=\"" + ROUTE53_NS
                + "\"><HealthCheckObservations>");
        for (int i = 0; i < 8; i++) {
            body.append(String.format(obs, i == 0 ? "Success: HTTP Status Code 200, OK"
                    : "Failure: Connection timed out."));
        }
        body.append("</HealthCheckObservations></GetHealthCheckStatusResponse>");
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/healthcheck/hc-1/status"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body.toString())));

        DnsProvider.HealthCheckStatus status = dns.getHealthCheckStatus("hc-1");

        assertThat(status.healthy()).as("1 of 8 is under Route 53's 18%").isFalse();
        assertThat(status.detail()).isEqualTo("1 of 8 checkers report success; us-east-1: Success: HTTP Status Code 200, OK");
    }
}
