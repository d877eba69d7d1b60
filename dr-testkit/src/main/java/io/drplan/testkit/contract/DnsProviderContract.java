package io.drplan.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drplan.core.spi.DnsProvider;
import io.drplan.core.spi.DnsProvider.AliasTarget;
import io.drplan.core.spi.DnsProvider.DnsChange;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.core.spi.DnsProvider.HealthCheckStatus;
import io.drplan.core.spi.ProviderException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DnsProvider} must do, as Route 53 does it: one atomic change batch, changes
 * that end {@code INSYNC}, a replacement that is refused whole when a record changed since it was read, failover records (plain and alias) listed back with every field they were
 * written with, so that writing back what was listed restores a record exactly. Subclass it once
 * for the fake and once for the real provider on its test bed; a difference between them fails a
 * test.
 *
 * <pre>{@code
 * class FakeDnsContractTest extends DnsProviderContract {
 *     protected DnsProvider dns() { return cloud.dns(); }
 *     ...
 * }
 * }</pre>
 */
public abstract class DnsProviderContract {
    /** The canonical hosted zone id of us-west-2 load balancers (Application and Classic). */
    protected static final String US_WEST_2_ELB_ZONE = "Z1H1FL5HABSF5";

    private String zone;
    private String name;

    /** The provider under test. */
    protected abstract DnsProvider dns();

    /** Creates an empty hosted zone for {@code domain} and returns its id. */
    protected abstract String newHostedZone(String domain);

    /** Creates a health check that passes and returns its id. */
    protected abstract String newHealthCheck();

    /** Lets enough time pass for every change made so far to reach {@code INSYNC}. */
    protected abstract void letChangesSync();

    /**
     * Whether a refused batch leaves every record as it was, as Route 53 promises. Only a test bed
     * known to differ (and saying so) returns false.
     */
    protected boolean refusedBatchChangesNothing() {
        return true;
    }

    /**
     * Whether a {@code DELETE} is checked against the record as it is now, as Route 53 does. Only a
     * test bed known to check less (and saying so) returns false.
     */
    protected boolean deleteComparesCurrentValues() {
        return true;
    }

    @BeforeEach
    void newZone() {
        zone = newHostedZone("vibe.dev");
        name = "api.vibe.dev.";
    }

    private FailoverRecord plain(FailoverRole role, String setId, String value, String healthCheck) {
        return new FailoverRecord(name, "CNAME", role, setId, List.of(value), 60, healthCheck, null);
    }

    @Test
    void upsertFailoverRecords_primaryAndSecondaryInOneBatch_oneChangeThatSyncs() {
        String hc = newHealthCheck();
        FailoverRecord primary = plain(FailoverRole.PRIMARY, "vibe-east", "vibe-alb-east.us-east-1.elb.amazonaws.com", hc);
        FailoverRecord secondary = plain(FailoverRole.SECONDARY, "vibe-west", "vibe-alb-west.us-west-2.elb.amazonaws.com",
                null);

        DnsChange change = dns().upsertFailoverRecords(zone, List.of(primary, secondary));
        letChangesSync();

        assertThat(change.id()).isNotBlank();
        assertThat(change.status()).isIn("PENDING", "INSYNC");
        assertThat(dns().getChange(change.id())).isEqualTo(new DnsChange(change.id(), "INSYNC"));
        assertThat(dns().listFailoverRecords(zone, "api.vibe.dev")).containsExactlyInAnyOrder(primary, secondary);
    }

