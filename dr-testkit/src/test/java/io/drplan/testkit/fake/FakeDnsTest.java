package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.DnsProvider.DnsChange;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.core.spi.DnsProvider.HealthCheckStatus;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeDnsTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final FailoverRecord PRIMARY = new FailoverRecord("api.example.com", "CNAME", FailoverRole.PRIMARY,
            "primary", "alb-east.us-east-1.elb.amazonaws.com", 60, "hc-east");
    private static final FailoverRecord SECONDARY = new FailoverRecord("api.example.com", "CNAME",
            FailoverRole.SECONDARY, "secondary", "alb-west.us-west-2.elb.amazonaws.com", 60, "hc-west");

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);
    private final FakeDns dns = cloud.dns();

    @BeforeEach
    void seed() {
        dns.addHostedZone("Z1").addHealthCheck("hc-east", EAST).addHealthCheck("hc-west", WEST)
                .addRecord("Z1", PRIMARY);
    }

    @Test
    void upsertFailoverRecord_pendingForSixtySecondsThenInSync() {
        DnsChange change = dns.upsertFailoverRecord("Z1", SECONDARY);

        assertThat(change.status()).isEqualTo("PENDING");
        assertThat(change.id()).matches("/change/C[A-Z0-9]{13}");
        time.advance(Duration.ofSeconds(59));
        assertThat(dns.getChange(change.id()).isInSync()).isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(dns.getChange(change.id())).isEqualTo(new DnsChange(change.id(), "INSYNC"));
        assertThat(cloud.calls()).extracting(FakeCloud.Call::endpoint).containsOnly("route53/global");
    }

    @Test
    void upsertFailoverRecord_replacesSameNameAndSetIdentifier() {
        FailoverRecord moved = new FailoverRecord("api.example.com.", "CNAME", FailoverRole.PRIMARY, "primary",
                "alb-west.us-west-2.elb.amazonaws.com", 60, "hc-west");

        dns.upsertFailoverRecord("Z1", SECONDARY);
        dns.upsertFailoverRecord("Z1", moved);

        // Route 53 answers names with their trailing dot
        assertThat(dns.listFailoverRecords("Z1", "api.example.com")).containsExactly(moved,
                SECONDARY.withName("api.example.com."));
    }

    @Test
    void resolve_usesThePreviousRecordUntilTheChangeIsInSync() {
        FailoverRecord moved = new FailoverRecord("api.example.com", "CNAME", FailoverRole.PRIMARY, "primary",
                "alb-west.us-west-2.elb.amazonaws.com", 60, null);
        dns.upsertFailoverRecord("Z1", moved);

        assertThat(dns.resolve("Z1", "api.example.com")).contains(PRIMARY);
        time.advance(Duration.ofSeconds(60));
        assertThat(dns.resolve("Z1", "api.example.com")).contains(moved);
        assertThat(FakeDns.regionOf(moved)).contains(WEST);
    }

    @Test
    void resolve_primaryUnhealthy_secondaryWhenPresent() {
        cloud.region(EAST).goDown();
        assertThat(dns.resolve("Z1", "api.example.com")).isEmpty();

        dns.addRecord("Z1", SECONDARY);

        assertThat(dns.resolve("Z1", "api.example.com")).contains(SECONDARY);
    }

    @Test
    void getHealthCheckStatus_followsRegionOrSupplier() {
        AtomicBoolean ok = new AtomicBoolean(true);
        dns.addHealthCheck("hc-app", ok::get);
        cloud.region(EAST).goDown();
        ok.set(false);

        HealthCheckStatus east = dns.getHealthCheckStatus("hc-east");

        assertThat(east.healthy()).isFalse();
        assertThat(east.detail()).isEqualTo("Failure: Connection timed out (endpoint in us-east-1)");
        assertThat(dns.getHealthCheckStatus("hc-west").healthy()).isTrue();
        assertThat(dns.getHealthCheckStatus("hc-app").healthy()).isFalse();
    }

    @Test
    void route53_isGlobal_aRegionOutageDoesNotStopIt() {
        cloud.region(EAST).goDown();
        cloud.region(WEST).goDown();

        assertThat(dns.listFailoverRecords("Z1", "api.example.com")).containsExactly(PRIMARY.withName("api.example.com."));
    }

    @Test
    void upsertFailoverRecords_oneBadRecord_refusesTheWholeBatch() {
        FailoverRecord moved = new FailoverRecord("api.example.com", "CNAME", FailoverRole.PRIMARY, "primary",
                "alb-west.us-west-2.elb.amazonaws.com", 60, null);

        assertThatThrownBy(() -> dns.upsertFailoverRecords("Z1", java.util.List.of(moved, new FailoverRecord(
                "api.example.com", "CNAME", FailoverRole.SECONDARY, "secondary", "x.example.com", 60, "hc-x"))))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
        assertThat(dns.records("Z1")).containsExactly(PRIMARY);
        assertThat(dns.resolve("Z1", "api.example.com")).contains(PRIMARY);
    }

    @Test
    void upsertFailoverRecords_recordOutsideTheZonesDomain_isRefused() {
        dns.addHostedZone("Z2", "vibe.dev");

        assertThatThrownBy(() -> dns.upsertFailoverRecord("Z2", PRIMARY))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST))
                .hasMessage("RRSet with DNS name api.example.com is not permitted in zone vibe.dev. (InvalidChangeBatch);"
                        + " nothing was changed");
    }

    @Test
    void errors_unknownZoneChangeHealthCheck() {
        assertThatThrownBy(() -> dns.upsertFailoverRecord("Z9", SECONDARY))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("hosted zone 'Z9' not found; the fake has [Z1]");
        assertThatThrownBy(() -> dns.getChange("/change/C0"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        assertThatThrownBy(() -> dns.getHealthCheckStatus("hc-x"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        assertThatThrownBy(() -> dns.upsertFailoverRecord("Z1", new FailoverRecord("a", "CNAME", FailoverRole.PRIMARY,
                "p", "v", 60, "hc-x")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST))
                .hasMessage("health check 'hc-x' does not exist; create it or leave healthCheckId null");
    }
}
