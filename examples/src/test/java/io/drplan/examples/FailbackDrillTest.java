package io.drplan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Region;
import io.drplan.core.RunPhase;
import io.drplan.core.Secret;
import io.drplan.core.StepKind;
import io.drplan.core.StepOutcome;
import io.drplan.core.integrity.Finding;
import io.drplan.core.integrity.IntegrityReport;
import io.drplan.core.runbook.DrillChecklist;
import io.drplan.core.runbook.DrillChecklist.Item;
import io.drplan.core.runbook.DrillChecklist.Status;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.testkit.DrTest;
import io.drplan.testkit.FakeCloud;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drill with a fail-back plan of its own: failover, verification, fail-back, on the fake cloud. */
@DrTest
class FailbackDrillTest {
    private static final Region WEST = Region.of("us-west-2");
    private final Secret password = Secret.named("db-password", "pw-never-printed-5120");
    private final DrPlan plan = VibePlans.regionFailoverDrill(password);

    /**
     * The DR database took orders after the drill's verification (its first check) that the primary
     * does not have: the fail-back guard (the second check) finds it ahead.
     */
    private static void drAheadAfterVerification(FakeCloud cloud) {
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        cloud.integrity().answer("vibe-postgres-dr", () -> checks.incrementAndGet() == 1
                ? new IntegrityReport(List.of(), List.of(), Duration.ofMinutes(30), 360)
                : new IntegrityReport(List.of(new Finding("orders", Finding.Kind.AHEAD, "newest updated_at"
                        + " 2026-01-01T00:40:00Z in the DR database, the primary's 2026-01-01T00:30:00Z")), List.of(),
                        Duration.ZERO, 0));
    }

