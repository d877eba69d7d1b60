package io.drplan.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.drplan.aws.AwsWireMock.RDS_NS;
import static io.drplan.aws.AwsWireMock.action;
import static io.drplan.aws.AwsWireMock.dbInstance;
import static io.drplan.aws.AwsWireMock.error;
import static io.drplan.aws.AwsWireMock.queryOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DatabaseProvider.DbRestore;
import io.drplan.core.spi.DatabaseProvider.SnapshotCopy;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/** What moto cannot do for RDS: state transitions, a real AZ swap, throttling, 5xx, slow answers, resets, denials. */
class RdsWireMockIT {
    private static final Region WEST = Region.of("us-west-2");
    private static final String DB = "vibe-postgres-dr";

    @RegisterExtension
    static WireMockExtension wm = AwsWireMock.server();

    private AwsClients clients;
    private AwsDatabaseProvider databases;

    @BeforeEach
    void setUp() {
        clients = AwsWireMock.clients(wm);
        databases = AwsProviders.create(clients).databases();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void findInstance_restoringInstance_goesCreatingThenBackingUpThenAvailable() {
        wm.stubFor(action("DescribeDBInstances").inScenario("restore").whenScenarioStateIs(STARTED)
                .willReturn(queryOk(RDS_NS, "DescribeDBInstances",
                        "<DBInstances>" + dbInstance(DB, "creating", "us-west-2a", null, false) + "</DBInstances>"))
                .willSetStateTo("backing-up"));
        wm.stubFor(action("DescribeDBInstances").inScenario("restore").whenScenarioStateIs("backing-up")
                .willReturn(queryOk(RDS_NS, "DescribeDBInstances",
                        "<DBInstances>" + dbInstance(DB, "backing-up", "us-west-2a", null, true) + "</DBInstances>"))
                .willSetStateTo("available"));
        wm.stubFor(action("DescribeDBInstances").inScenario("restore").whenScenarioStateIs("available")
                .willReturn(queryOk(RDS_NS, "DescribeDBInstances",
                        "<DBInstances>" + dbInstance(DB, "available", "us-west-2a", null, true) + "</DBInstances>")));

        DbInstance first = databases.findInstance(WEST, DB).orElseThrow();
        DbInstance second = databases.findInstance(WEST, DB).orElseThrow();
        DbInstance third = databases.findInstance(WEST, DB).orElseThrow();

        assertThat(first.status()).isEqualTo("creating");
        assertThat(first.endpoint()).isNull();
        assertThat(first.port()).isZero();
        assertThat(second.status()).isEqualTo("backing-up");
        assertThat(second.isAvailable()).isFalse();
        assertThat(third.status()).isEqualTo("available");
        assertThat(third.isAvailable()).isTrue();
        assertThat(third.endpoint()).isEqualTo("vibe-postgres-dr.abc123.us-west-2.rds.amazonaws.com");
        assertThat(third.port()).isEqualTo(5432);
        wm.verify(3, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("DBInstanceIdentifier=" + DB)));
    }