    @Test
    void listFailoverRecords_aliasAndMultiValueRecords_everyFieldAsWritten() {
        FailoverRecord alias = FailoverRecord.alias(name, "A", FailoverRole.PRIMARY, "east-alb", new AliasTarget(
                "Z35SXDOTRQ7X7K", "dualstack.vibe-alb-east-1.us-east-1.elb.amazonaws.com.", true), null);
        FailoverRecord ips = new FailoverRecord(name, "A", FailoverRole.SECONDARY, "west-ips",
                List.of("10.20.0.10", "10.20.0.11"), 300, null, null);

        dns().upsertFailoverRecords(zone, List.of(alias, ips));

        List<FailoverRecord> listed = dns().listFailoverRecords(zone, "api.vibe.dev");
        assertThat(listed).containsExactlyInAnyOrder(alias, ips);
        FailoverRecord back = listed.stream().filter(FailoverRecord::isAlias).findFirst().orElseThrow();
        assertThat(back.alias().hostedZoneId()).isEqualTo("Z35SXDOTRQ7X7K");
        assertThat(back.alias().evaluateTargetHealth()).isTrue();
        assertThat(back.values()).isEmpty();
        assertThat(back.ttl()).isZero();
    }

    @Test
    void upsertFailoverRecords_sameNameTypeAndSetIdentifier_replacesOnlyThatRecord() {
        FailoverRecord primary = plain(FailoverRole.PRIMARY, "p", "old.vibe.dev", null);
        FailoverRecord secondary = plain(FailoverRole.SECONDARY, "s", "dr.vibe.dev", null);
        dns().upsertFailoverRecords(zone, List.of(primary, secondary));
        FailoverRecord moved = new FailoverRecord(name, "CNAME", FailoverRole.PRIMARY, "p", List.of("new.vibe.dev"), 30,
                null, null);

        dns().upsertFailoverRecord(zone, moved);

        assertThat(dns().listFailoverRecords(zone, "API.vibe.dev.")).containsExactlyInAnyOrder(moved, secondary);
    }

    @Test
    void upsertFailoverRecords_writingBackWhatWasListed_restoresAliasRecordsExactly() {
        // given: alias failover records, as an ALB setup has them
        List<FailoverRecord> before = List.of(
                FailoverRecord.alias(name, "A", FailoverRole.PRIMARY, "primary", new AliasTarget("Z35SXDOTRQ7X7K",
                        "dualstack.vibe-alb-east-1.us-east-1.elb.amazonaws.com.", true), null),
                FailoverRecord.alias(name, "A", FailoverRole.SECONDARY, "secondary", new AliasTarget(US_WEST_2_ELB_ZONE,
                        "dualstack.vibe-alb-west-1.us-west-2.elb.amazonaws.com.", false), null));
        dns().upsertFailoverRecords(zone, before);
        List<FailoverRecord> listed = dns().listFailoverRecords(zone, name);
        dns().upsertFailoverRecords(zone, List.of(FailoverRecord.alias(name, "A", FailoverRole.PRIMARY, "primary",
                new AliasTarget(US_WEST_2_ELB_ZONE, "dualstack.vibe-alb-west-1.us-west-2.elb.amazonaws.com.", true), null)));

        // when: undo writes back what it listed
        dns().upsertFailoverRecords(zone, listed);
        letChangesSync();

        // then
        assertThat(dns().listFailoverRecords(zone, name)).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void upsertFailoverRecords_oneRecordRefused_nothingChanges() {
        assumeTrue(refusedBatchChangesNothing(), "this test bed applies part of a refused batch (see the subclass)");
        FailoverRecord primary = plain(FailoverRole.PRIMARY, "p", "east.vibe.dev", null);
        dns().upsertFailoverRecords(zone, List.of(primary));

        assertThatThrownBy(() -> dns().upsertFailoverRecords(zone, List.of(plain(FailoverRole.PRIMARY, "p",
                "west.vibe.dev", null), new FailoverRecord("www.elsewhere.example.", "CNAME", FailoverRole.PRIMARY,
                "p", List.of("west.vibe.dev"), 60, null, null))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.INVALID_REQUEST);
                    assertThat(e.operation()).isEqualTo("route53:ChangeResourceRecordSets");
                });
        assertThat(dns().listFailoverRecords(zone, name)).containsExactly(primary);
    }

