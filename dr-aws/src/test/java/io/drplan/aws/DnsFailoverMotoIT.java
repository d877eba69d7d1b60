package io.drplan.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.StepOutcome;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.SystemScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;

/**
 * The DNS failover step run by the engine through {@link Route53DnsProvider} against moto, on A
 * alias records to load balancers (as an ALB setup has them), checked with an independent Route 53
 * client: the change keeps set identifiers and types, and undo puts every field back.
 */
@ExtendWith(MotoServerExtension.class)
class DnsFailoverMotoIT {
    private static final String EAST_ALB = "dualstack.vibe-alb-use1-1.us-east-1.elb.amazonaws.com.";
    private static final String WEST_ALB = "dualstack.vibe-alb-usw2-1.us-west-2.elb.amazonaws.com.";
    private static final String EAST_ELB_ZONE = "Z35SXDOTRQ7X7K";
    private static final String WEST_ELB_ZONE = "Z1H1FL5HABSF5";

    private MotoServer moto;
    private Route53Client independent;
    private String zone;
    private String healthCheck;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        independent = moto.sdk(Route53Client.builder(), "aws-global");
        zone = independent.createHostedZone(r -> r.name("vibe.dev.").callerReference("dns-it-" + System.nanoTime()))
                .hostedZone().id().replace("/hostedzone/", "");
        healthCheck = independent.createHealthCheck(r -> r.callerReference("hc-" + System.nanoTime())
                .healthCheckConfig(c -> c.type("HTTPS").fullyQualifiedDomainName("vibe-alb-use1-1.us-east-1.elb.amazonaws.com")
                        .resourcePath("/health").port(443))).healthCheck().id();
        independent.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                c -> c.action("CREATE").resourceRecordSet(s -> s.name("api.vibe.dev.").type("A")
                        .setIdentifier("vibe-use1").failover(ResourceRecordSetFailover.PRIMARY).healthCheckId(healthCheck)
                        .aliasTarget(a -> a.hostedZoneId(EAST_ELB_ZONE).dnsName(EAST_ALB).evaluateTargetHealth(true))),
                c -> c.action("CREATE").resourceRecordSet(s -> s.name("api.vibe.dev.").type("A")
                        .setIdentifier("vibe-usw2").failover(ResourceRecordSetFailover.SECONDARY)
                        .aliasTarget(a -> a.hostedZoneId(WEST_ELB_ZONE).dnsName(WEST_ALB).evaluateTargetHealth(false))),
                c -> c.action("CREATE").resourceRecordSet(s -> s.name("www.vibe.dev.").type("CNAME").ttl(300L)
                        .resourceRecords(v -> v.value("api.vibe.dev"))))));
    }

    private List<ResourceRecordSet> records() {
        return independent.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                .filter(s -> s.name().startsWith("api.") || s.name().startsWith("www.")).toList();
    }

    private ExecutionReport run(boolean failAfter) {
        var stage = DrPlan.region("us-east-1").failoverTo("us-west-2").named("dns-moto")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("dns", s -> s.dnsFailover(zone, "api.vibe.dev").primaryAlias(WEST_ALB, WEST_ELB_ZONE)
                        .secondaryAlias(EAST_ALB, EAST_ELB_ZONE, false));
        if (failAfter) {
            stage = stage.step("smoke", s -> s.custom("smoke test of the DR endpoint",
                    ctx -> CompletableFuture.failedFuture(new IllegalStateException("502 from the DR endpoint")))
                    .after("dns"));
        }
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            DrEngine engine = DrEngine.builder().providers(moto.providers().register(Providers.builder()).build())
                    .scheduler(scheduler).build();
            return engine.execute(stage.build());
        }
    }

    @Test
    void execute_aliasRecords_switchedKeepingTypesAndSetIdentifiers() {
        ExecutionReport r = run(false);

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.step("dns").orElseThrow().calls()).containsEntry("route53:ChangeResourceRecordSets", 1);
        List<ResourceRecordSet> api = records().stream().filter(s -> s.name().startsWith("api.")).toList();
        assertThat(api).extracting(ResourceRecordSet::setIdentifier, ResourceRecordSet::typeAsString,
                        ResourceRecordSet::failoverAsString, s -> s.aliasTarget().dnsName(),
                        s -> s.aliasTarget().hostedZoneId(), s -> s.aliasTarget().evaluateTargetHealth(),
                        ResourceRecordSet::healthCheckId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("vibe-use1", "A", "PRIMARY", WEST_ALB, WEST_ELB_ZONE, true,
                                null),
                        org.assertj.core.groups.Tuple.tuple("vibe-usw2", "A", "SECONDARY", EAST_ALB, EAST_ELB_ZONE, false,
                                null));
    }

    @Test
    void execute_laterStepFails_undoRestoresEveryFieldOfTheAliasRecords() {
        List<ResourceRecordSet> before = records();

        ExecutionReport r = run(true);

        assertThat(r.state()).isEqualTo(ExecutionState.COMPENSATED);
        assertThat(r.step("dns").orElseThrow().outcome()).isEqualTo(StepOutcome.COMPENSATED);
        List<ResourceRecordSet> after = records();
        // the SDK's model objects compare every field: name, type, set identifier, failover, TTL,
        // alias target (zone, DNS name, EvaluateTargetHealth), health check
        assertThat(after).containsExactlyInAnyOrderElementsOf(before);
        ResourceRecordSet primary = after.stream().filter(s -> "vibe-use1".equals(s.setIdentifier())).findFirst()
                .orElseThrow();
        assertThat(primary.aliasTarget().dnsName()).isEqualTo(EAST_ALB);
        assertThat(primary.aliasTarget().hostedZoneId()).isEqualTo(EAST_ELB_ZONE);
        assertThat(primary.aliasTarget().evaluateTargetHealth()).isTrue();
        assertThat(primary.healthCheckId()).isEqualTo(healthCheck);
        assertThat(primary.resourceRecords()).isEmpty();
    }

    @Test
    void checkDnsFailover_seededZone_primaryHealthCheckAndItsStatusReported() {
        ExecutionReport r;
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            r = DrEngine.builder().providers(moto.providers().register(Providers.builder()).build()).scheduler(scheduler)
                    .build().execute(DrPlan.region("us-east-1").failoverTo("us-west-2").named("dns-ready")
                            .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                            .step("dns-ready", s -> s.checkDnsFailover(zone, "api.vibe.dev")).build());
        }

        var step = r.step("dns-ready").orElseThrow();
        assertThat(step.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(step.outputs()).containsEntry("healthCheckId", healthCheck).containsEntry("healthy", true)
                .containsEntry("primary", EAST_ALB).containsEntry("secondary", WEST_ALB);
        assertThat(step.calls()).containsEntry("route53:GetHealthCheckStatus", 1);
    }
}
