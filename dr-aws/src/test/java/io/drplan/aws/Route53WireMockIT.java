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

    /** The change is submitted PENDING, read PENDING twice, then INSYNC. */
    private static void changePendingTwiceThenInSync() {
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/"))
                .willReturn(changeInfo("ChangeResourceRecordSetsResponse", "PENDING")));
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/change/C2NW1XQ7Z9")).inScenario("sync").whenScenarioStateIs(STARTED)
                .willReturn(changeInfo("GetChangeResponse", "PENDING")).willSetStateTo("still"));
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/change/C2NW1XQ7Z9")).inScenario("sync").whenScenarioStateIs("still")
                .willReturn(changeInfo("GetChangeResponse", "PENDING")).willSetStateTo("synced"));
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/change/C2NW1XQ7Z9")).inScenario("sync").whenScenarioStateIs("synced")
                .willReturn(changeInfo("GetChangeResponse", "INSYNC")));
    }

    @Test
    void getChange_pendingTwiceThenInSync_reportsEachState() {
        changePendingTwiceThenInSync();

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

    private static ResponseDefinitionBuilder recordPage(boolean truncated, String... names) {
        StringBuilder body = new StringBuilder("<ListResourceRecordSetsResponse xmlns=\"" + ROUTE53_NS
                + "\"><ResourceRecordSets>");
        for (String n : names) {
            body.append("<ResourceRecordSet><Name>").append(n).append("</Name><Type>A</Type><TTL>60</TTL>")
                    .append("<ResourceRecords><ResourceRecord><Value>10.0.0.1</Value></ResourceRecord>")
                    .append("</ResourceRecords></ResourceRecordSet>");
        }
        body.append("</ResourceRecordSets><IsTruncated>").append(truncated).append("</IsTruncated>");
        if (truncated) {
            body.append("<NextRecordName>zz.vibe.dev.</NextRecordName><NextRecordType>A</NextRecordType>");
        }
        body.append("<MaxItems>3</MaxItems></ListResourceRecordSetsResponse>");
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body.toString());
    }

    @Test
    void listFailoverRecords_nameWithoutRecordsInALargeZone_readsOnePage() {
        // given: the listing from 'api.vibe.dev' starts at the next name, and the zone goes on for pages
        String path = "/2013-04-01/hostedzone/" + ZONE + "/rrset";
        wm.stubFor(get(urlPathEqualTo(path)).inScenario("pages").whenScenarioStateIs(STARTED)
                .willReturn(recordPage(true, "app.vibe.dev.", "b.vibe.dev.", "c.vibe.dev.")).willSetStateTo("page2"));
        wm.stubFor(get(urlPathEqualTo(path)).inScenario("pages").whenScenarioStateIs("page2")
                .willReturn(recordPage(false, "zz.vibe.dev.")));

        // when
        var records = dns.listFailoverRecords(ZONE, "api.vibe.dev");

        // then
        assertThat(records).isEmpty();
        wm.verify(1, getRequestedFor(urlPathEqualTo(path)));
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

    private static final String LIST_PATH = "/2013-04-01/hostedzone/" + ZONE + "/rrset";

    /** Two A alias failover records, in ListResourceRecordSets' XML shape (API reference, 2013-04-01). */
    private static ResponseDefinitionBuilder aliasRecords(String primaryTarget, String primaryZone, String secondaryTarget,
                                                          String secondaryZone) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                "<ListResourceRecordSetsResponse xmlns=\"" + ROUTE53_NS + "\"><ResourceRecordSets>"
                        + aliasRecord("vibe-use1", "PRIMARY", primaryTarget, primaryZone, "hc-1")
                        + aliasRecord("vibe-usw2", "SECONDARY", secondaryTarget, secondaryZone, null)
                        + "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>"
                        + "</ListResourceRecordSetsResponse>");
    }

    private static String aliasRecord(String setId, String role, String target, String zone, String hc) {
        return "<ResourceRecordSet><Name>api.vibe.dev.</Name><Type>A</Type><SetIdentifier>" + setId + "</SetIdentifier>"
                + "<Failover>" + role + "</Failover><AliasTarget><HostedZoneId>" + zone + "</HostedZoneId><DNSName>"
                + target + "</DNSName><EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget>"
                + (hc == null ? "" : "<HealthCheckId>" + hc + "</HealthCheckId>") + "</ResourceRecordSet>";
    }

    private static final String EAST_ALB = "dualstack.vibe-alb-use1-1.us-east-1.elb.amazonaws.com.";
    private static final String WEST_ALB = "dualstack.vibe-alb-usw2-1.us-west-2.elb.amazonaws.com.";

    @Test
    void upsertFailoverRecords_refused_oneRequestCarriedBothChanges() {
        // Route 53 applies a batch whole or not at all; moto 5.2.1 applies part of a refused one, hence WireMock
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/")).willReturn(error(ROUTE53_NS, 400,
                "InvalidChangeBatch", "[Tried to create resource record set [name='api.vibe.dev.', type='A',"
                        + " set-identifier='vibe-usw2'] but it already exists]")));
        var primary = FailoverRecord.alias("api.vibe.dev.", "A", FailoverRole.PRIMARY, "vibe-use1",
                new DnsProvider.AliasTarget("Z1H1FL5HABSF5", WEST_ALB, true), null);
        var secondary = FailoverRecord.alias("api.vibe.dev.", "A", FailoverRole.SECONDARY, "vibe-usw2",
                new DnsProvider.AliasTarget("Z35SXDOTRQ7X7K", EAST_ALB, false), null);

        assertThatThrownBy(() -> dns.upsertFailoverRecords(ZONE, java.util.List.of(primary, secondary)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
                    assertThat(e.getMessage()).startsWith("route53:ChangeResourceRecordSets failed for PRIMARY failover"
                            + " record 'api.vibe.dev.' A and SECONDARY failover record 'api.vibe.dev.' A in hosted zone '"
                            + ZONE + "'");
                });
        wm.verify(1, postRequestedFor(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matching("(?s).*<Changes><Change>"
                        + "<Action>UPSERT</Action>.*<SetIdentifier>vibe-use1</SetIdentifier>.*</Change><Change>"
                        + "<Action>UPSERT</Action>.*<SetIdentifier>vibe-usw2</SetIdentifier>.*</Change></Changes>.*"))
                .withRequestBody(containing("<AliasTarget><HostedZoneId>Z1H1FL5HABSF5</HostedZoneId><DNSName>" + WEST_ALB
                        + "</DNSName><EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget>"))
                .withRequestBody(containing("<EvaluateTargetHealth>false</EvaluateTargetHealth>"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("<TTL>")));
    }

    @Test
    void listFailoverRecords_aliasRecords_readAsAliasesWithTheirZoneAndEvaluateTargetHealth() {
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).willReturn(aliasRecords(EAST_ALB, "Z35SXDOTRQ7X7K", WEST_ALB,
                "Z1H1FL5HABSF5")));

        var records = dns.listFailoverRecords(ZONE, "api.vibe.dev");

        assertThat(records).containsExactly(
                FailoverRecord.alias("api.vibe.dev.", "A", FailoverRole.PRIMARY, "vibe-use1",
                        new DnsProvider.AliasTarget("Z35SXDOTRQ7X7K", EAST_ALB, true), "hc-1"),
                FailoverRecord.alias("api.vibe.dev.", "A", FailoverRole.SECONDARY, "vibe-usw2",
                        new DnsProvider.AliasTarget("Z1H1FL5HABSF5", WEST_ALB, true), null));
    }

    /** A one-step plan, PRIMARY to the us-west-2 ALB and SECONDARY to the us-east-1 one, on virtual time. */
    private io.drplan.core.ExecutionReport executeDnsFailover() {
        var engine = io.drplan.core.DrEngine.builder().scheduler(io.drplan.testkit.VirtualScheduler.create())
                .providers(AwsProviders.create(clients).register(io.drplan.core.spi.Providers.builder()).build()).build();
        return engine.execute(io.drplan.core.DrPlan.region("us-east-1").failoverTo("us-west-2").named("dns")
                .objectives(o -> o.rto(java.time.Duration.ofHours(1)).rpo(java.time.Duration.ofHours(1)))
                .step("dns", s -> s.dnsFailover(ZONE, "api.vibe.dev").primaryAlias(WEST_ALB, "Z1H1FL5HABSF5")
                        .secondaryAlias(EAST_ALB, "Z35SXDOTRQ7X7K"))
                .build());
    }

    @Test
    void dnsFailoverStep_changePendingTwice_waitsUntilInSync() {
        // given: Route 53 keeps the change PENDING for two polls (moto makes it INSYNC at once)
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).willReturn(aliasRecords(EAST_ALB, "Z35SXDOTRQ7X7K", WEST_ALB,
                "Z1H1FL5HABSF5")));
        changePendingTwiceThenInSync();
        var report = executeDnsFailover();

        var step = report.step("dns").orElseThrow();
        assertThat(step.outcome()).isEqualTo(io.drplan.core.StepOutcome.SUCCEEDED);
        assertThat(step.outputs()).containsEntry("changeId", "C2NW1XQ7Z9");
        assertThat(step.calls()).containsEntry("route53:ChangeResourceRecordSets", 1)
                .containsEntry("route53:GetChange", 3);
        wm.verify(1, postRequestedFor(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/"))
                .withRequestBody(containing("<SetIdentifier>vibe-use1</SetIdentifier>"))
                .withRequestBody(containing("<SetIdentifier>vibe-usw2</SetIdentifier>")));
        wm.verify(3, getRequestedFor(urlPathEqualTo("/2013-04-01/change/C2NW1XQ7Z9")));
    }

    /** Route 53's own error shape for a refused batch (API reference, ChangeResourceRecordSets: InvalidChangeBatch). */
    private static ResponseDefinitionBuilder invalidChangeBatch(String message) {
        return aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><InvalidChangeBatch xmlns=\"" + ROUTE53_NS + "\"><Messages>"
                        + "<Message>" + message + "</Message></Messages><RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb"
                        + "</RequestId></InvalidChangeBatch>");
    }

    @Test
    void replaceFailoverRecords_oneBatch_deletesEveryValueAsReadThenCreates() {
        // moto compares a DELETE with any earlier write of the name, not the record now: the request is checked here
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/"))
                .willReturn(changeInfo("ChangeResourceRecordSetsResponse", "PENDING")));
        var old = FailoverRecord.alias("api.vibe.dev.", "A", FailoverRole.PRIMARY, "vibe-use1",
                new DnsProvider.AliasTarget("Z35SXDOTRQ7X7K", EAST_ALB, true), "hc-1");
        var moved = FailoverRecord.alias("api.vibe.dev.", "A", FailoverRole.PRIMARY, "vibe-use1",
                new DnsProvider.AliasTarget("Z1H1FL5HABSF5", WEST_ALB, true), null);

        DnsChange change = dns.replaceFailoverRecords(ZONE, java.util.List.of(old), java.util.List.of(moved));

        assertThat(change).isEqualTo(new DnsChange("C2NW1XQ7Z9", "PENDING"));
        wm.verify(1, postRequestedFor(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matching("(?s).*<Changes>"
                        + "<Change><Action>DELETE</Action><ResourceRecordSet><Name>api.vibe.dev.</Name><Type>A</Type>"
                        + "<SetIdentifier>vibe-use1</SetIdentifier><Failover>PRIMARY</Failover><AliasTarget><HostedZoneId>"
                        + "Z35SXDOTRQ7X7K</HostedZoneId><DNSName>" + EAST_ALB + "</DNSName><EvaluateTargetHealth>true"
                        + "</EvaluateTargetHealth></AliasTarget><HealthCheckId>hc-1</HealthCheckId></ResourceRecordSet>"
                        + "</Change><Change><Action>CREATE</Action><ResourceRecordSet><Name>api.vibe.dev.</Name>"
                        + "<Type>A</Type><SetIdentifier>vibe-use1</SetIdentifier><Failover>PRIMARY</Failover>"
                        + "<AliasTarget><HostedZoneId>Z1H1FL5HABSF5</HostedZoneId><DNSName>" + WEST_ALB + "</DNSName>"
                        + "<EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget></ResourceRecordSet></Change>"
                        + "</Changes>.*")));
    }

    @Test
    void replaceFailoverRecords_deleteNoLongerMatches_isInvalidRequest() {
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/")).willReturn(invalidChangeBatch(
                "Tried to delete resource record set [name='api.vibe.dev.', type='CNAME', set-identifier='primary']"
                        + " but the values provided do not match the current values")));

        assertThatThrownBy(() -> dns.replaceFailoverRecords(ZONE, java.util.List.of(DR_PRIMARY), java.util.List.of(
                DR_PRIMARY)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("(InvalidChangeBatch, HTTP 400: Tried to delete resource record"
                            + " set [name='api.vibe.dev.', type='CNAME', set-identifier='primary'] but the values provided"
                            + " do not match the current values, request id b25f48e8-84fd-11e6-80d9-574e0c4664cb)");
                });
    }

    @Test
    void dnsFailoverStep_recordsChangedAfterThePreflightReadThem_refusedThenReadAgainAndChanged() {
        // given: the preflight lists the records; before the change someone points the SECONDARY elsewhere
        String otherWest = "dualstack.vibe-alb-usw2-2.us-west-2.elb.amazonaws.com.";
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).inScenario("zone").whenScenarioStateIs(STARTED)
                .willReturn(aliasRecords(EAST_ALB, "Z35SXDOTRQ7X7K", WEST_ALB, "Z1H1FL5HABSF5")).willSetStateTo("changed"));
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).inScenario("zone").whenScenarioStateIs("changed")
                .willReturn(aliasRecords(EAST_ALB, "Z35SXDOTRQ7X7K", otherWest, "Z1H1FL5HABSF5")));
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/")).inScenario("cas")
                .whenScenarioStateIs(STARTED).willReturn(invalidChangeBatch("Tried to delete resource record set"
                        + " [name='api.vibe.dev.', type='A', set-identifier='vibe-usw2'] but the values provided do not"
                        + " match the current values")).willSetStateTo("refused"));
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/")).inScenario("cas")
                .whenScenarioStateIs("refused").willReturn(changeInfo("ChangeResourceRecordSetsResponse", "INSYNC")));
        // when
        var report = executeDnsFailover();

        // then: the first batch acted on the preflight's reading and was refused whole; the second on what is there
        var step = report.step("dns").orElseThrow();
        assertThat(step.outcome()).isEqualTo(io.drplan.core.StepOutcome.SUCCEEDED);
        assertThat(step.calls()).containsEntry("route53:ListResourceRecordSets", 1)
                .containsEntry("route53:ChangeResourceRecordSets", 2);
        assertThat(step.outputs().get("previousRecords").toString()).contains(otherWest).doesNotContain(WEST_ALB);
        wm.verify(2, getRequestedFor(urlPathEqualTo(LIST_PATH)));
        var posts = wm.findAll(postRequestedFor(urlEqualTo("/2013-04-01/hostedzone/" + ZONE + "/rrset/")));
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0).getBodyAsString()).contains("<Action>DELETE</Action>").contains(WEST_ALB)
                .doesNotContain(otherWest);
        assertThat(posts.get(1).getBodyAsString()).contains("<DNSName>" + otherWest + "</DNSName>")
                .contains("<Action>CREATE</Action>");
    }
}
