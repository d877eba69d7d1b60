package io.drplan.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.spi.DnsProvider;
import io.drplan.core.spi.DnsProvider.DnsChange;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.core.spi.DnsProvider.HealthCheckStatus;
import io.drplan.core.spi.ProviderException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

@ExtendWith(MotoServerExtension.class)
class Route53DnsProviderIT {
    private DnsProvider dns;
    private Route53Client sdk;
    private String zoneId;

    @BeforeEach
    void setUp(MotoServer moto) {
        dns = moto.providers().dns();
        sdk = moto.sdk(Route53Client.builder(), "aws-global");
        zoneId = sdk.createHostedZone(r -> r.name("vibe.dev.").callerReference("it-" + System.nanoTime()))
                .hostedZone().id();
    }

    @Test
    void upsertFailoverRecord_primaryAndSecondary_bothStoredWithRolesAndHealthCheck() {
        String hc = healthCheck();

        DnsChange primary = dns.upsertFailoverRecord(zoneId, new FailoverRecord("api.vibe.dev", "CNAME",
                FailoverRole.PRIMARY, "primary", "vibe-alb-primary.us-east-1.elb.amazonaws.com", 60, hc));
        DnsChange secondary = dns.upsertFailoverRecord(zoneId, new FailoverRecord("api.vibe.dev", "CNAME",
                FailoverRole.SECONDARY, "secondary", "vibe-alb-dr.us-west-2.elb.amazonaws.com", 60, null));

        assertThat(primary.id()).doesNotStartWith("/change/").isNotBlank();
        assertThat(primary.status()).isIn("PENDING", "INSYNC");
        assertThat(secondary.id()).doesNotStartWith("/change/").isNotBlank(); // moto reuses one change id
        var stored = sdk.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets().stream()
                .filter(s -> s.failover() != null).toList();
        assertThat(stored).extracting(ResourceRecordSet::name, s -> s.failoverAsString(), ResourceRecordSet::setIdentifier,
                        s -> s.resourceRecords().get(0).value(), ResourceRecordSet::healthCheckId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("api.vibe.dev.", "PRIMARY", "primary",
                                "vibe-alb-primary.us-east-1.elb.amazonaws.com", hc),
                        org.assertj.core.groups.Tuple.tuple("api.vibe.dev.", "SECONDARY", "secondary",
                                "vibe-alb-dr.us-west-2.elb.amazonaws.com", null));
    }

    @Test
    void upsertFailoverRecord_existingPrimary_replacesItsValue() {
        dns.upsertFailoverRecord(zoneId, new FailoverRecord("api.vibe.dev", "CNAME", FailoverRole.PRIMARY,
                "primary", "old.example.com", 60, null));

        dns.upsertFailoverRecord(zoneId, new FailoverRecord("api.vibe.dev", "CNAME", FailoverRole.PRIMARY,
                "primary", "vibe-alb-dr.us-west-2.elb.amazonaws.com", 30, null));

        assertThat(dns.listFailoverRecords(zoneId, "api.vibe.dev")).containsExactly(new FailoverRecord(
                "api.vibe.dev.", "CNAME", FailoverRole.PRIMARY, "primary", "vibe-alb-dr.us-west-2.elb.amazonaws.com",
                30, null));
    }

    @Test
    void getChange_afterUpsert_isInSyncOnMoto() {
        DnsChange change = dns.upsertFailoverRecord(zoneId, new FailoverRecord("api.vibe.dev", "CNAME",
                FailoverRole.PRIMARY, "primary", "a.example.com", 60, null));

        DnsChange now = dns.getChange(change.id());

        assertThat(now.id()).isEqualTo(change.id());
        assertThat(now.isInSync()).isTrue();
    }

    @Test
    void listFailoverRecords_mixedRecords_returnsOnlyFailoverRecordsOfTheName() {
        sdk.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(
                c -> c.action("CREATE").resourceRecordSet(s -> s.name("www.vibe.dev").type("CNAME").ttl(60L)
                        .resourceRecords(v -> v.value("api.vibe.dev"))),
                c -> c.action("CREATE").resourceRecordSet(s -> s.name("api.vibe.dev").type("CNAME").ttl(60L)
                        .setIdentifier("secondary").failover("SECONDARY")
                        .resourceRecords(v -> v.value("dr.example.com"))),
                c -> c.action("CREATE").resourceRecordSet(s -> s.name("api2.vibe.dev").type("CNAME").ttl(60L)
                        .setIdentifier("primary").failover("PRIMARY").resourceRecords(v -> v.value("x.example.com"))))));

        var records = dns.listFailoverRecords(zoneId, "API.vibe.dev.");

        assertThat(records).containsExactly(new FailoverRecord("api.vibe.dev.", "CNAME", FailoverRole.SECONDARY,
                "secondary", "dr.example.com", 60, null));
    }

    @Test
    void getHealthCheckStatus_existingCheck_isHealthy() {
        String hc = healthCheck();

        HealthCheckStatus status = dns.getHealthCheckStatus(hc);

        assertThat(status.healthCheckId()).isEqualTo(hc);
        assertThat(status.healthy()).isTrue();
        assertThat(status.detail()).startsWith("1 of 1 checkers report success; us-east-1: Success");
    }

    @Test
    void upsertFailoverRecord_unknownZone_isNotFound() {
        assertThatThrownBy(() -> dns.upsertFailoverRecord("ZNOSUCHZONE", new FailoverRecord("api.vibe.dev", "CNAME",
                FailoverRole.PRIMARY, "primary", "a.example.com", 60, null)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("route53:ChangeResourceRecordSets");
                    assertThat(e.endpoint()).isEqualTo("route53/global");
                    assertThat(e.getMessage()).contains("NoSuchHostedZone").contains("'ZNOSUCHZONE'");
                });
    }

    private String healthCheck() {
        return sdk.createHealthCheck(r -> r.callerReference("hc-" + System.nanoTime()).healthCheckConfig(c -> c
                .type(HealthCheckType.HTTPS).fullyQualifiedDomainName("vibe-alb-primary.us-east-1.elb.amazonaws.com")
                .resourcePath("/health").port(443))).healthCheck().id();
    }
}
