package io.drplan.examples;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Region;
import io.drplan.core.RunOptions;
import io.drplan.core.Secret;
import io.drplan.core.StepOutcome;
import io.drplan.core.Verdict;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.testkit.DrTest;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The runbook's Procedure 3 on the fake cloud, in virtual time. */
@DrTest
class RegionFailoverDrillTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final String PASSWORD = "pw-never-printed-9431";
    private final DrPlan plan = VibePlans.regionFailover(Secret.named("db-password", PASSWORD));

    @Test
    void outage_failsOverFollowingDependencies_parallelWhereIndependent(FakeCloud cloud, DrEngine engine) {
        cloud.region(EAST).goDown();

        ExecutionReport report = engine.execute(plan);

        assertThat(report).succeeded().hasVerdict(Verdict.MET).metRto().metRpo()
                .ranInParallel("activate-dr-infra", "restore-db")
                .ranInOrder("verify-primary", "restore-db", "update-config", "restart-apps", "check-targets",
                        "dns-failover", "check-health")
                .ranInOrder("activate-dr-infra", "restart-apps")
                .achievedRtoWithinPercentOfCriticalPath(5);
        // the replicated automated backups' latest restorable time, 5 minutes behind the primary when it went down
        assertThat(report.rpo()).isEqualTo(Duration.ofMinutes(5));
        assertThat(report.step("restore-db").orElseThrow().outputs()).containsEntry("source", "REPLICATED_BACKUPS");
        DbInstance db = cloud.databases().findInstance(WEST, "vibe-postgres-dr").orElseThrow();
        assertThat(db.isAvailable()).isTrue();
        assertThat(cloud.dns().listFailoverRecords("Z0VIBEDEV0001", "api.vibe.dev"))
                .filteredOn(r -> r.role() == FailoverRole.PRIMARY).extracting(FailoverRecord::value)
                .containsExactly(VibePlans.DR_ALB);
        assertThat(cloud.calls()).noneMatch(c -> c.endpoint().endsWith("/us-east-1") && !c.failed()
                && !c.operation().startsWith("ec2:"));
    }

    @Test
    void drill_failsOverVerifiesAndFailsBack(FakeCloud cloud, DrEngine engine, VirtualScheduler time) {
        ExecutionReport report = engine.drill(plan);

        assertThat(report).succeeded().hasVerdict(Verdict.MET).achievedRtoWithinPercentOfCriticalPath(5);
        assertThat(report.failedBack()).isTrue();
        assertThat(report.step("verify-primary").orElseThrow().notes()).singleElement().asString()
                .contains("continuing because the run is a drill");
        assertThat(report.step("restore-db").orElseThrow().outcome()).isEqualTo(StepOutcome.COMPENSATED);
        assertThat(cloud.dns().listFailoverRecords("Z0VIBEDEV0001", "api.vibe.dev"))
                .filteredOn(r -> r.role() == FailoverRole.PRIMARY).extracting(FailoverRecord::value)
                .containsExactly(VibePlans.PRIMARY_ALB);
        time.advance(Duration.ofMinutes(10));
        assertThat(cloud.databases().findInstance(WEST, "vibe-postgres-dr")).isEmpty();
    }

    @Test
    void drOutageMidPlan_endsWithAccurateReportInsteadOfHanging(FakeCloud cloud, DrEngine engine) {
        cloud.region(EAST).goDown();
        cloud.region(WEST).goDownAfter(Duration.ofMinutes(10));

        ExecutionReport report = engine.execute(plan);

        assertThat(report).hasVerdict(Verdict.FAILED)
                .stepFailedWith("restore-db", "region us-west-2 is down")
                .stepHasOutcome("update-config", StepOutcome.NOT_RUN)
                .stepHasOutcome("dns-failover", StepOutcome.NOT_RUN);
        assertThat(report.state()).isEqualTo(ExecutionState.COMPENSATION_FAILED);
        assertThat(report.step("restore-db").orElseThrow().compensationError())
                .startsWith("the circuit breaker for rds/us-west-2 is open after repeated failures");
        assertThat(report.toString()).contains("compensation failed:");
        // the restore waits out the outage for as long as its 90-minute timeout allows (a blip must not fail
        // it), then fails naming the root cause; undoing then fails fast on the open breaker
        assertThat(report.step("restore-db").orElseThrow().error()).startsWith("step 'restore-db' timed out after"
                + " 1h 30m").contains("region us-west-2 is down").endsWith("the circuit breaker for rds/us-west-2 is open");
        assertThat(report.duration()).isLessThan(Duration.ofMinutes(100));
    }

    @Test
    void throttledRestore_retriesAndStillMeetsObjectives(FakeCloud cloud, DrEngine engine) {
        cloud.region(EAST).goDown();
        cloud.faults().throttleNext(3, "rds:RestoreDBInstanceToPointInTime");

        ExecutionReport report = engine.execute(plan);

        assertThat(report).succeeded().hasVerdict(Verdict.MET).stepRetried("restore-db");
        assertThat(report.step("restore-db").orElseThrow().attempts()).isEqualTo(4);
        assertThat(report.step("restore-db").orElseThrow().calls()).containsEntry("rds:RestoreDBInstanceToPointInTime", 4);
        assertThat(cloud.databases().findInstance(WEST, "vibe-postgres-dr")).isPresent();
    }

    @Test
    void healthyPrimary_isRefusedUnlessForced(FakeCloud cloud, DrEngine engine) {
        ExecutionReport refused = engine.execute(plan);

        assertThat(refused).stepFailedWith("verify-primary", "refusing to fail over a working region");
        assertThat(cloud.databases().findInstance(WEST, "vibe-postgres-dr")).isEmpty();

        ExecutionReport forced = engine.execute(plan, RunOptions.defaults().forced());
        assertThat(forced).succeeded();
        assertThat(forced.notes()).contains("forced by the operator past safety guards");
    }

    @Test
    void preview_changesNothingAndCallsNothing(FakeCloud cloud, DrEngine engine) {
        String preview = engine.preview(plan).toString();

        assertThat(preview).contains("Critical path: verify-primary -> restore-db -> update-config -> restart-apps"
                + " -> check-targets -> dns-failover -> check-pods = 29m 20s", "RTO 4h 00m: reachable");
        assertThat(cloud.calls()).isEmpty();
    }

    @Test
    void secret_appearsInNoReportJournalOrNotification(FakeCloud cloud, DrEngine engine) {
        cloud.region(EAST).goDown();
        cloud.faults().failNext(2, "k8s:patch secrets", io.drplan.core.spi.ProviderException.Reason.SERVER_ERROR);

        ExecutionReport report = engine.execute(plan);

        assertThat(report).succeeded().doesNotReveal(PASSWORD).stepRetried("update-config");
        assertThat(cloud.journal().read(report.executionId())).isNotEmpty().noneMatch(l -> l.contains(PASSWORD));
        assertThat(cloud.notifier().notifications()).noneMatch(n -> n.text().contains(PASSWORD));
        // the pods really got the password: the secret reached the cluster, only there
        assertThat(cloud.cluster("dr-cluster").readyPodEnvironment("vibe-production", "vibe-backend", "DATABASE_URL"))
                .allMatch(u -> u.contains(PASSWORD));
    }

    @Test
    void sameSeed_sameTimeline() {
        String one = RegionFailoverDrill.run("outage", false).toJson();
        String two = RegionFailoverDrill.run("outage", false).toJson();

        assertThat(two).isEqualTo(one);
    }

    @Test
    void mainScenarios_allEndWithAReport() {
        for (String scenario : List.of("drill", "outage", "dr-outage", "throttling")) {
            ExecutionReport r = RegionFailoverDrill.run(scenario, false);
            assertThat(r.toString()).contains("Verdict: " + r.verdict());
            assertThat(Optional.ofNullable(r.finishedAt())).isPresent();
        }
    }
}
