package io.drplan.testkit.fake;

import io.drplan.core.Region;
import io.drplan.core.spi.DnsProvider;
import io.drplan.core.spi.ProviderException.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake of Route 53 (a global service: endpoint {@code route53/global}, up whatever region is down):
 * hosted zones with failover records (plain or alias), atomic change batches that are {@code PENDING} for
 * {@link io.drplan.testkit.FakeCloud.Timings#dnsChange()} then {@code INSYNC}, and health checks that
 * follow a region or a supplier. The API shows a changed record at once; {@link #resolve} (what
 * clients get) keeps answering with the record it replaced until the change is {@code INSYNC}.
 *
 * <pre>{@code
 * cloud.dns().addHostedZone("Z1");
 * cloud.dns().addHealthCheck("hc-east", Region.of("us-east-1"));      // healthy while us-east-1 is up
 * cloud.dns().addRecord("Z1", new FailoverRecord("api.example.com", "CNAME", FailoverRole.PRIMARY,
 *     "primary", "alb-east.us-east-1.elb.amazonaws.com", 60, "hc-east"));
 * }</pre>
 */
public final class FakeDns implements DnsProvider {
    private static final String ENDPOINT = "route53/global";
    private static final Pattern REGION_IN_HOST = Pattern.compile("\\.([a-z]{2}(?:-gov)?-[a-z]+-\\d)\\.");

    private final Simulation sim;
    private final Map<String, List<Entry>> zones = new LinkedHashMap<>();
    private final Map<String, String> domains = new HashMap<>();
    private final Map<String, String> changes = new HashMap<>();
    private final Map<String, HealthCheck> healthChecks = new LinkedHashMap<>();

    FakeDns(Simulation sim) {
        this.sim = sim;
    }

    // ---------------------------------------------------------------- seeding

    /** Adds an empty hosted zone whose domain is unknown (records of any name are accepted). */
    public FakeDns addHostedZone(String hostedZoneId) {
        zones.putIfAbsent(Objects.requireNonNull(hostedZoneId, "hostedZoneId"), new ArrayList<>());
        return this;
    }

    /**
     * Adds an empty hosted zone for {@code domain} ({@code vibe.dev}): as Route 53 does, a change
     * batch with a record outside the domain is refused whole.
     */
    public FakeDns addHostedZone(String hostedZoneId, String domain) {
        addHostedZone(hostedZoneId);
        domains.put(hostedZoneId, strip(Objects.requireNonNull(domain, "domain")).toLowerCase(Locale.ROOT));
        return this;
    }

    /** Adds a health check that is healthy while {@code region} is up. */
    public FakeDns addHealthCheck(String healthCheckId, Region region) {
        Objects.requireNonNull(region, "region");
        healthChecks.put(healthCheckId, new HealthCheck(() -> sim.isUp(region), "endpoint in " + region));
        return this;
    }

    /** Adds a health check whose verdict {@code healthy} gives at each call (e.g. {@code () -> app.isUp()}). */
    public FakeDns addHealthCheck(String healthCheckId, Supplier<Boolean> healthy) {
        Objects.requireNonNull(healthy, "healthy");
        healthChecks.put(healthCheckId, new HealthCheck(() -> Boolean.TRUE.equals(healthy.get()), "endpoint"));
        return this;
    }

    /** Adds or replaces (same name, type and set identifier) a record at once, without a change. */
    public FakeDns addRecord(String hostedZoneId, FailoverRecord record) {
        store(requireZone("route53:ChangeResourceRecordSets", hostedZoneId), record, null);
        return this;
    }

    /** Removes the record with {@code name} and {@code setIdentifier}, at once; returns whether there was one. */
    public boolean removeRecord(String hostedZoneId, String name, String setIdentifier) {
        return requireZone("route53:ChangeResourceRecordSets", hostedZoneId)
                .removeIf(e -> sameName(e.record.name(), name) && Objects.equals(e.record.setIdentifier(), setIdentifier));
    }

    // ---------------------------------------------------------------- inspection

    /** The zone's records now, without recording a call. */
    public List<FailoverRecord> records(String hostedZoneId) {
        return requireZone("route53:ListResourceRecordSets", hostedZoneId).stream().map(e -> e.record).toList();
    }

    /** Whether the health check passes now, without recording a call. */
    public boolean isHealthy(String healthCheckId) {
        HealthCheck hc = healthChecks.get(healthCheckId);
        return hc != null && hc.healthy.getAsBoolean();
    }

    /**
     * The record resolvers get for {@code name} now: the PRIMARY when its health check passes (or it
     * has none), else the SECONDARY when there is one and it passes (or has none). A record changed
     * by a change that is still {@code PENDING} resolves as it was before the change.
     */
    public Optional<FailoverRecord> resolve(String hostedZoneId, String name) {
        List<FailoverRecord> rs = requireZone("route53:ListResourceRecordSets", hostedZoneId).stream()
                .map(e -> e.changeId != null && "PENDING".equals(changes.get(e.changeId)) ? e.previous : e.record)
                .filter(r -> r != null && sameName(r.name(), name)).toList();
        for (FailoverRole role : FailoverRole.values()) {
            Optional<FailoverRecord> r = rs.stream().filter(x -> x.role() == role)
                    .filter(x -> x.healthCheckId() == null || isHealthy(x.healthCheckId())).findFirst();
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    /** The region in a record's value such as {@code alb.us-west-2.elb.amazonaws.com}, if it names one. */
    public static Optional<Region> regionOf(FailoverRecord record) {
        Matcher m = REGION_IN_HOST.matcher("." + record.value() + ".");
        return m.find() ? Optional.of(new Region(m.group(1))) : Optional.empty();
    }

    // ---------------------------------------------------------------- SPI

    /**
     * Like Route 53's {@code ChangeResourceRecordSets} with one UPSERT per record in one batch: every
     * record is checked first, and one bad record refuses the whole batch, so nothing changes.
     */
    @Override
    public DnsChange upsertFailoverRecords(String hostedZoneId, List<FailoverRecord> records) {
        String op = "route53:ChangeResourceRecordSets";
        return sim.call(op, ENDPOINT, null, () -> {
            List<Entry> zone = requireZone(op, hostedZoneId);
            checkWrites(op, hostedZoneId, records);
            return apply(zone, List.of(), records);
        });
    }

    /**
     * Like Route 53's {@code ChangeResourceRecordSets} with a {@code DELETE} of every expected record
     * and a {@code CREATE} of every new one in one batch: a {@code DELETE} must give every value of
     * the record as it is now, a {@code CREATE} must not find the record there (unless the batch
     * deletes it), and one failed check refuses the whole batch, so nothing changes.
     */
    @Override
    public DnsChange replaceFailoverRecords(String hostedZoneId, List<FailoverRecord> expected,
                                            List<FailoverRecord> replacement) {
        String op = "route53:ChangeResourceRecordSets";
        return sim.call(op, ENDPOINT, null, () -> {
            List<Entry> zone = requireZone(op, hostedZoneId);
            Objects.requireNonNull(expected, "expected");
            checkWrites(op, hostedZoneId, replacement);
            List<String> deleted = new ArrayList<>();
            for (FailoverRecord old : expected) {
                FailoverRecord now = zone.stream().map(e -> e.record).filter(r -> key(r).equals(key(old))).findFirst()
                        .orElseThrow(() -> Simulation.error(Reason.INVALID_REQUEST, op, ENDPOINT, "Tried to delete"
                                + " resource record set " + describe(old) + " but it was not found"
                                + " (InvalidChangeBatch); nothing was changed"));
                if (!sameValues(now, old)) {
                    throw Simulation.error(Reason.INVALID_REQUEST, op, ENDPOINT, "Tried to delete resource record set "
                            + describe(old) + " but the values provided do not match the current values"
                            + " (InvalidChangeBatch); nothing was changed");
                }
                deleted.add(key(old));
            }
            for (FailoverRecord r : replacement) {
                if (!deleted.contains(key(r)) && zone.stream().anyMatch(e -> key(e.record).equals(key(r)))) {
                    throw Simulation.error(Reason.INVALID_REQUEST, op, ENDPOINT, "Tried to create resource record set "
                            + describe(r) + " but it already exists (InvalidChangeBatch); nothing was changed");
                }
            }
            return apply(zone, expected, replacement);
        });
    }

    /** Every record is checked first: one bad record refuses the whole batch. */
    private void checkWrites(String op, String hostedZoneId, List<FailoverRecord> records) {
        Objects.requireNonNull(records, "records");
        if (records.isEmpty()) {
            throw Simulation.error(Reason.INVALID_REQUEST, op, ENDPOINT, "the change batch has no change;"
                    + " give at least one record");
        }
        List<String> keys = new ArrayList<>();
        String domain = domains.get(hostedZoneId);
        for (FailoverRecord record : records) {
            check(op, Objects.requireNonNull(record, "record"));
            String n = record.name() == null ? "" : strip(record.name()).toLowerCase(Locale.ROOT);
            if (domain != null && !n.equals(domain) && !n.endsWith("." + domain)) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, ENDPOINT, "RRSet with DNS name " + record.name()
                        + " is not permitted in zone " + domain + ". (InvalidChangeBatch); nothing was changed");
            }
            if (keys.contains(key(record))) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, ENDPOINT, "the change batch changes "
                        + key(record) + " twice; send each record once");
            }
            keys.add(key(record));
        }
    }

    /** One change: the deleted records go, the written ones are stored; PENDING until it syncs. */
    private DnsChange apply(List<Entry> zone, List<FailoverRecord> deleted, List<FailoverRecord> written) {
        String id = "/change/C" + sim.randomString(13, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        changes.put(id, "PENDING");
        for (FailoverRecord record : written) {
            store(zone, record, id);
        }
        for (FailoverRecord old : deleted) {
            if (written.stream().noneMatch(r -> key(r).equals(key(old)))) {
                zone.removeIf(e -> key(e.record).equals(key(old)));
            }
        }
        sim.after(sim.timings().dnsChange(), () -> changes.put(id, "INSYNC"));
        return new DnsChange(id, "PENDING");
    }

    /** Name (without case or trailing dot), type and set identifier: what identifies a record set. */
    private static String key(FailoverRecord r) {
        return strip(r.name()).toLowerCase(Locale.ROOT) + " " + r.type() + " " + r.setIdentifier();
    }

    /** Every value Route 53 compares on a DELETE: role, TTL, values (in any order), health check, alias. */
    private static boolean sameValues(FailoverRecord now, FailoverRecord given) {
        return now.role() == given.role() && now.ttl() == given.ttl()
                && new java.util.HashSet<>(now.values()).equals(new java.util.HashSet<>(given.values()))
                && now.values().size() == given.values().size()
                && Objects.equals(now.healthCheckId(), given.healthCheckId())
                && (now.alias() == null ? given.alias() == null : given.alias() != null
                && now.alias().hostedZoneId().equals(given.alias().hostedZoneId())
                && strip(now.alias().dnsName()).equalsIgnoreCase(strip(given.alias().dnsName()))
                && now.alias().evaluateTargetHealth() == given.alias().evaluateTargetHealth());
    }

    private static String describe(FailoverRecord r) {
        String name = r.name().endsWith(".") ? r.name() : r.name() + ".";
        return "[name='" + name.toLowerCase(Locale.ROOT) + "', type='" + r.type() + "', set-identifier='"
                + r.setIdentifier() + "']";
    }

    /** What Route 53 refuses with {@code InvalidChangeBatch} or {@code InvalidInput}. */
    private void check(String op, FailoverRecord record) {
        if (record.name() == null || record.type() == null || record.role() == null || record.setIdentifier() == null
                || record.value() == null) {
            throw Simulation.error(Reason.INVALID_REQUEST, op, ENDPOINT, "failover record " + record
                    + " needs a name, a type, a role, a set identifier and a value or an alias target");
        }
        if (record.isAlias() && (record.ttl() != 0 || !record.values().isEmpty())) {
            throw Simulation.error(Reason.INVALID_REQUEST, op, ENDPOINT, "alias record " + record
                    + " has a TTL or values; an alias has neither");
        }
        if (!record.isAlias() && record.ttl() <= 0) {
            throw Simulation.error(Reason.INVALID_REQUEST, op, ENDPOINT, "record " + record + " has TTL " + record.ttl()
                    + "; a record that is not an alias needs a positive TTL");
        }
        if ("CNAME".equals(record.type()) && record.values().size() > 1) {
            throw Simulation.error(Reason.INVALID_REQUEST, op, ENDPOINT, "CNAME record " + record
                    + " has several values; a CNAME has one");
        }
        if (record.healthCheckId() != null && !healthChecks.containsKey(record.healthCheckId())) {
            throw Simulation.error(Reason.INVALID_REQUEST, op, ENDPOINT, "health check '"
                    + record.healthCheckId() + "' does not exist; create it or leave healthCheckId null");
        }
    }

    @Override
    public DnsChange getChange(String changeId) {
        String op = "route53:GetChange";
        return sim.call(op, ENDPOINT, null, () -> {
            String status = changes.get(changeId);
            if (status == null) {
                throw Simulation.error(Reason.NOT_FOUND, op, ENDPOINT, "DNS change '" + changeId
                        + "' not found; use the id returned by upsertFailoverRecords");
            }
            return new DnsChange(changeId, status);
        });
    }

    @Override
    public List<FailoverRecord> listFailoverRecords(String hostedZoneId, String name) {
        String op = "route53:ListResourceRecordSets";
        // Route 53 answers names with the trailing dot, sorted by name then type
        return sim.call(op, ENDPOINT, null, () -> requireZone(op, hostedZoneId).stream()
                .map(e -> e.record)
                .filter(r -> sameName(r.name(), name))
                .sorted(Comparator.comparing(FailoverRecord::type).thenComparing(FailoverRecord::role))
                .map(r -> r.name().endsWith(".") ? r : r.withName(r.name() + "."))
                .toList());
    }

    @Override
    public HealthCheckStatus getHealthCheckStatus(String healthCheckId) {
        String op = "route53:GetHealthCheckStatus";
        return sim.call(op, ENDPOINT, null, () -> {
            HealthCheck hc = healthChecks.get(healthCheckId);
            if (hc == null) {
                throw Simulation.error(Reason.NOT_FOUND, op, ENDPOINT, "health check '" + healthCheckId
                        + "' not found; check the id");
            }
            boolean healthy = hc.healthy.getAsBoolean();
            return new HealthCheckStatus(healthCheckId, healthy, healthy
                    ? "Success: HTTP Status Code 200, OK (" + hc.target + ")"
                    : "Failure: Connection timed out (" + hc.target + ")");
        });
    }

    // ---------------------------------------------------------------- internals

    private List<Entry> requireZone(String op, String hostedZoneId) {
        List<Entry> zone = zones.get(hostedZoneId);
        if (zone == null) {
            throw Simulation.error(Reason.NOT_FOUND, op, ENDPOINT, "hosted zone '" + hostedZoneId
                    + "' not found; the fake has " + zones.keySet());
        }
        return zone;
    }

    private static void store(List<Entry> zone, FailoverRecord record, String changeId) {
        FailoverRecord previous = null;
        for (Iterator<Entry> it = zone.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (sameName(e.record.name(), record.name()) && Objects.equals(e.record.type(), record.type())
                    && Objects.equals(e.record.setIdentifier(), record.setIdentifier())) {
                previous = e.record;
                it.remove();
            }
        }
        zone.add(new Entry(record, changeId, previous));
    }

    private static boolean sameName(String a, String b) {
        return strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public String toString() {
        return "FakeDns" + zones;
    }

    private record HealthCheck(BooleanSupplier healthy, String target) { }

    /** A stored record, with the change that wrote it and the record it replaced (resolved until the change syncs). */
    private record Entry(FailoverRecord record, String changeId, FailoverRecord previous) {
        @Override
        public String toString() {
            return record.toString();
        }
    }
}
