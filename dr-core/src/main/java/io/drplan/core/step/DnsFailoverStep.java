package io.drplan.core.step;

import static io.drplan.core.spi.Operations.ROUTE53_CHANGE_RECORD_SETS;
import static io.drplan.core.spi.Operations.ROUTE53_GET_CHANGE;
import static io.drplan.core.spi.Operations.ROUTE53_LIST_RECORD_SETS;

import io.drplan.core.StepKind;
import io.drplan.core.StepFailedException;
import io.drplan.core.spi.DnsProvider;
import io.drplan.core.spi.DnsProvider.DnsChange;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The runbook's "Update DNS (Route 53)": makes the PRIMARY failover records of a name answer with
 * the DR target (and, optionally, the SECONDARY ones with the old primary) in <em>one</em> atomic
 * change, and waits until it is {@code INSYNC}. Names, types, set identifiers and roles are those
 * of the records already in the zone (the runbook's prerequisite "DNS failover configured in
 * Route53"); the step only changes what they answer with. Before the change it checkpoints every
 * field of the records it replaces, so that undoing (after a later failure, a crash or a drill)
 * writes them back exactly, alias targets included. Outputs: {@code changeId},
 * {@code previousRecords}.
 *
 * <pre>{@code
 * s.dnsFailover("Z0VIBEDEV0001", "api.vibe.dev").primary("vibe-alb-usw2.us-west-2.elb.amazonaws.com")
 * s.dnsFailover("Z0VIBEDEV0001", "api.vibe.dev")      // A alias records to the ALBs
 *     .primaryAlias("dualstack.vibe-alb-usw2-1.us-west-2.elb.amazonaws.com", "Z1H1FL5HABSF5")
 * }</pre>
 */
public final class DnsFailoverStep extends StepBuilder<DnsFailoverStep> {
    /** TTL of a plain record that replaces an alias (which has none), unless {@link #ttl} says otherwise. */
    public static final long DEFAULT_TTL = 60;
    /** The checkpoint (and output) holding the records the change replaces. */
    static final String PREVIOUS = "previousRecords";
    /**
     * How old the preflight's reading of the records may be for the change to use it: any age in a
     * run, since the change is a compare-and-swap the cloud refuses when the records changed since.
     */
    private static final Duration READ_MAX_AGE = Duration.ofDays(1);

    static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String zoneId;
    private final String name;
    private final Target primary = new Target();
    private final Target secondary = new Target();
    private String type;
    private Long ttl;

    DnsFailoverStep(PlanRegions regions, String zoneId, String name) {
        super(regions, StepKind.DNS_FAILOVER);
        this.zoneId = zoneId;
        this.name = name;
    }

    /** The value the PRIMARY records must answer with (the DR load balancer's host name). */
    public DnsFailoverStep primary(String value) {
        primary.value = value;
        primary.alias = null;
        return this;
    }

    /**
     * The PRIMARY records become aliases of {@code dnsName} (the DR load balancer), whose canonical
     * hosted zone id is {@code loadBalancerZoneId}, with {@code EvaluateTargetHealth} on.
     */
    public DnsFailoverStep primaryAlias(String dnsName, String loadBalancerZoneId) {
        return primaryAlias(dnsName, loadBalancerZoneId, true);
    }

    /** The PRIMARY records become aliases of {@code dnsName} in {@code loadBalancerZoneId}. */
    public DnsFailoverStep primaryAlias(String dnsName, String loadBalancerZoneId, boolean evaluateTargetHealth) {
        primary.alias = new AliasSpec(dnsName, loadBalancerZoneId, evaluateTargetHealth);
        primary.value = null;
        return this;
    }

    /** The PRIMARY records' health check id after the change (none when not given). */
    public DnsFailoverStep primaryHealthCheck(String healthCheckId) {
        primary.healthCheck = healthCheckId;
        return this;
    }

    /** The value the SECONDARY records answer with, when they should change too. */
    public DnsFailoverStep secondary(String value) {
        secondary.value = value;
        secondary.alias = null;
        return this;
    }

    /** The SECONDARY records become aliases of {@code dnsName} in {@code loadBalancerZoneId}, evaluating target health. */
    public DnsFailoverStep secondaryAlias(String dnsName, String loadBalancerZoneId) {
        return secondaryAlias(dnsName, loadBalancerZoneId, true);
    }

    /** The SECONDARY records become aliases of {@code dnsName} in {@code loadBalancerZoneId}. */
    public DnsFailoverStep secondaryAlias(String dnsName, String loadBalancerZoneId, boolean evaluateTargetHealth) {
        secondary.alias = new AliasSpec(dnsName, loadBalancerZoneId, evaluateTargetHealth);
        secondary.value = null;
        return this;
    }

    /** The SECONDARY records' health check id after the change (none when not given). */
    public DnsFailoverStep secondaryHealthCheck(String healthCheckId) {
        secondary.healthCheck = healthCheckId;
        return this;
    }

    /**
     * The record type the plan expects ({@code CNAME}, {@code A}); the step fails before changing
     * anything when the zone's records are of another type. By default any: the zone's types are kept.
     */
    public DnsFailoverStep type(String type) {
        this.type = type;
        return this;
    }

    /** TTL in seconds of the new plain records (by default the TTL of the records they replace). */
    public DnsFailoverStep ttl(long ttl) {
        this.ttl = ttl;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(zoneId, name, primary.freeze(), secondary.value == null && secondary.alias == null ? null
                : secondary.freeze(), type, ttl);
    }

    private static final class Target {
        String value;
        AliasSpec alias;
        String healthCheck;

        Spec freeze() {
            return new Spec(value, alias, healthCheck);
        }
    }

    record AliasSpec(String dnsName, String zoneId, boolean evaluateTargetHealth) { }

    /** What one role's records must answer with. */
    record Spec(String value, AliasSpec alias, String healthCheck) {
        String describe() {
            return alias != null ? "alias " + alias.dnsName() : value;
        }
    }

    private record Action(String zoneId, String name, Spec primary, Spec secondary, String type, Long ttl)
            implements StepAction {
        @Override
        public Map<String, Object> settings() {
            return Map.of("hostedZoneId", zoneId, "recordName", name);
        }

        @Override
        public String description() {
            return "Point " + name + " (zone " + zoneId + ") PRIMARY at " + primary.describe()
                    + (secondary != null ? " and SECONDARY at " + secondary.describe() : "");
        }

        @Override
        public List<Operation> operations() {
            return List.of(Ops.on(ROUTE53_LIST_RECORD_SETS, Ops.global("hostedzone", zoneId)), change(), getChange());
        }

        /** The change is scoped to the zone and, by Route 53's condition keys, to the record name. */
        private Operation change() {
            return Ops.on(ROUTE53_CHANGE_RECORD_SETS, Ops.global("hostedzone", zoneId), Ops.global("recordname", name));
        }

        private static Operation getChange() {
            return Ops.on(ROUTE53_GET_CHANGE, Ops.global("change", "*"));
        }


        @Override
        public Set<String> outputs() {
            return Set.of("changeId", PREVIOUS);
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("dnsFailover hosted zone id", zoneId, "\"Z0VIBEDEV0001\"", p);
            require("dnsFailover record name", name, "\"api.vibe.dev\"", p);
            if (primary.value() == null && primary.alias() == null) {
                p.add("primary is missing; give the DR target with .primary(\"vibe-alb-usw2.us-west-2.elb.amazonaws.com\")"
                        + " or .primaryAlias(\"dualstack.vibe-alb-usw2-1.us-west-2.elb.amazonaws.com\", \"Z1H1FL5HABSF5\")");
            }
            for (Spec s : secondary == null ? List.of(primary) : List.of(primary, secondary)) {
                String role = s == primary ? "primaryAlias" : "secondaryAlias";
                if (s.alias() != null) {
                    require(role + " DNS name", s.alias().dnsName(), "the load balancer's DNS name", p);
                    require(role + " hosted zone id", s.alias().zoneId(),
                            "the load balancer's canonical hosted zone id, e.g. \"Z1H1FL5HABSF5\" for us-west-2 ALBs", p);
                }
            }
            if (ttl != null && ttl <= 0) {
                p.add("ttl must be positive but was " + ttl + "; use .ttl(60)");
            }
            return p;
        }


        @Override
        public List<Operation> compensationOperations() {
            return List.of(change(), getChange());
        }

        /**
         * The zone exists, the name has the failover records to change, and the health checks exist;
         * the three reads at once. The records read are kept for the change.
         */
        @Override
        public List<String> preflight(PreflightContext ctx) {
            List<String> problems = new ArrayList<>();
            DnsProvider dns = ctx.providers().dns();
            List<Spec> specs = secondary == null ? List.of(primary) : List.of(primary, secondary);
            Supplier<List<FailoverRecord>> listed = ctx.fork(() -> dns.listFailoverRecords(zoneId, name));
            List<Supplier<String>> healthChecks = specs.stream().map(spec -> spec.healthCheck() == null
                    ? (Supplier<String>) () -> null
                    : ctx.fork(() -> DnsRecords.healthCheckProblem(dns, spec.healthCheck()))).toList();
            List<String> healthCheckProblems = new ArrayList<>();
            healthChecks.forEach(h -> healthCheckProblems.add(h.get()));
            List<FailoverRecord> existing;
            try {
                existing = listed.get();
            } catch (ProviderException e) {
                if (e.isRetryable()) {
                    return problems;   // a throttled or failing endpoint proves nothing: the step retries when it runs
                }
                problems.add(DnsRecords.unreadable(e, zoneId, name));
                return problems;
            }
            for (int i = 0; i < specs.size(); i++) {
                Spec spec = specs.get(i);
                try {
                    DnsRecords.plan(zoneId, name, type, ttl, existing,
                            spec == primary ? FailoverRole.PRIMARY : FailoverRole.SECONDARY, spec, new ArrayList<>(),
                            new ArrayList<>());
                } catch (StepFailedException e) {
                    problems.add(e.getMessage());
                }
                if (healthCheckProblems.get(i) != null) {
                    problems.add(healthCheckProblems.get(i));
                }
            }
            ctx.keep(PREVIOUS, existing);
            return problems;
        }

        /** The records' current values against the ones the step would write. */
        @Override
        public List<String> inspect(io.drplan.core.spi.Providers providers, java.time.Instant now, Duration rpo) {
            List<FailoverRecord> replaced = new ArrayList<>();
            List<FailoverRecord> wanted = new ArrayList<>();
            try {
                List<FailoverRecord> existing = providers.dns().listFailoverRecords(zoneId, name);
                DnsRecords.plan(zoneId, name, type, ttl, existing, FailoverRole.PRIMARY, primary, replaced, wanted);
                if (secondary != null) {
                    DnsRecords.plan(zoneId, name, type, ttl, existing, FailoverRole.SECONDARY, secondary, replaced, wanted);
                }
            } catch (RuntimeException e) {
                return List.of("the records of " + name + " could not be read: " + e.getMessage());
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < replaced.size(); i++) {
                FailoverRecord old = replaced.get(i);
                lines.add(old.role() + " " + old.name() + " " + old.type() + ": now " + old.value() + ", would be "
                        + wanted.get(i).value());
            }
            return lines;
        }

        /**
         * Replaces the records as read with the new ones in one compare-and-swap batch, so that the
         * records the preflight read (however long ago) serve: when they changed since, the cloud
         * refuses the batch whole, and the step reads them again and makes the change once more.
         */
        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            DnsProvider dns = ctx.providers().dns();
            // A resumed run must not take the records it changed itself for the ones to restore.
            Optional<List<FailoverRecord>> saved = ctx.checkpointed(PREVIOUS).map(DnsRecords::decode);
            Optional<List<FailoverRecord>> read = ctx.preflightFinding(PREVIOUS, READ_MAX_AGE).map(DnsRecords::decode);
            CompletionStage<List<FailoverRecord>> current = read.isPresent()
                    ? CompletableFuture.completedFuture(read.get()) : list(ctx, dns);
            return current.thenCompose(existing -> change(ctx, dns, saved, existing)).thenCompose(first -> {
                if (first.outputs() != null) {
                    return CompletableFuture.completedFuture(first.outputs());
                }
                // refused: the records changed since they were read (or the change itself is wrong)
                return list(ctx, dns).thenCompose(fresh -> {
                    if (fresh.equals(first.existing())) {
                        throw DnsRecords.refused(first.refusal(), zoneId, name);
                    }
                    // an earlier attempt of the same call may have landed: then the records it replaced stay the ones to restore
                    Optional<List<FailoverRecord>> previous = new java.util.HashSet<>(fresh).containsAll(first.wanted())
                            ? Optional.of(first.previous()) : saved;
                    return change(ctx, dns, previous, fresh).thenApply(again -> {
                        if (again.outputs() == null) {
                            throw DnsRecords.refused(again.refusal(), zoneId, name);
                        }
                        return again.outputs();
                    });
                });
            });
        }

        private CompletionStage<List<FailoverRecord>> list(StepContext ctx, DnsProvider dns) {
            return ctx.call(ROUTE53_LIST_RECORD_SETS, Ops.ROUTE53, () -> dns.listFailoverRecords(zoneId, name));
        }

        /** The change of {@code existing}, waited on until in sync; refused (nothing changed), or failed. */
        private CompletionStage<Changed> change(StepContext ctx, DnsProvider dns, Optional<List<FailoverRecord>> saved,
                                                List<FailoverRecord> existing) {
            List<FailoverRecord> replaced = new ArrayList<>();
            List<FailoverRecord> wanted = new ArrayList<>();
            DnsRecords.plan(zoneId, name, type, ttl, existing, FailoverRole.PRIMARY, primary, replaced, wanted);
            if (secondary != null) {
                DnsRecords.plan(zoneId, name, type, ttl, existing, FailoverRole.SECONDARY, secondary, replaced, wanted);
            }
            List<FailoverRecord> previous = saved.orElse(replaced);
            if (saved.isEmpty()) {
                ctx.checkpoint(PREVIOUS, DnsRecords.encode(previous));
            }
            ctx.progress("replacing " + replaced + " with " + wanted + " in one change batch");
            return ctx.call(ROUTE53_CHANGE_RECORD_SETS, Ops.ROUTE53, () -> dns.replaceFailoverRecords(zoneId, replaced, wanted))
                    .handle((change, e) -> {
                        if (e != null) {
                            if (DnsRecords.isRefusal(e)) {
                                return CompletableFuture.completedFuture(new Changed(null, e, existing, wanted, previous));
                            }
                            throw DnsRecords.refused(e, zoneId, name);
                        }
                        ctx.changed(io.drplan.core.Resource.dnsRecords(zoneId, name), DnsRecords.describe(previous),
                                DnsRecords.describe(wanted));
                        return awaitInSync(ctx, dns, change).thenApply(c -> {
                            Map<String, Object> out = new LinkedHashMap<>();
                            out.put("changeId", c.id());
                            out.put(PREVIOUS, DnsRecords.encode(previous));
                            return new Changed(out, null, existing, wanted, previous);
                        });
                    })
                    .thenCompose(x -> x);
        }

        /** The step's outputs once the change is in sync, or (outputs null) why the cloud refused it. */
        private record Changed(Map<String, Object> outputs, Throwable refusal, List<FailoverRecord> existing,
                               List<FailoverRecord> wanted, List<FailoverRecord> previous) { }

        private CompletionStage<DnsChange> awaitInSync(StepContext ctx, DnsProvider dns, DnsChange change) {
            if (change.isInSync()) {
                return CompletableFuture.completedFuture(change);
            }
            return ctx.await(name + " change " + change.id() + " in sync", ROUTE53_GET_CHANGE, Ops.ROUTE53,
                    Duration.ofSeconds(10), () -> {
                        DnsChange c = dns.getChange(change.id());
                        return c.isInSync() ? Poll.done(c) : Poll.pending(c.status());
                    });
        }

        @Override
        public CompletionStage<Void> compensate(StepContext ctx, Map<String, Object> outputs) {
            Object prev = outputs.containsKey(PREVIOUS) ? outputs.get(PREVIOUS) : ctx.checkpointed(PREVIOUS).orElse(null);
            List<FailoverRecord> records = prev == null ? List.of() : DnsRecords.decode(prev);
            if (records.isEmpty()) {
                return Steps.failed("the records " + name + " had before the change are not known, so they cannot be"
                        + " put back; check hosted zone " + zoneId + " by hand");
            }
            DnsProvider dns = ctx.providers().dns();
            return ctx.call(ROUTE53_CHANGE_RECORD_SETS, Ops.ROUTE53, () -> dns.upsertFailoverRecords(zoneId, records))
                    .thenCompose(change -> awaitInSync(ctx, dns, change))
                    .thenApply(c -> {
                        ctx.changed(io.drplan.core.Resource.dnsRecords(zoneId, name), null, DnsRecords.describe(records));
                        return null;
                    });
        }
    }
}