    @Test
    void drill_failsOverVerifiesAndFailsBackByItsOwnPlan_threePhases(FakeCloud cloud, DrEngine engine) {
        ExecutionReport report = engine.drill(plan, VibePlans.failback(password));

        assertThat(report.failedBack()).isTrue();
        assertThat(report.phases()).extracting(p -> p.phase()).containsExactly(RunPhase.FAILOVER,
                RunPhase.VERIFICATION, RunPhase.FAILBACK);
        assertThat(report.phase(RunPhase.FAILBACK).orElseThrow().steps()).containsExactly("failback-guard",
                "failback-update-config", "failback-dns-failover", "failback-scale-vibe-backend",
                "failback-scale-vibe-frontend", "failback-remove-vibe-postgres-dr");
        assertThat(report.phases()).allSatisfy(p -> assertThat(p.duration()).isPositive());
        assertThat(report.steps(StepKind.DELETE_DATABASE)).singleElement()
                .satisfies(s -> assertThat(s.phase()).isEqualTo(RunPhase.FAILBACK));
        // the failover's steps were not undone by compensation: the fail-back plan did it
        assertThat(report.step("restore-db").orElseThrow().outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(cloud.dns().listFailoverRecords("Z0VIBEDEV0001", "api.vibe.dev"))
                .filteredOn(r -> r.role() == FailoverRole.PRIMARY).extracting(FailoverRecord::value)
                .containsExactly(VibePlans.PRIMARY_ALB);
        assertThat(cloud.cluster("dr-cluster").rollout(VibePlans.NAMESPACE, "vibe-backend").orElseThrow().replicas())
                .isZero();
        assertThat(DrillChecklist.evaluate(report).check(Item.ROLLBACK_TO_PRIMARY)).isEqualTo(new DrillChecklist.Check(
                Item.ROLLBACK_TO_PRIMARY, Status.DONE, "the fail-back plan succeeded: failback-guard,"
                + " failback-update-config, failback-dns-failover, failback-scale-vibe-backend,"
                + " failback-scale-vibe-frontend, failback-remove-vibe-postgres-dr"));
        assertThat(report.toString()).contains("Phase FAILBACK").doesNotContain("pw-never-printed-5120");
        // the journal store records the drill and its fail-back: the quarterly full DR drill is done
        assertThat(io.drplan.core.runbook.TestingSchedule.lastRuns(cloud.journal())).containsOnlyKeys(
                io.drplan.core.runbook.TestKind.FULL_DR_DRILL);
    }

    @Test
    void failback_drDatabaseAhead_refused_serviceStaysInDr_andTheReportSaysSo(FakeCloud cloud, DrEngine engine) {
        drAheadAfterVerification(cloud);

        ExecutionReport report = engine.drill(plan, VibePlans.failback(password));

        assertThat(report.failedBack()).isFalse();
        assertThat(report.step("failback-guard").orElseThrow().error()).startsWith("refusing to fail back: ")
                .contains("has writes newer than the primary's, which failing back would lose: orders AHEAD:")
                .endsWith("; copy them to the primary first, or fail back with force to lose them");
        assertThat(report.step("failback-dns-failover").orElseThrow().outcome()).isEqualTo(StepOutcome.NOT_RUN);
        assertThat(cloud.dns().listFailoverRecords("Z0VIBEDEV0001", "api.vibe.dev"))
                .filteredOn(r -> r.role() == FailoverRole.PRIMARY).extracting(FailoverRecord::value)
                .containsExactly(VibePlans.DR_ALB);
        assertThat(cloud.databases().findInstance(WEST, "vibe-postgres-dr")).isPresent();
        assertThat(report.notes()).anySatisfy(n -> assertThat(n).startsWith("the fail-back plan"
                + " vibe-region-failover-drill-failback ended FAILED: the service is still in us-west-2"));
        DrillChecklist.Check rollback = DrillChecklist.evaluate(report).check(Item.ROLLBACK_TO_PRIMARY);
        assertThat(rollback.status()).isEqualTo(Status.FAILED);
        assertThat(rollback.evidence()).startsWith("the fail-back plan did not finish: failback-guard failed:"
                + " refusing to fail back: ");
        // a drill that did not fail back is no test passed
        assertThat(io.drplan.core.runbook.TestingSchedule.lastRuns(cloud.journal())).isEmpty();
    }

    @Test
    void failback_drDatabaseAhead_forced_failsBackAndNotesWhatIsLost(FakeCloud cloud, DrEngine engine) {
        drAheadAfterVerification(cloud);

        ExecutionReport report = engine.drill(plan, VibePlans.failback(password).force());

        assertThat(report.failedBack()).isTrue();
        assertThat(report.step("failback-guard").orElseThrow().notes()).singleElement().asString()
                .startsWith("forced: failing back although ").contains("has writes newer than the primary's; they"
                        + " will be lost (the DR database's final snapshot keeps them): orders AHEAD:");
        assertThat(cloud.dns().listFailoverRecords("Z0VIBEDEV0001", "api.vibe.dev"))
                .filteredOn(r -> r.role() == FailoverRole.PRIMARY).extracting(FailoverRecord::value)
                .containsExactly(VibePlans.PRIMARY_ALB);
    }

    @Test
    void failbackPlan_previewsLikeAnyPlan(FakeCloud cloud, DrEngine engine) {
        ExecutionReport drill = engine.drill(plan, VibePlans.failback(password));

        String preview = engine.preview(VibePlans.failback(password).plan(drill)).toString();

        assertThat(preview).contains("failback-guard", "failback-dns-failover",
                "Point api.vibe.dev (zone Z0VIBEDEV0001) PRIMARY at " + VibePlans.PRIMARY_ALB,
                "failback-remove-vibe-postgres-dr", "Delete vibe-postgres-dr in us-west-2 after a final snapshot");
    }

    @Test
    void drill_failbackWithoutRestoreSecret_putsDatabaseUrlBackFromTheFailoversBackup(FakeCloud cloud,
                                                                                       DrEngine engine) {
        String before = cloud.cluster("dr-cluster").secretValue(VibePlans.NAMESPACE, "vibe-secrets", "DATABASE_URL")
                .orElseThrow().reveal();

        ExecutionReport report = engine.drill(plan, io.drplan.core.FailbackPlan.of(plan));

        assertThat(report.failedBack()).isTrue();
        assertThat(cloud.cluster("dr-cluster").secretValue(VibePlans.NAMESPACE, "vibe-secrets", "DATABASE_URL")
                .orElseThrow().reveal()).isEqualTo(before);
        assertThat(report.step("failback-update-config").orElseThrow().description()).isEqualTo("Set DATABASE_URL in"
                + " secret vibe-production/vibe-secrets on dr-cluster (back to the values kept in"
                + " vibe-secrets-drplan-prev-" + report.executionId().substring(0, 8) + "-update-config)");
        assertThat(report.toString() + report.toJson() + report.toHtml()).doesNotContain(before);
    }

    @Test
    void drill_restoreSecretOfAKeyNoStepChanges_refusedBeforeAnythingRuns(FakeCloud cloud, DrEngine engine) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.drill(plan,
                        io.drplan.core.FailbackPlan.of(plan).restoreSecret("DATABSE_URL",
                                io.drplan.core.SecretTemplate.of(password))))
                .isInstanceOf(io.drplan.core.ExecutionRefusedException.class)
                .hasMessage("plan 'vibe-region-failover-drill' cannot be drilled with its fail-back; nothing was"
                        + " changed:\n  - FailbackPlan.restoreSecret(\"DATABSE_URL\", ..): no updateSecret step of plan"
                        + " 'vibe-region-failover-drill' changes key DATABSE_URL (they change [DATABASE_URL]); remove it"
                        + " or fix the key's name");
        assertThat(cloud.calls()).isEmpty();
    }
}
