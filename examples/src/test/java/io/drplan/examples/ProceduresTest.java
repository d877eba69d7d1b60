package io.drplan.examples;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Region;
import io.drplan.core.Roles;
import io.drplan.core.spi.Approver.ApprovalRequest;
import io.drplan.testkit.DrTest;
import io.drplan.testkit.FakeCloud;
import org.junit.jupiter.api.Test;

/** The runbook's Procedures 1 and 2 and its rollback after deployment, on the fake cloud. */
@DrTest
class ProceduresTest {
    private static final Region EAST = Region.of("us-east-1");

    @Test
    void procedure1_databaseFailover_movesThePrimaryToTheStandbyAz(FakeCloud cloud, DrEngine engine) {
        ExecutionReport report = engine.execute(VibePlans.databaseFailover());

        assertThat(report).succeeded().ranInOrder("approve", "force-failover");
        assertThat(cloud.approver().requests()).extracting(ApprovalRequest::role).containsExactly(Roles.ON_CALL);
        assertThat(cloud.databases().findInstance(EAST, "vibe-postgres-production").orElseThrow().availabilityZone())
                .isEqualTo("us-east-1b");
        assertThat(report.step("force-failover").orElseThrow().notes())
                .containsExactly("primary moved from us-east-1a to us-east-1b");
    }

    @Test
    void procedure2_redisFailover_promotesTheReplica(FakeCloud cloud, DrEngine engine) {
        ExecutionReport report = engine.execute(VibePlans.redisFailover());

        assertThat(report).succeeded();
        assertThat(cloud.caches().findReplicationGroup(EAST, "vibe-redis-production").orElseThrow()
                .nodeGroup("0001").orElseThrow().primaryNodeId()).isEqualTo("vibe-redis-production-0001-002");
    }

    @Test
    void rollbackAfterDeployment_undoesTheBackendToItsPreviousRevision(FakeCloud cloud, DrEngine engine) {
        long before = cloud.cluster("primary-cluster").rolloutHistory("vibe-production", "vibe-backend").size();

        ExecutionReport report = engine.execute(VibePlans.rollbackDeployment("primary-cluster"));

        assertThat(report).succeeded().ranInOrder("undo-backend", "check-pods");
        assertThat(cloud.cluster("primary-cluster").rolloutHistory("vibe-production", "vibe-backend"))
                .hasSize((int) before);
    }
}