    @Test
    void replaceFailoverRecords_recordsAsListed_swappedInOneChangeThatSyncs() {
        String hc = newHealthCheck();
        dns().upsertFailoverRecords(zone, List.of(plain(FailoverRole.PRIMARY, "primary", "east.vibe.dev", hc),
                plain(FailoverRole.SECONDARY, "secondary", "west.vibe.dev", null)));
        List<FailoverRecord> listed = dns().listFailoverRecords(zone, name);
        List<FailoverRecord> swapped = List.of(plain(FailoverRole.PRIMARY, "primary", "west.vibe.dev", null),
                plain(FailoverRole.SECONDARY, "secondary", "east.vibe.dev", hc));

        DnsChange change = dns().replaceFailoverRecords(zone, listed, swapped);
        letChangesSync();

        assertThat(dns().getChange(change.id())).isEqualTo(new DnsChange(change.id(), "INSYNC"));
        assertThat(dns().listFailoverRecords(zone, name)).containsExactlyInAnyOrderElementsOf(swapped);
    }

    @Test
    void replaceFailoverRecords_valuesTheRecordNeverHad_refusedAndNothingChanges() {
        FailoverRecord primary = plain(FailoverRole.PRIMARY, "p", "east.vibe.dev", null);
        dns().upsertFailoverRecords(zone, List.of(primary));

        assertThatThrownBy(() -> dns().replaceFailoverRecords(zone,
                List.of(plain(FailoverRole.PRIMARY, "p", "never.vibe.dev", null)),
                List.of(plain(FailoverRole.PRIMARY, "p", "west.vibe.dev", null))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.INVALID_REQUEST);
                    assertThat(e.operation()).isEqualTo("route53:ChangeResourceRecordSets");
                });
        assertThat(dns().listFailoverRecords(zone, name)).containsExactly(primary);
    }

    @Test
    void replaceFailoverRecords_recordChangedSinceItWasRead_refusedAndTheNewValueStays() {
        assumeTrue(deleteComparesCurrentValues(), "this test bed compares a DELETE with less (see the subclass)");
        dns().upsertFailoverRecords(zone, List.of(plain(FailoverRole.PRIMARY, "p", "east.vibe.dev", null)));
        List<FailoverRecord> read = dns().listFailoverRecords(zone, name);
        FailoverRecord meanwhile = plain(FailoverRole.PRIMARY, "p", "other.vibe.dev", null);
        dns().upsertFailoverRecords(zone, List.of(meanwhile));

        assertThatThrownBy(() -> dns().replaceFailoverRecords(zone, read,
                List.of(plain(FailoverRole.PRIMARY, "p", "west.vibe.dev", null))))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.INVALID_REQUEST));
        assertThat(dns().listFailoverRecords(zone, name)).containsExactly(meanwhile);
    }

    @Test
    void upsertFailoverRecords_unknownZone_isNotFound() {
        assertThatThrownBy(() -> dns().upsertFailoverRecords("ZNOSUCHZONE0", List.of(plain(FailoverRole.PRIMARY, "p",
                "east.vibe.dev", null))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("route53:ChangeResourceRecordSets");
                    assertThat(e.endpoint()).isEqualTo("route53/global");
                });
    }

    @Test
    void listFailoverRecords_nameWithoutRecords_isEmpty() {
        dns().upsertFailoverRecords(zone, List.of(plain(FailoverRole.PRIMARY, "p", "east.vibe.dev", null)));

        assertThat(dns().listFailoverRecords(zone, "www.vibe.dev")).isEmpty();
    }

    @Test
    void getHealthCheckStatus_passingCheck_isHealthy() {
        String hc = newHealthCheck();

        HealthCheckStatus status = dns().getHealthCheckStatus(hc);

        assertThat(status.healthCheckId()).isEqualTo(hc);
        assertThat(status.healthy()).isTrue();
        assertThat(status.detail()).contains("Success");
    }

    @Test
    void getHealthCheckStatus_missingCheck_isNotFound() {
        assertThatThrownBy(() -> dns().getHealthCheckStatus("0c5e8e8e-0000-4000-8000-000000000000"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("route53:GetHealthCheckStatus");
                });
    }
}
