package io.drplan.aws;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.drplan.core.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * WireMock helpers for AWS wire formats: an in-process server on a dynamic loopback port, clients
 * pointed at it, and responses in the query (RDS, ElastiCache) and REST-XML (Route 53) protocols.
 */
final class AwsWireMock {
    static final String RDS_NS = "http://rds.amazonaws.com/doc/2014-10-31/";
    static final String ELASTICACHE_NS = "http://elasticache.amazonaws.com/doc/2015-02-02/";
    static final String ROUTE53_NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    /** Generous: the first call of a cold JVM on a busy machine must not time out by accident. */
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** For the "slow answer" tests only. */
    static final Duration SHORT_API_CALL_TIMEOUT = Duration.ofSeconds(1);

    private AwsWireMock() { }

    static WireMockExtension server() {
        return WireMockExtension.newInstance()
                .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
                .build();
    }

    /** drplan clients against the WireMock server, with SDK retries off (the default). */
    static AwsClients clients(WireMockExtension wm) {
        return clients(wm, API_CALL_TIMEOUT);
    }

    static AwsClients clients(WireMockExtension wm, Duration apiCallTimeout) {
        return AwsClients.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .staticCredentials("testing", Secret.of("testing"))
                .apiCallTimeout(apiCallTimeout)
                .build();
    }

    /** Matches a query-protocol request by its {@code Action}. */
    static com.github.tomakehurst.wiremock.client.MappingBuilder action(String action) {
        return WireMock.post(WireMock.urlEqualTo("/"))
                .withRequestBody(WireMock.containing("Action=" + action + "&"));
    }

    /** A query-protocol success: {@code <ActionResponse><ActionResult>result</ActionResult></ActionResponse>}. */
    static ResponseDefinitionBuilder queryOk(String namespace, String action, String result) {
        return WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + result
                        + "</" + action + "Result><ResponseMetadata><RequestId>req-ok</RequestId></ResponseMetadata></"
                        + action + "Response>");
    }

    /** A query-protocol (and Route 53) error document. */
    static ResponseDefinitionBuilder error(String namespace, int status, String code, String message) {
        return WireMock.aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>"
                        + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + code + "</Code><Message>"
                        + message + "</Message></Error><RequestId>req-" + code + "</RequestId></ErrorResponse>");
    }

    /** An RDS DBInstance element. */
    static String dbInstance(String id, String status, String az, String secondaryAz, boolean withEndpoint) {
        return "<DBInstance><DBInstanceIdentifier>" + id + "</DBInstanceIdentifier>"
                + "<DBInstanceStatus>" + status + "</DBInstanceStatus>"
                + "<Engine>postgres</Engine><DBInstanceClass>db.r6g.large</DBInstanceClass>"
                + "<AvailabilityZone>" + az + "</AvailabilityZone>"
                + (secondaryAz == null ? "<MultiAZ>false</MultiAZ>"
                : "<MultiAZ>true</MultiAZ><SecondaryAvailabilityZone>" + secondaryAz + "</SecondaryAvailabilityZone>")
                + (withEndpoint ? "<Endpoint><Address>" + id + ".abc123.us-west-2.rds.amazonaws.com</Address>"
                + "<Port>5432</Port></Endpoint>" : "")
                + "</DBInstance>";
    }

    /** The ARN of the primary's automated backups replicated to us-west-2, as {@link #replicatedBackups} answers it. */
    static final String BACKUPS_ARN = "arn:aws:rds:us-west-2:123456789012:auto-backup:ab-vibe-postgres-production";

    /**
     * What moto 5.2.1 cannot serve (HTTP 500), answered in the shapes of the AWS RDS API reference over a proxy
     * to moto: in us-west-2, {@code DescribeDBInstanceAutomatedBackups} lists the primary's replicated backups
     * ({@link #BACKUPS_ARN}, restorable from {@code earliest} to {@code latest}); {@code RestoreDBInstanceToPointInTime}
     * from them answers {@code creating}; after it, {@code DescribeDBInstances} of {@code restoredId} answers it
     * available with an endpoint. Every other request goes to moto (the proxy's own lower-priority stub).
     */
    static void replicatedBackups(WireMockExtension proxy, String restoredId, Instant earliest, Instant latest) {
        proxy.stubFor(action("DescribeDBInstanceAutomatedBackups").atPriority(1)
                .withHeader("Authorization", WireMock.containing("/us-west-2/rds/aws4_request"))
                .willReturn(queryOk(RDS_NS, "DescribeDBInstanceAutomatedBackups", "<DBInstanceAutomatedBackups>"
                        + "<DBInstanceAutomatedBackup>"
                        + "<DBInstanceArn>arn:aws:rds:us-east-1:123456789012:db:vibe-postgres-production</DBInstanceArn>"
                        + "<Region>us-east-1</Region><DBInstanceIdentifier>vibe-postgres-production</DBInstanceIdentifier>"
                        + "<RestoreWindow><EarliestTime>" + earliest + "</EarliestTime>"
                        + "<LatestTime>" + latest + "</LatestTime></RestoreWindow><Status>replicating</Status>"
                        + "<Engine>postgres</Engine><BackupRetentionPeriod>7</BackupRetentionPeriod>"
                        + "<DBInstanceAutomatedBackupsArn>" + BACKUPS_ARN + "</DBInstanceAutomatedBackupsArn>"
                        + "</DBInstanceAutomatedBackup></DBInstanceAutomatedBackups>")));
        proxy.stubFor(action("RestoreDBInstanceToPointInTime").atPriority(1).inScenario("pitr")
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(WireMock.containing("SourceDBInstanceAutomatedBackupsArn="
                        + BACKUPS_ARN.replace(":", "%3A")))
                .willReturn(queryOk(RDS_NS, "RestoreDBInstanceToPointInTime",
                        dbInstance(restoredId, "creating", "us-west-2a", null, false)))
                .willSetStateTo("restored"));
        proxy.stubFor(action("DescribeDBInstances").atPriority(1).inScenario("pitr").whenScenarioStateIs("restored")
                .withRequestBody(WireMock.containing("DBInstanceIdentifier=" + restoredId))
                .willReturn(queryOk(RDS_NS, "DescribeDBInstances", "<DBInstances>"
                        + dbInstance(restoredId, "available", "us-west-2a", null, true) + "</DBInstances>")));
    }
}
