package io.drplan.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.aws.testing.MotoFixtures;
import io.drplan.aws.testing.MotoServer;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.SystemScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rds.RdsClient;

/** pruneSnapshots through the RDS provider: only its own id prefix, only available snapshots. */
@ExtendWith(MotoServerExtension.class)
class SnapshotPruneIT {
    private static final String DB = "vibe-postgres-production";

    @RegisterExtension
    static WireMockExtension wm = AwsWireMock.server();

    private static DrPlan prune(Duration olderThan) {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("prune")
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("prune", s -> s.pruneSnapshots(DB).in("us-east-1").prefix("vibe-manual-snapshot-")
                        .olderThan(olderThan))
                .build();
    }

    @Test
    void pruneSnapshots_onMoto_deletesItsOwnAndKeepsSnapshotsOthersTook(MotoServer moto) throws InterruptedException {
        MotoFixtures.createPrimaryDatabase(moto, DB);
        RdsClient rds = moto.sdk(RdsClient.builder(), "us-east-1");
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier(DB).dbSnapshotIdentifier("vibe-manual-snapshot-20261101"));
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier(DB).dbSnapshotIdentifier("dba-before-upgrade"));
        Thread.sleep(1100);   // moto dates snapshots to the second: make both older than the retention below

        ExecutionReport r = DrEngine.builder().providers(moto.providers().register(Providers.builder()).build())
                .scheduler(SystemScheduler.create()).build().execute(prune(Duration.ofMillis(1)));

        assertThat(r).succeeded();
        assertThat(r.step("prune").orElseThrow().outputs().get("deleted")).isEqualTo(List.of("vibe-manual-snapshot-20261101"));
        assertThat(rds.describeDBSnapshots(q -> q.dbInstanceIdentifier(DB).snapshotType("manual")).dbSnapshots())
                .extracting(s -> s.dbSnapshotIdentifier()).containsExactly("dba-before-upgrade");
    }

    /**
     * moto makes every snapshot available at once, so a snapshot still being copied is answered by
     * WireMock in DescribeDBSnapshots' shape (AWS API reference: DBSnapshots/DBSnapshot with Status
     * {@code creating}).
     */
    @Test
    void pruneSnapshots_snapshotNotAvailable_isKeptAndSaidSo() {
        Instant old = Instant.now().minus(Duration.ofDays(60));
        wm.stubFor(AwsWireMock.action("DescribeDBSnapshots").willReturn(AwsWireMock.queryOk(AwsWireMock.RDS_NS,
                "DescribeDBSnapshots", "<DBSnapshots>" + snapshot("vibe-manual-snapshot-20261001", "available", old)
                        + snapshot("vibe-manual-snapshot-20261002", "creating", old)
                        + snapshot("dba-before-upgrade", "available", old) + "</DBSnapshots>")));
        wm.stubFor(AwsWireMock.action("DeleteDBSnapshot").willReturn(AwsWireMock.queryOk(AwsWireMock.RDS_NS,
                "DeleteDBSnapshot", "<DBSnapshot>" + snapshotFields("vibe-manual-snapshot-20261001", "deleted", old)
                        + "</DBSnapshot>")));

        ExecutionReport r;
        try (AwsClients clients = AwsWireMock.clients(wm)) {
            r = DrEngine.builder().providers(AwsProviders.create(clients).register(Providers.builder()).build())
                    .scheduler(SystemScheduler.create()).build().execute(prune(Duration.ofDays(30)));
        }

        assertThat(r).succeeded();
        assertThat(r.step("prune").orElseThrow().outputs().get("deleted")).isEqualTo(List.of("vibe-manual-snapshot-20261001"));
        assertThat(r.step("prune").orElseThrow().notes()).contains("kept vibe-manual-snapshot-20261002: it is creating,"
                + " not available");
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteDBSnapshot")));
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteDBSnapshot"))
                .withRequestBody(containing("DBSnapshotIdentifier=vibe-manual-snapshot-20261001")));
    }

    private static String snapshot(String id, String status, Instant created) {
        return "<DBSnapshot>" + snapshotFields(id, status, created) + "</DBSnapshot>";
    }

    private static String snapshotFields(String id, String status, Instant created) {
        return "<DBSnapshotIdentifier>" + id + "</DBSnapshotIdentifier><DBInstanceIdentifier>" + DB
                + "</DBInstanceIdentifier><SnapshotCreateTime>" + created + "</SnapshotCreateTime><Engine>postgres</Engine>"
                + "<Status>" + status + "</Status><SnapshotType>manual</SnapshotType><Encrypted>false</Encrypted>"
                + "<DBSnapshotArn>arn:aws:rds:us-east-1:123456789012:snapshot:" + id + "</DBSnapshotArn>";
    }
}
