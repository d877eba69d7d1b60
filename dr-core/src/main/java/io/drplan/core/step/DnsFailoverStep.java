package io.drplan.core.step;

import static io.drplan.core.step.Ops.DNS_CHANGE;
import static io.drplan.core.step.Ops.DNS_GET_CHANGE;
import static io.drplan.core.step.Ops.DNS_LIST;

import io.drplan.core.spi.DnsProvider;
import io.drplan.core.spi.DnsProvider.DnsChange;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's "Update DNS (Route 53)": upserts the failover records of a name so that the
 * PRIMARY answer is the DR target (and, optionally, the SECONDARY the old primary), and waits until
 * the change is in sync. Undone by putting the previous records back. Output: {@code changeId}.
 *
 * <pre>{@code
 * s.dnsFailover("Z0VIBEDEV0001", "api.vibe.dev").primary("vibe-alb-usw2.us-west-2.elb.amazonaws.com")
 * }</pre>
 */
public final class DnsFailoverStep extends StepBuilder<DnsFailoverStep> {
    /** How long a DNS change usually takes to sync. */
    public static final Duration DEFAULT_ESTIMATE = Duration.ofMinutes(1);

    private final String zoneId;
    private final String name;
    private String primary;
    private String primaryHealthCheck;
    private String secondary;
    private String secondaryHealthCheck;
    private String type = "CNAME";
    private long ttl = 60;

    DnsFailoverStep(PlanRegions regions, String zoneId, String name) {
        super(regions);
        this.zoneId = zoneId;
        this.name = name;
    }

    /** The value the PRIMARY record must answer with (the DR load balancer). Required. */
    public DnsFailoverStep primary(String value) {
        this.primary = value;
        return this;
    }

    /** The PRIMARY record's health check id. */
    public DnsFailoverStep primaryHealthCheck(String healthCheckId) {
        this.primaryHealthCheck = healthCheckId;
        return this;
    }

    /** The value the SECONDARY record answers with, when it should change too. */
    public DnsFailoverStep secondary(String value) {
        this.secondary = value;
        return this;
    }

    /** The SECONDARY record's health check id. */
    public DnsFailoverStep secondaryHealthCheck(String healthCheckId) {
        this.secondaryHealthCheck = healthCheckId;
        return this;
    }

    /** Record type ({@code CNAME} by default). */
    public DnsFailoverStep type(String type) {
        this.type = type;
        return this;
    }

    /** TTL in seconds (60 by default). */
    public DnsFailoverStep ttl(long ttl) {
        this.ttl = ttl;
        return this;
    }

    @Override
    StepAction action() {
        List<FailoverRecord> records = new ArrayList<>();
        records.add(new FailoverRecord(name, type, FailoverRole.PRIMARY, "primary", primary, ttl, primaryHealthCheck));
        if (secondary != null) {
            records.add(new FailoverRecord(name, type, FailoverRole.SECONDARY, "secondary", secondary, ttl,
                    secondaryHealthCheck));
        }
        return new Action(zoneId, name, List.copyOf(records), ttl);
    }

    private record Action(String zoneId, String name, List<FailoverRecord> records, long ttl) implements StepAction {
        @Override
        public String description() {
            return "Point " + name + " (zone " + zoneId + ") PRIMARY at " + records.get(0).value()
                    + (records.size() > 1 ? " and SECONDARY at " + records.get(1).value() : "");
        }

        @Override
        public List<Operation> operations() {
            return List.of(DNS_LIST, DNS_CHANGE, DNS_GET_CHANGE);
        }

        @Override
        public Duration estimate() {
            return DEFAULT_ESTIMATE;
        }

        @Override
        public Set<String> outputs() {
            return Set.of("changeId");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("dnsFailover hosted zone id", zoneId, "\"Z0VIBEDEV0001\"", p);
            require("dnsFailover record name", name, "\"api.vibe.dev\"", p);
            require("primary (value)", records.get(0).value(), ".primary(\"vibe-alb-usw2.us-west-2.elb.amazonaws.com\")", p);
            if (ttl <= 0) {
                p.add("ttl must be positive but was " + ttl + "; use .ttl(60)");
            }
            return p;
        }

        @Override
        public boolean compensable() {
            return true;
        }

        @Override
        public List<Operation> compensationOperations() {
            return List.of(DNS_CHANGE, DNS_GET_CHANGE);
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            DnsProvider dns = ctx.providers().dns();
            String ep = "route53/global";
            return ctx.call(DNS_LIST, ep, () -> dns.listFailoverRecords(zoneId, name))
                    .thenCompose(previous -> upsertAll(ctx, dns, records).thenApply(change -> Map.<String, Object>of(
                            "changeId", change.id(), "previousRecords", List.copyOf(previous))));
        }

        private CompletionStage<DnsChange> upsertAll(StepContext ctx, DnsProvider dns, List<FailoverRecord> recs) {
            CompletionStage<DnsChange> chain = java.util.concurrent.CompletableFuture.completedFuture(null);
            for (FailoverRecord r : recs) {
                chain = chain.thenCompose(x -> ctx.call(DNS_CHANGE, "route53/global", () -> dns.upsertFailoverRecord(zoneId, r)));
            }
            return chain.thenCompose(last -> ctx.await(name + " change " + last.id() + " in sync", DNS_GET_CHANGE,
                    "route53/global", Duration.ofSeconds(10), () -> {
                        DnsChange c = dns.getChange(last.id());
                        return c.isInSync() ? Poll.done(c) : Poll.pending(c.status());
                    }));
        }

        @Override
        public CompletionStage<Void> compensate(StepContext ctx, Map<String, Object> outputs) {
            Object prev = outputs.get("previousRecords");
            if (!(prev instanceof List<?> list) || list.isEmpty()) {
                ctx.note("no previous records of " + name + " are known; check the zone by hand");
                return Steps.DONE;
            }
            List<FailoverRecord> records = list.stream().map(FailoverRecord.class::cast).toList();
            return upsertAll(ctx, ctx.providers().dns(), records).thenApply(c -> null);
        }
    }
}
