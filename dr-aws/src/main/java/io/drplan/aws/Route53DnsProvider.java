package io.drplan.aws;

import static io.drplan.aws.AwsCall.run;

import io.drplan.core.spi.Operations;
import io.drplan.core.spi.DnsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.GetHealthCheckStatusResponse;
import software.amazon.awssdk.services.route53.model.HealthCheckObservation;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
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
    public DnsChange upsertFailoverRecords(String hostedZoneId, List<FailoverRecord> records) {
        Objects.requireNonNull(records, "records");
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no failover record to upsert; give at least one");
        }
        return submit(hostedZoneId, records.stream().map(r -> change(ChangeAction.UPSERT, r)).toList(), records,
                "upserted");
    }

    /**
     * One batch: a {@code DELETE} of every expected record with all the values it was read with, then
     * a {@code CREATE} of every new one. Route 53 refuses the whole batch ({@code InvalidChangeBatch})
     * when a {@code DELETE} does not match the record as it is now.
     */
    @Override
    public DnsChange replaceFailoverRecords(String hostedZoneId, List<FailoverRecord> expected,
                                            List<FailoverRecord> replacement) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(replacement, "replacement");
        if (replacement.isEmpty()) {
            throw new IllegalArgumentException("no failover record to write; give at least one");
        }
        List<Change> changes = new ArrayList<>();
        expected.forEach(r -> changes.add(change(ChangeAction.DELETE, r)));
        replacement.forEach(r -> changes.add(change(ChangeAction.CREATE, r)));
        return submit(hostedZoneId, changes, replacement, "replaced");
    }

    private static Change change(ChangeAction action, FailoverRecord record) {
        return Change.builder().action(action).resourceRecordSet(toRecordSet(record)).build();
    }

    /** Sends {@code changes} in one batch, described (and commented) by the records it writes. */
    private DnsChange submit(String hostedZoneId, List<Change> changes, List<FailoverRecord> written, String verb) {
        Route53Client r53 = clients.route53();
        String zone = bareId(hostedZoneId);
        String what = written.stream().map(r -> r.role() + " failover record '" + r.name() + "' " + r.type())
                .collect(Collectors.joining(" and ")) + " in hosted zone '" + zone + "'";
        ChangeInfo info = run(Operations.ROUTE53_CHANGE_RECORD_SETS, null, what,
                () -> r53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b
                        .comment(comment(written)).changes(changes))).changeInfo());
        log.info("{} {} in one change batch (change {})", verb, what, info.id());
        return toChange(info);
    }

    /** Route 53 limits a batch comment to 256 characters. */
    private static String comment(List<FailoverRecord> records) {
        String c = "drplan: " + records.stream().map(r -> r.role() + " " + r.name() + " -> " + r.value())
                .collect(Collectors.joining("; "));
        return c.length() <= 256 ? c : c.substring(0, 253) + "...";
    }

    static ResourceRecordSet toRecordSet(FailoverRecord record) {
        Objects.requireNonNull(record.role(), "record.role");
        ResourceRecordSet.Builder set = ResourceRecordSet.builder()
                .name(record.name())
                .type(record.type())
                .setIdentifier(record.setIdentifier())
                .failover(record.role() == FailoverRole.PRIMARY ? ResourceRecordSetFailover.PRIMARY
                        : ResourceRecordSetFailover.SECONDARY)
                .healthCheckId(record.healthCheckId());
        if (record.alias() != null) {
            set.aliasTarget(a -> a.hostedZoneId(record.alias().hostedZoneId()).dnsName(record.alias().dnsName())
                    .evaluateTargetHealth(record.alias().evaluateTargetHealth()));
        } else {
            set.ttl(record.ttl()).resourceRecords(record.values().stream()
                    .map(v -> ResourceRecord.builder().value(v).build()).toList());
        }
        return set.build();
    }

    @Override
    public DnsChange getChange(String changeId) {
        Route53Client r53 = clients.route53();
        String id = bareId(changeId);
        return toChange(run(Operations.ROUTE53_GET_CHANGE, null, "change '" + id + "'",
                () -> r53.getChange(r -> r.id(id)).changeInfo()));
    }

    @Override
    public List<FailoverRecord> listFailoverRecords(String hostedZoneId, String name) {
        Route53Client r53 = clients.route53();
        String zone = bareId(hostedZoneId);
        String wanted = normalize(name);
        return run(Operations.ROUTE53_LIST_RECORD_SETS, null,
                "records '" + name + "' in hosted zone '" + zone + "'", () -> {
                    List<FailoverRecord> out = new ArrayList<>();
                    // startRecordName positions the listing at the name, and records come sorted by name: the
                    // name's records come first, so the first other name ends them (or says there are none).
                    // Going on would page through the rest of the zone.
                    for (ResourceRecordSet s : r53.listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone)
                            .startRecordName(name)).resourceRecordSets()) {
                        if (!normalize(s.name()).equals(wanted)) {
                            break;
                        }
                        if (s.failover() != null) {
                            out.add(toRecord(s));
                        }
                    }
                    return List.copyOf(out);
                });
    }

    @Override
    public HealthCheckStatus getHealthCheckStatus(String healthCheckId) {
        Route53Client r53 = clients.route53();
        GetHealthCheckStatusResponse status = run(Operations.ROUTE53_GET_HEALTH_CHECK_STATUS, null,
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
        FailoverRole role = s.failover() == ResourceRecordSetFailover.PRIMARY ? FailoverRole.PRIMARY
                : FailoverRole.SECONDARY;
        if (s.aliasTarget() != null) {
            software.amazon.awssdk.services.route53.model.AliasTarget a = s.aliasTarget();
            return FailoverRecord.alias(s.name(), s.typeAsString(), role, s.setIdentifier(), new AliasTarget(
                    a.hostedZoneId(), a.dnsName(), Boolean.TRUE.equals(a.evaluateTargetHealth())), s.healthCheckId());
        }
        return new FailoverRecord(s.name(), s.typeAsString(), role, s.setIdentifier(),
                s.resourceRecords().stream().map(ResourceRecord::value).toList(), s.ttl() == null ? 0 : s.ttl(),
                s.healthCheckId(), null);
    }
}
