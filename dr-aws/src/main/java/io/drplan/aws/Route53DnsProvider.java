package io.drplan.aws;

import static io.drplan.aws.AwsCall.run;

import io.drplan.core.spi.DnsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.GetHealthCheckStatusResponse;
import software.amazon.awssdk.services.route53.model.HealthCheckObservation;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;

/**
 * Route 53 implementation of {@link DnsProvider}. Every method is one API call (a record listing
 * follows pages only while they still hold the name asked for); the engine polls {@link #getChange}
 * until the change is {@code INSYNC}.
 */
final class Route53DnsProvider implements DnsProvider {
    /** Route 53 calls an endpoint healthy when more than 18% of its health checkers do. */
    static final double HEALTHY_CHECKER_SHARE = 0.18;

    private static final Logger log = LoggerFactory.getLogger(Route53DnsProvider.class);

    private final AwsClients clients;

    Route53DnsProvider(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public DnsChange upsertFailoverRecord(String hostedZoneId, FailoverRecord record) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(record.role(), "record.role");
        Route53Client r53 = clients.route53();
        String zone = bareId(hostedZoneId);
        ResourceRecordSet set = ResourceRecordSet.builder()
                .name(record.name())
                .type(record.type())
                .setIdentifier(record.setIdentifier())
                .failover(record.role() == FailoverRole.PRIMARY ? ResourceRecordSetFailover.PRIMARY
                        : ResourceRecordSetFailover.SECONDARY)
                .ttl(record.ttl())
                .resourceRecords(rr -> rr.value(record.value()))
                .healthCheckId(record.healthCheckId())
                .build();
        ChangeInfo info = run(AwsOperations.ROUTE53_CHANGE_RECORD_SETS, null,
                record.role() + " failover record '" + record.name() + "' " + record.type() + " in hosted zone '"
                        + zone + "'",
                () -> r53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b
                        .comment("drplan: " + record.role() + " " + record.name() + " -> " + record.value())
                        .changes(c -> c.action(ChangeAction.UPSERT).resourceRecordSet(set)))).changeInfo());
        log.info("upserted {} failover record {} {} -> {} in zone {} (change {})", record.role(), record.name(),
                record.type(), record.value(), zone, info.id());
        return toChange(info);
    }

    @Override
    public DnsChange getChange(String changeId) {
        Route53Client r53 = clients.route53();
        String id = bareId(changeId);
        return toChange(run(AwsOperations.ROUTE53_GET_CHANGE, null, "change '" + id + "'",
                () -> r53.getChange(r -> r.id(id)).changeInfo()));
    }

    @Override
    public List<FailoverRecord> listFailoverRecords(String hostedZoneId, String name) {
        Route53Client r53 = clients.route53();
        String zone = bareId(hostedZoneId);
        String wanted = normalize(name);
        return run(AwsOperations.ROUTE53_LIST_RECORD_SETS, null,
                "records '" + name + "' in hosted zone '" + zone + "'", () -> {
                    List<FailoverRecord> out = new ArrayList<>();
                    boolean seen = false;
                    // Records come sorted by name from startRecordName on; stop once past the name.
                    for (ResourceRecordSet s : r53.listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone)
                            .startRecordName(name)).resourceRecordSets()) {
                        boolean match = normalize(s.name()).equals(wanted);
                        if (!match && seen) {
                            break;
                        }
                        seen |= match;
                        if (match && s.failover() != null) {
                            out.add(toRecord(s));
                        }
                    }
                    return List.copyOf(out);
                });
    }

    @Override
    public HealthCheckStatus getHealthCheckStatus(String healthCheckId) {
        Route53Client r53 = clients.route53();
        GetHealthCheckStatusResponse status = run(AwsOperations.ROUTE53_GET_HEALTH_CHECK_STATUS, null,
                "health check '" + healthCheckId + "'",
                () -> r53.getHealthCheckStatus(r -> r.healthCheckId(healthCheckId)));
        List<HealthCheckObservation> observations = status.healthCheckObservations();
        long passing = observations.stream().filter(o -> o.statusReport() != null && o.statusReport().status() != null
                && o.statusReport().status().startsWith("Success")).count();
        boolean healthy = !observations.isEmpty() && passing > observations.size() * HEALTHY_CHECKER_SHARE;
        String first = observations.stream().filter(o -> o.statusReport() != null)
                .map(o -> o.region() + ": " + o.statusReport().status()).findFirst().orElse("no observations");
        return new HealthCheckStatus(healthCheckId, healthy,
                passing + " of " + observations.size() + " checkers report success; " + first);
    }

    @Override
    public String toString() {
        return "Route53DnsProvider[" + clients + "]";
    }

    /** Accepts {@code Z123}, {@code /hostedzone/Z123} and {@code /change/C123}. */
    static String bareId(String id) {
        Objects.requireNonNull(id, "id");
        int slash = id.lastIndexOf('/');
        return slash < 0 ? id : id.substring(slash + 1);
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    private static DnsChange toChange(ChangeInfo info) {
        return new DnsChange(bareId(info.id()), info.statusAsString());
    }

    private static FailoverRecord toRecord(ResourceRecordSet s) {
        String value;
        long ttl;
        if (s.aliasTarget() != null) {
            value = s.aliasTarget().dnsName();
            ttl = 0;
        } else {
            value = s.resourceRecords().isEmpty() ? null : s.resourceRecords().get(0).value();
            ttl = s.ttl() == null ? 0 : s.ttl();
        }
        return new FailoverRecord(s.name(), s.typeAsString(),
                s.failover() == ResourceRecordSetFailover.PRIMARY ? FailoverRole.PRIMARY : FailoverRole.SECONDARY,
                s.setIdentifier(), value, ttl, s.healthCheckId());
    }
}