    @Test
    void rebootWithFailover_multiAz_sendsForceFailoverAndAvailabilityZonesSwap() {
        String id = "vibe-postgres-production";
        wm.stubFor(action("DescribeDBInstances").inScenario("failover").whenScenarioStateIs(STARTED)
                .willReturn(queryOk(RDS_NS, "DescribeDBInstances",
                        "<DBInstances>" + dbInstance(id, "available", "us-east-1a", "us-east-1b", true) + "</DBInstances>")));
        wm.stubFor(action("RebootDBInstance").inScenario("failover").whenScenarioStateIs(STARTED)
                .withRequestBody(containing("ForceFailover=true"))
                .willReturn(queryOk(RDS_NS, "RebootDBInstance",
                        dbInstance(id, "rebooting", "us-east-1a", "us-east-1b", true)))
                .willSetStateTo("failed-over"));
        wm.stubFor(action("DescribeDBInstances").inScenario("failover").whenScenarioStateIs("failed-over")
                .willReturn(queryOk(RDS_NS, "DescribeDBInstances",
                        "<DBInstances>" + dbInstance(id, "available", "us-east-1b", "us-east-1a", true) + "</DBInstances>")));
        Region east = Region.of("us-east-1");
        DbInstance before = databases.findInstance(east, id).orElseThrow();

        DbInstance rebooting = databases.rebootWithFailover(east, id);
        DbInstance after = databases.findInstance(east, id).orElseThrow();

        assertThat(rebooting.status()).isEqualTo("rebooting");
        assertThat(before.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(before.secondaryAvailabilityZone()).isEqualTo("us-east-1b");
        assertThat(after.availabilityZone()).as("the primary moved to the old standby's AZ").isEqualTo("us-east-1b");
        assertThat(after.secondaryAvailabilityZone()).isEqualTo("us-east-1a");
        assertThat(databases.failoverCompleted(before, rebooting)).isFalse();
        assertThat(databases.failoverCompleted(before, after)).isTrue();
    }

    @Test
    void findInstance_throttledThreeTimes_eachCallIsOneRequestAndThrottledUntilItPasses() {
        wm.stubFor(action("DescribeDBInstances").inScenario("throttle").whenScenarioStateIs(STARTED)
                .willReturn(error(RDS_NS, 400, "Throttling", "Rate exceeded")).willSetStateTo("1"));
        wm.stubFor(action("DescribeDBInstances").inScenario("throttle").whenScenarioStateIs("1")
                .willReturn(error(RDS_NS, 400, "Throttling", "Rate exceeded")).willSetStateTo("2"));
        wm.stubFor(action("DescribeDBInstances").inScenario("throttle").whenScenarioStateIs("2")
                .willReturn(error(RDS_NS, 400, "Throttling", "Rate exceeded")).willSetStateTo("ok"));
        wm.stubFor(action("DescribeDBInstances").inScenario("throttle").whenScenarioStateIs("ok")
                .willReturn(queryOk(RDS_NS, "DescribeDBInstances",
                        "<DBInstances>" + dbInstance(DB, "available", "us-west-2a", null, true) + "</DBInstances>")));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> databases.findInstance(WEST, DB))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
                        assertThat(e.isRetryable()).isTrue();
                        assertThat(e.operation()).isEqualTo("rds:DescribeDBInstances");
                        assertThat(e.endpoint()).isEqualTo("rds/us-west-2");
                        assertThat(e.getMessage()).isEqualTo("rds:DescribeDBInstances failed for DB instance"
                                + " 'vibe-postgres-dr' on rds/us-west-2: AWS throttled the call (Throttling, HTTP 400:"
                                + " Rate exceeded, request id req-Throttling). Retryable: the engine backs off and"
                                + " tries again; if it persists, lower the plan's concurrency or ask AWS for a higher"
                                + " rds quota in us-west-2");
                    });
        }
        assertThat(databases.findInstance(WEST, DB)).get().extracting(DbInstance::status).isEqualTo("available");
        // SDK retries are off: four calls, four requests, so the engine's retries are the only ones.
        wm.verify(4, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void findInstance_sdkRetriesTurnedOn_retriesInsideTheSdk() {
        wm.stubFor(action("DescribeDBInstances").inScenario("throttle").whenScenarioStateIs(STARTED)
                .willReturn(error(RDS_NS, 400, "Throttling", "Rate exceeded")).willSetStateTo("ok"));
        wm.stubFor(action("DescribeDBInstances").inScenario("throttle").whenScenarioStateIs("ok")
                .willReturn(queryOk(RDS_NS, "DescribeDBInstances",
                        "<DBInstances>" + dbInstance(DB, "available", "us-west-2a", null, true) + "</DBInstances>")));
        try (AwsClients stacked = AwsClients.builder().endpointOverride(URI.create(wm.baseUrl()))
                .staticCredentials("testing", io.drplan.core.Secret.of("testing"))
                .sdkRetryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3)
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately()).build())
                .build()) {

            DbInstance instance = AwsProviders.create(stacked).databases().findInstance(WEST, DB).orElseThrow();

            assertThat(instance.status()).isEqualTo("available");
            assertThat(stacked.sdkRetriesEnabled()).isTrue();
            wm.verify(2, postRequestedFor(urlEqualTo("/")));
        }
    }

    @Test
    void findInstance_internalError_isRetryableServerError() {
        wm.stubFor(action("DescribeDBInstances").willReturn(error(RDS_NS, 500, "InternalFailure", "internal error")));

        assertThatThrownBy(() -> databases.findInstance(WEST, DB))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).contains("AWS failed on its side (InternalFailure, HTTP 500: internal error");
                });
        wm.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void findInstance_serviceUnavailable_isRetryableServerError() {
        wm.stubFor(action("DescribeDBInstances").willReturn(error(RDS_NS, 503, "ServiceUnavailable", "try later")));

        assertThatThrownBy(() -> databases.findInstance(WEST, DB))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR));
    }

    @Test
    void findInstance_answerSlowerThanCallTimeout_isRetryableUnavailable() {
        wm.stubFor(action("DescribeDBInstances").willReturn(queryOk(RDS_NS, "DescribeDBInstances", "<DBInstances/>")
                .withFixedDelay((int) AwsWireMock.SHORT_API_CALL_TIMEOUT.toMillis() * 3)));
        try (AwsClients impatient = AwsWireMock.clients(wm, AwsWireMock.SHORT_API_CALL_TIMEOUT)) {
            AwsDatabaseProvider slow = AwsProviders.create(impatient).databases();

            assertThatThrownBy(() -> slow.findInstance(WEST, DB))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                        assertThat(e.isRetryable()).isTrue();
                        assertThat(e.endpoint()).isEqualTo("rds/us-west-2");
                        assertThat(e.getMessage()).contains("the endpoint could not be reached or did not answer in time"
                                + " (ApiCallTimeoutException");
                    });
        }
    }

    @Test
    void findInstance_connectionReset_isRetryableUnavailable() {
        wm.stubFor(action("DescribeDBInstances").willReturn(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> databases.findInstance(WEST, DB))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).startsWith("rds:DescribeDBInstances failed for DB instance"
                            + " 'vibe-postgres-dr' on rds/us-west-2: the endpoint could not be reached");
                });
    }

    @Test
    void findInstance_emptyResponse_isRetryableUnavailable() {
        wm.stubFor(action("DescribeDBInstances").willReturn(WireMock.aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertThatThrownBy(() -> databases.findInstance(WEST, DB))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void findInstance_nothingListening_isRetryableUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (AwsClients dead = AwsClients.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .staticCredentials("testing", io.drplan.core.Secret.of("testing")).build()) {

            assertThatThrownBy(() -> AwsProviders.create(dead).databases().findInstance(WEST, DB))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("Connection refused");
                    });
        }
    }

    @Test
    void restoreFromSnapshot_accessDenied_namesTheRefusedIamAction() {
        wm.stubFor(action("RestoreDBInstanceFromDBSnapshot").willReturn(error(RDS_NS, 403, "AccessDenied",
                "User: arn:aws:iam::123456789012:user/dr-bot is not authorized to perform:"
                        + " rds:RestoreDBInstanceFromDBSnapshot on resource: arn:aws:rds:us-west-2:123456789012:db:"
                        + DB + " because no identity-based policy allows the rds:RestoreDBInstanceFromDBSnapshot action")));

        assertThatThrownBy(() -> databases.restoreFromSnapshot(new DbRestore(WEST, "snap-1-dr", DB,
                "vibe-db-subnet-group-dr", List.of("sg-0123"), null, false)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.permission()).contains("rds:RestoreDBInstanceFromDBSnapshot");
                    assertThat(e.operation()).isEqualTo("rds:RestoreDBInstanceFromDBSnapshot");
                    assertThat(e.getMessage()).endsWith("Grant rds:RestoreDBInstanceFromDBSnapshot to the caller's"
                            + " IAM policy; IamPermissions.policyDocument(..) prints the least-privilege policy for a plan");
                });
        wm.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void copySnapshot_kmsGrantDenied_namesTheKmsAction() {
        wm.stubFor(action("CopyDBSnapshot").willReturn(error(RDS_NS, 400, "AccessDenied",
                "User: arn:aws:iam::123456789012:user/dr-bot is not authorized to perform: kms:CreateGrant on"
                        + " resource: arn:aws:kms:us-west-2:123456789012:key/abc")));

        assertThatThrownBy(() -> databases.copySnapshot(new SnapshotCopy(Region.of("us-east-1"), "snap-1",
                "arn:aws:rds:us-east-1:123456789012:snapshot:snap-1", WEST, "snap-1-dr",
                "arn:aws:kms:us-west-2:123456789012:key/abc")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
                    assertThat(e.permission()).contains("kms:CreateGrant");
                    assertThat(e.operation()).isEqualTo("rds:CopyDBSnapshot");
                });
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("SourceRegion=us-east-1").or(
                containing("PreSignedUrl="))));
    }

    @Test
    void deleteInstance_invalidState_isNotRetryableInvalidRequest() {
        wm.stubFor(action("DeleteDBInstance").willReturn(error(RDS_NS, 400, "InvalidDBInstanceState",
                "Instance vibe-postgres-dr is currently creating - a final snapshot cannot be taken.")));
        wm.stubFor(action("DescribeDBInstances").willReturn(queryOk(RDS_NS, "DescribeDBInstances",
                "<DBInstances>" + dbInstance(DB, "creating", "us-west-2a", null, false) + "</DBInstances>")));

        assertThatThrownBy(() -> databases.deleteInstance(WEST, DB, "drplan-final-e1-restore-db"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage()).endsWith("Not retryable: fix the parameters, or wait until the resource"
                            + " is in a state that allows DeleteDBInstance");
                });
    }

    @Test
    void deleteInstance_alreadyBeingDeleted_isDone() {
        // given: a compensation retried while RDS deletes the instance
        wm.stubFor(action("DeleteDBInstance").willReturn(error(RDS_NS, 400, "InvalidDBInstanceState",
                "Instance vibe-postgres-dr is already being deleted.")));
        wm.stubFor(action("DescribeDBInstances").willReturn(queryOk(RDS_NS, "DescribeDBInstances",
                "<DBInstances>" + dbInstance(DB, "deleting", "us-west-2a", null, false) + "</DBInstances>")));

        // when
        databases.deleteInstance(WEST, DB, "drplan-final-e1-restore-db");

        // then: the request named its final snapshot
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteDBInstance")
                .and(containing("SkipFinalSnapshot=false"))
                .and(containing("FinalDBSnapshotIdentifier=drplan-final-e1-restore-db"))));
    }
}
