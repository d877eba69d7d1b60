package io.drplan.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionRefusedException;
import io.drplan.core.ReadinessReport;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.SystemScheduler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;

/**
 * The engine's preflight against moto's Route 53: a typo in the hosted zone id, or a record name
 * outside the zone, is refused before any change, with every problem at once; the zone is left as
 * it was.
 */
@ExtendWith(MotoServerExtension.class)
class PreflightMotoIT {
    private static final String WEST_ALB = "vibe-alb-usw2.us-west-2.elb.amazonaws.com";

    private MotoServer moto;
    private Route53Client independent;
    private String zone;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        independent = moto.sdk(Route53Client.builder(), "aws-global");
        zone = independent.createHostedZone(r -> r.name("vibe.dev.").callerReference("preflight-it-" + System.nanoTime()))
                .hostedZone().id().replace("/hostedzone/", "");
        independent.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                c -> c.action("CREATE").resourceRecordSet(s -> s.name("api.vibe.dev.").type("CNAME").ttl(60L)
                        .setIdentifier("vibe-use1").failover(ResourceRecordSetFailover.PRIMARY)
                        .resourceRecords(v -> v.value("vibe-alb-use1.us-east-1.elb.amazonaws.com"))),
                c -> c.action("CREATE").resourceRecordSet(s -> s.name("api.vibe.dev.").type("CNAME").ttl(60L)
                        .setIdentifier("vibe-usw2").failover(ResourceRecordSetFailover.SECONDARY)
                        .resourceRecords(v -> v.value(WEST_ALB))))));
    }

    private static DrPlan plan(String zoneId, String name) {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("preflight-moto")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("dns", s -> s.dnsFailover(zoneId, name).primary(WEST_ALB))
                .build();
    }

    private List<ResourceRecordSet> records() {
        return independent.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets();
    }

    @Test
    void execute_typoInTheZoneId_isRefusedBeforeAnyChange() {
        List<ResourceRecordSet> before = records();
        String typo = zone.substring(0, zone.length() - 1) + (zone.endsWith("X") ? "Y" : "X");

        try (SystemScheduler scheduler = SystemScheduler.create()) {
            DrEngine engine = DrEngine.builder().providers(moto.providers().register(Providers.builder()).build())
                    .scheduler(scheduler).build();

            assertThatThrownBy(() -> engine.execute(plan(typo, "api.vibe.dev")))
                    .isInstanceOf(ExecutionRefusedException.class)
                    .hasMessageStartingWith("plan 'preflight-moto' cannot start; nothing was changed:\n  - step 'dns':"
                            + " hosted zone '" + typo + "' does not exist (");
        }
        assertThat(records()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void readiness_recordNameOutsideTheZone_isNotReady_andAGoodPlanShowsTheRecordsItWouldChange() {
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            DrEngine engine = DrEngine.builder().providers(moto.providers().register(Providers.builder()).build())
                    .scheduler(scheduler).build();

            ReadinessReport outside = engine.readiness(plan(zone, "api.vibe.example"));
            ReadinessReport good = engine.readiness(plan(zone, "api.vibe.dev"));

            assertThat(outside.ready()).isFalse();
            assertThat(outside.problems()).singleElement().asString().startsWith("step 'dns': hosted zone " + zone
                    + " has no PRIMARY failover record named api.vibe.example");
            assertThat(good.problems()).isEmpty();
            assertThat(good.uses().get("dns")).containsExactly("PRIMARY api.vibe.dev. CNAME: now"
                    + " vibe-alb-use1.us-east-1.elb.amazonaws.com, would be " + WEST_ALB);
        }
    }
}
