package io.drplan.testkit.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.step.*;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.event.StepCheckpointedEvent;
import io.drplan.core.spi.DnsProvider.AliasTarget;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DNS failover step and the DNS readiness check on the fake cloud, on virtual time. */
class DnsFailoverStepTest {
    private static final String ZONE = "Z0VIBEDEV0001";
    private static final String NAME = "api.vibe.dev.";
    private static final String EAST_ALB = "dualstack.vibe-alb-use1-1.us-east-1.elb.amazonaws.com.";
    private static final String WEST_ALB = "dualstack.vibe-alb-usw2-1.us-west-2.elb.amazonaws.com.";
    private static final FailoverRecord EAST = FailoverRecord.alias(NAME, "A", FailoverRole.PRIMARY, "vibe-use1",
            new AliasTarget("Z35SXDOTRQ7X7K", EAST_ALB, true), "hc-east");
    private static final FailoverRecord WEST = FailoverRecord.alias(NAME, "A", FailoverRole.SECONDARY, "vibe-usw2",
            new AliasTarget("Z1H1FL5HABSF5", WEST_ALB, true), null);

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);
    private final List<ExecutionEvent> events = new ArrayList<>();

    @BeforeEach
    void seed() {
        cloud.dns().addHostedZone(ZONE, "vibe.dev").addHealthCheck("hc-east", () -> true)
                .addRecord(ZONE, EAST).addRecord(ZONE, WEST);
    }

    private DrEngine engine() {
        return DrEngine.builder().providers(cloud.providers()).scheduler(time).seed(3).listener(events::add).build();
    }

    private static DrPlan plan(Consumer<DnsFailoverStep> dns, boolean failAfter) {
        var stage = DrPlan.region("us-east-1").failoverTo("us-west-2").named("dns-test")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("dns", s -> {
                    DnsFailoverStep b = s.dnsFailover(ZONE, "api.vibe.dev");
                    dns.accept(b);
                    return b;
                });
        if (failAfter) {
            stage = stage.step("smoke", s -> s.custom("smoke test", ctx -> java.util.concurrent.CompletableFuture.failedFuture(new io.drplan.core.StepFailedException("smoke test failed")))
                    .after("dns"));
        }
        return stage.build();
    }

    @Test
    void execute_aliasRecords_bothSwitchedInOneChangeKeepingSetIdentifiersAndTypes() {
        ExecutionReport r = engine().execute(plan(d -> d.primaryAlias(WEST_ALB, "Z1H1FL5HABSF5")
                .secondaryAlias(EAST_ALB, "Z35SXDOTRQ7X7K", false), false));

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.step("dns").orElseThrow().calls()).containsEntry("route53:ChangeResourceRecordSets", 1);
        assertThat(cloud.dns().listFailoverRecords(ZONE, NAME)).containsExactly(
                FailoverRecord.alias(NAME, "A", FailoverRole.PRIMARY, "vibe-use1",
                        new AliasTarget("Z1H1FL5HABSF5", WEST_ALB, true), null),
                FailoverRecord.alias(NAME, "A", FailoverRole.SECONDARY, "vibe-usw2",
                        new AliasTarget("Z35SXDOTRQ7X7K", EAST_ALB, false), null));
    }

    @Test
    void execute_recordsReadByThePreflight_changedWithoutListingThemAgain() {
        ExecutionReport r = engine().execute(plan(d -> d.primaryAlias(WEST_ALB, "Z1H1FL5HABSF5"), false));

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.step("dns").orElseThrow().calls()).containsEntry("route53:ChangeResourceRecordSets", 1)
                .doesNotContainKey("route53:ListResourceRecordSets");
        assertThat(cloud.calls("route53:ListResourceRecordSets")).hasSize(1);
    }

    @Test
    void execute_recordChangedAfterThePreflightReadIt_refusedWholeThenReadAgainAndUndoRestoresTheNewValue() {
        // given: between the preflight and the change, someone points the SECONDARY at another load balancer
        String otherWest = "dualstack.vibe-alb-usw2-2.us-west-2.elb.amazonaws.com.";
        FailoverRecord moved = FailoverRecord.alias(NAME, "A", FailoverRole.SECONDARY, "vibe-usw2",
                new AliasTarget("Z1H1FL5HABSF5", otherWest, true), null);
        DrPlan p = DrPlan.region("us-east-1").failoverTo("us-west-2").named("dns-test")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("meanwhile", s -> s.custom("someone edits the zone", ctx -> {
                    cloud.dns().addRecord(ZONE, moved);
                    return java.util.concurrent.CompletableFuture.completedFuture(Map.<String, Object>of());
                }))
                .step("dns", s -> s.dnsFailover(ZONE, "api.vibe.dev").primaryAlias(WEST_ALB, "Z1H1FL5HABSF5")
                        .secondaryAlias(EAST_ALB, "Z35SXDOTRQ7X7K").after("meanwhile"))
                .step("smoke", s -> s.custom("smoke test", ctx -> java.util.concurrent.CompletableFuture.failedFuture(
                        new io.drplan.core.StepFailedException("smoke test failed"))).after("dns"))
                .build();

        // when
        ExecutionReport r = engine().execute(p);
        time.advance(Duration.ofMinutes(5));

        // then: the batch made from the preflight's reading was refused whole; the one made from a new reading
        // went through, and undo wrote back the record as it was just before the change
        StepReport dns = r.step("dns").orElseThrow();
        assertThat(dns.outcome()).isEqualTo(StepOutcome.COMPENSATED);
        assertThat(dns.calls()).containsEntry("route53:ListResourceRecordSets", 1);
        assertThat(cloud.calls("route53:ChangeResourceRecordSets")).extracting(FakeCloud.Call::failed)
                .containsExactly(true, false, false);   // refused, changed, undone
        assertThat(cloud.dns().listFailoverRecords(ZONE, NAME)).containsExactlyInAnyOrder(EAST, moved);
    }

    @Test
    void execute_changePendingForAMinute_waitsUntilInSync() {
        ExecutionReport r = engine().execute(plan(d -> d.primaryAlias(WEST_ALB, "Z1H1FL5HABSF5"), false));

        StepReport dns = r.step("dns").orElseThrow();
        assertThat(dns.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(dns.calls().get("route53:GetChange")).isGreaterThanOrEqualTo(2);
        assertThat(Duration.between(dns.startedAt(), dns.finishedAt()))
                .isGreaterThanOrEqualTo(cloud.timings().dnsChange());
        assertThat(cloud.dns().resolve(ZONE, NAME).orElseThrow().value()).isEqualTo(WEST_ALB);
    }

    @Test
    void execute_laterStepFails_aliasRecordsRestoredExactly() {
        ExecutionReport r = engine().execute(plan(d -> d.primaryAlias(WEST_ALB, "Z1H1FL5HABSF5")
                .secondaryAlias(EAST_ALB, "Z35SXDOTRQ7X7K"), true));

        assertThat(r.state()).isEqualTo(ExecutionState.COMPENSATED);
        assertThat(r.step("dns").orElseThrow().outcome()).isEqualTo(StepOutcome.COMPENSATED);
        assertThat(cloud.dns().listFailoverRecords(ZONE, NAME)).containsExactly(EAST, WEST);
    }

    @Test
    void execute_previousRecordsCheckpointedBeforeTheChange() {
        engine().execute(plan(d -> d.primaryAlias(WEST_ALB, "Z1H1FL5HABSF5"), false));

        StepCheckpointedEvent saved = events.stream().filter(StepCheckpointedEvent.class::isInstance)
                .map(StepCheckpointedEvent.class::cast).findFirst().orElseThrow();
        assertThat(saved.key()).isEqualTo("previousRecords");
        // the journaled shape (decoded by the step on undo; DnsFailoverStepCodecTest in dr-core reads it back)
        assertThat(saved.value()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).singleElement()
                .asString().contains("setIdentifier=vibe-use1", "role=PRIMARY", "dnsName=" + EAST_ALB);
    }

    @Test
    void execute_getChangeDeniedAfterTheChangeLanded_undoneFromTheCheckpoint() {
        // the step fails with no outputs: only what it checkpointed before the change can undo it
        cloud.faults().failNext(1, "route53:GetChange", Reason.ACCESS_DENIED);

        ExecutionReport r = engine().execute(plan(d -> d.primaryAlias(WEST_ALB, "Z1H1FL5HABSF5")
                .secondaryAlias(EAST_ALB, "Z35SXDOTRQ7X7K"), false));

        StepReport dns = r.step("dns").orElseThrow();
        assertThat(dns.outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(dns.compensationError()).isNull();
        assertThat(dns.notes()).contains("its partial effect was undone");
        assertThat(cloud.dns().listFailoverRecords(ZONE, NAME)).containsExactly(EAST, WEST);
    }

    @Test
    void execute_changeRefused_nothingChangedAndTheReportSaysSo() {
        cloud.faults().failNext(1, "route53:ChangeResourceRecordSets", Reason.INVALID_REQUEST);

        ExecutionReport r = engine().execute(plan(d -> d.primaryAlias(WEST_ALB, "Z1H1FL5HABSF5")
                .secondaryAlias(EAST_ALB, "Z35SXDOTRQ7X7K"), false));

        StepReport dns = r.step("dns").orElseThrow();
        assertThat(r.state()).isEqualTo(ExecutionState.FAILED);
        assertThat(dns.outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(dns.error()).startsWith("Route 53 refused the change of api.vibe.dev in zone " + ZONE + ": ")
                .endsWith("; nothing was changed (the records are one atomic change batch)");
        assertThat(cloud.dns().listFailoverRecords(ZONE, NAME)).containsExactly(EAST, WEST);
    }

    @Test
    void execute_noSecondaryRecordInTheZone_isRefusedInPreflight() {
        cloud.dns().removeRecord(ZONE, NAME, "vibe-usw2");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine().execute(plan(d -> d
                        .primaryAlias(WEST_ALB, "Z1H1FL5HABSF5").secondaryAlias(EAST_ALB, "Z35SXDOTRQ7X7K"), false)))
                .isInstanceOf(io.drplan.core.ExecutionRefusedException.class)
                .hasMessageContaining("  - step 'dns': hosted zone " + ZONE
                        + " has no SECONDARY failover record named api.vibe.dev (it has [")
                .hasMessageEndingWith("DNS failover is not configured in Route 53 (a prerequisite of the runbook):"
                        + " create the PRIMARY and SECONDARY failover records first; nothing was changed");
        assertThat(cloud.calls("route53:ChangeResourceRecordSets")).isEmpty();
    }

    @Test
    void execute_hostNameForAnARecord_isRefusedInPreflightNamingTheAliasFix() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine().execute(plan(d -> d
                        .primary("vibe-alb-usw2.us-west-2.elb.amazonaws.com"), false)))
                .isInstanceOf(io.drplan.core.ExecutionRefusedException.class)
                .hasMessageEndingWith("  - step 'dns': the PRIMARY failover record " + EAST
                + " is of type A, which cannot answer with the host name vibe-alb-usw2.us-west-2.elb.amazonaws.com;"
                + " give the load balancer as .primaryAlias(dnsName, loadBalancerZoneId); nothing was changed");
    }

    @Test
    void execute_plainCnameRecords_typeTtlAndSetIdentifiersKept() {
        cloud.dns().removeRecord(ZONE, NAME, "vibe-use1");
        cloud.dns().removeRecord(ZONE, NAME, "vibe-usw2");
        cloud.dns().addRecord(ZONE, new FailoverRecord(NAME, "CNAME", FailoverRole.PRIMARY, "east", "east.vibe.dev", 30,
                null));

        ExecutionReport r = engine().execute(plan(d -> d.primary("west.vibe.dev"), false));

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(cloud.dns().listFailoverRecords(ZONE, NAME)).containsExactly(new FailoverRecord(NAME, "CNAME",
                FailoverRole.PRIMARY, "east", "west.vibe.dev", 30, null));
    }

    // ---------------------------------------------------------------- readiness

    private ExecutionReport readiness() {
        return engine().execute(DrPlan.region("us-east-1").failoverTo("us-west-2").named("dns-ready")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("dns-ready", s -> s.checkDnsFailover(ZONE, "api.vibe.dev")).build());
    }

    @Test
    void checkDnsFailover_configured_reportsTheHealthCheckStatus() {
        ExecutionReport r = readiness();

        StepReport step = r.step("dns-ready").orElseThrow();
        assertThat(step.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(step.outputs()).containsEntry("healthCheckId", "hc-east").containsEntry("healthy", true)
                .containsEntry("primary", EAST_ALB).containsEntry("secondary", WEST_ALB);
        assertThat(step.notes()).contains("health check hc-east of the PRIMARY record is healthy: Success: HTTP Status"
                + " Code 200, OK (endpoint)");
        assertThat(step.calls()).containsOnlyKeys("route53:ListResourceRecordSets", "route53:GetHealthCheckStatus");
    }

    @Test
    void checkDnsFailover_primaryWithoutHealthCheckAndNoSecondary_failsNamingBoth() {
        cloud.dns().removeRecord(ZONE, NAME, "vibe-usw2");
        cloud.dns().addRecord(ZONE, FailoverRecord.alias(NAME, "A", FailoverRole.PRIMARY, "vibe-use1",
                EAST.alias(), null));

        StepReport step = readiness().step("dns-ready").orElseThrow();

        assertThat(step.outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(step.error()).isEqualTo("DNS failover of api.vibe.dev in zone " + ZONE + " is not configured: no"
                + " SECONDARY failover record; the PRIMARY record " + EAST.withName(NAME).toString().replace(
                " health check hc-east", "") + " has no health check, so Route 53 never fails over from it (attach"
                + " one) (it has [" + FailoverRecord.alias(NAME, "A", FailoverRole.PRIMARY, "vibe-use1", EAST.alias(),
                null) + "])");
    }

    @Test
    void checkDnsFailover_unhealthyPrimary_succeedsSayingSo() {
        cloud.dns().addHealthCheck("hc-east", () -> false);

        StepReport step = readiness().step("dns-ready").orElseThrow();

        assertThat(step.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(step.outputs()).containsEntry("healthy", false);
        assertThat(step.notes()).anyMatch(n -> n.startsWith("health check hc-east of the PRIMARY record is unhealthy"));
    }

    @Test
    void checkDnsFailover_healthCheckGone_fails() {
        cloud.dns().addRecord(ZONE, FailoverRecord.alias(NAME, "A", FailoverRole.PRIMARY, "vibe-use1", EAST.alias(),
                "hc-deleted"));

        StepReport step = readiness().step("dns-ready").orElseThrow();

        assertThat(step.error()).isEqualTo("the PRIMARY record of api.vibe.dev names health check 'hc-deleted', which"
                + " does not exist; create it or attach an existing one");
    }
}
