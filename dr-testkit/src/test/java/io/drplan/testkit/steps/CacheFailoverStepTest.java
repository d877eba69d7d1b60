package io.drplan.testkit.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.step.*;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Region;
import io.drplan.core.RunOptions;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Procedure 2 (cache failover) on the fake cloud, on virtual time. */
class CacheFailoverStepTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final String GROUP = "vibe-redis-production";

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);

    private void group(boolean automaticFailover) {
        cloud.caches().addReplicationGroup(EAST, GROUP, g -> g.automaticFailover(automaticFailover)
                .nodeGroup("0001", GROUP + "-001", "us-east-1a", GROUP + "-002", "us-east-1b"));
    }

    private DrEngine engine() {
        return DrEngine.builder().providers(cloud.providers()).scheduler(time).seed(5).build();
    }

    private static DrPlan plan(Consumer<CacheFailoverStep> spec) {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("redis")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("redis", s -> {
                    CacheFailoverStep b = s.cacheFailover(GROUP).in("us-east-1");
                    spec.accept(b);
                    return b;
                })
                .build();
    }

    @Test
    void execute_healthyPrimary_refusedWithoutATestFailover() {
        group(true);

        StepReport step = engine().execute(plan(c -> c.nodeGroup("0001"))).step("redis").orElseThrow();

        assertThat(step.outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(step.error()).isEqualTo("replication group " + GROUP + " is available and the primary of node group"
                + " 0001 is still " + GROUP + "-001 in us-east-1a: there is no failure to fail over from; refusing to"
                + " fail over a working cache; run with force() if the primary is unreachable anyway");
        assertThat(step.calls()).containsOnlyKeys("elasticache:DescribeReplicationGroups");
    }

    @Test
    void execute_healthyPrimaryForced_testFailoverMovesThePrimaryAndTheReportSaysItWasForced() {
        group(true);

        StepReport step = engine().execute(plan(c -> c.nodeGroup("0001")), RunOptions.defaults().forced())
                .step("redis").orElseThrow();

        assertThat(step.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(step.calls()).containsEntry("elasticache:TestFailover", 1);
        assertThat(step.outputs()).containsEntry("failover", "test-failover")
                .containsEntry("primaryNodeId", GROUP + "-002").containsEntry("availabilityZone", "us-east-1b");
        assertThat(step.notes()).contains("the primary of node group 0001 was healthy; test failover because the"
                + " operator forced it", "primary is now " + GROUP + "-002 in us-east-1b");
    }

    @Test
    void drill_healthyPrimary_testFailoverSayingItIsADrill() {
        group(true);

        ExecutionReport r = engine().drill(plan(c -> c.nodeGroup("0001")));

        StepReport step = r.step("redis").orElseThrow();
        assertThat(step.calls()).containsEntry("elasticache:TestFailover", 1);
        assertThat(step.notes()).contains("the primary of node group 0001 was healthy; test failover because this is a"
                + " drill");
    }

    @Test
    void execute_automaticFailoverInProgress_waitsAndStartsNoTestFailover() {
        group(true);
        cloud.region(EAST).failAvailabilityZone("us-east-1a");

        StepReport step = engine().execute(plan(c -> c.nodeGroup("0001"))).step("redis").orElseThrow();

        assertThat(step.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(step.calls()).doesNotContainKey("elasticache:TestFailover");
        assertThat(step.outputs()).containsEntry("failover", "automatic").containsEntry("primaryNodeId", GROUP + "-002");
        assertThat(step.notes()).contains(GROUP + " was modifying (node group 0001 modifying): waited until available"
                + " before deciding", "automatic failover already happened: the primary of node group 0001 moved from "
                + GROUP + "-001 to " + GROUP + "-002 in us-east-1b; no test failover was started");
    }

    @Test
    void execute_automaticFailoverAlreadyDone_seenThroughTheExpectedPrimary() {
        group(true);
        cloud.region(EAST).failAvailabilityZone("us-east-1a");
        time.advance(Duration.ofMinutes(10));

        StepReport step = engine().execute(plan(c -> c.nodeGroup("0001").expectedPrimary(GROUP + "-001")))
                .step("redis").orElseThrow();

        assertThat(step.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(step.calls()).containsOnlyKeys("elasticache:DescribeReplicationGroups");
        assertThat(step.outputs()).containsEntry("failover", "automatic");
    }

    @Test
    void execute_automaticFailoverDisabledForced_failsNamingTheFix() {
        group(false);

        StepReport step = engine().execute(plan(c -> c.nodeGroup("0001")), RunOptions.defaults().forced())
                .step("redis").orElseThrow();

        assertThat(step.error()).startsWith("replication group " + GROUP + " has automatic failover disabled, and a test"
                + " failover needs it: enable it (aws elasticache modify-replication-group");
        assertThat(step.calls()).doesNotContainKey("elasticache:TestFailover");
    }

    @Test
    void execute_clusterModeEnabled_nodeGroupGiven_completesWithoutAPrimaryName() {
        cloud.caches().addReplicationGroup(EAST, GROUP, g -> g.clusterMode(true)
                .nodeGroup("0001", GROUP + "-0001-001", "us-east-1a", GROUP + "-0001-002", "us-east-1b")
                .nodeGroup("0002", GROUP + "-0002-001", "us-east-1b", GROUP + "-0002-002", "us-east-1c"));

        StepReport step = engine().execute(plan(c -> c.nodeGroup("0002")), RunOptions.defaults().forced())
                .step("redis").orElseThrow();

        assertThat(step.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(step.calls()).containsEntry("elasticache:TestFailover", 1);
        assertThat(step.outputs()).containsOnlyKeys("failover").containsEntry("failover", "test-failover");
        assertThat(step.notes()).contains("node group 0002 is available again after the test failover (cluster mode"
                + " enabled: ElastiCache does not name the new primary)");
    }

    @Test
    void execute_clusterModeEnabled_notForced_refused() {
        cloud.caches().addReplicationGroup(EAST, GROUP, g -> g.clusterMode(true)
                .nodeGroup("0001", GROUP + "-0001-001", "us-east-1a", GROUP + "-0001-002", "us-east-1b"));

        StepReport step = engine().execute(plan(c -> c.nodeGroup("0001"))).step("redis").orElseThrow();

        assertThat(step.error()).contains("is not named by ElastiCache (cluster mode enabled): there is no failure");
    }

    @Test
    void execute_unknownNodeGroup_failsListingTheGroups() {
        group(true);

        StepReport step = engine().execute(plan(c -> c.nodeGroup("0003"))).step("redis").orElseThrow();

        assertThat(step.error()).isEqualTo("replication group '" + GROUP + "' has no node group '0003'; it has [0001]");
    }
}
