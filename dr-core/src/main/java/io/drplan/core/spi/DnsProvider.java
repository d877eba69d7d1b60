package io.drplan.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * DNS (Route 53 in the runbook): failover records, change status and health checks.
 *
 * <p>Changes are atomic: {@link #upsertFailoverRecords} writes all its records in one change (one
 * Route 53 {@code ChangeBatch}), so either all take effect or, when the change is refused, none.
 * A change is {@code PENDING} until every name server has it, then {@code INSYNC}.
 */
public interface DnsProvider {

    /**
     * Creates or replaces (same name, type and set identifier) the failover records in one atomic
     * change; returns the change to wait on. When it throws, nothing changed.
     */
    DnsChange upsertFailoverRecords(String hostedZoneId, List<FailoverRecord> records);

    /**
     * Replaces {@code expected} (records as read earlier, every field) with {@code replacement} in
     * one atomic change, a compare-and-swap: Route 53's {@code DELETE} of each expected record and
     * {@code CREATE} of each new one in one batch. When any expected record is no longer there
     * exactly as given (changed or gone since it was read), the whole change is refused with a
     * {@link ProviderException} ({@code INVALID_REQUEST}) and nothing changed; so a change computed
     * from an earlier read acts on what is there, or not at all. Returns the change to wait on.
     */
    DnsChange replaceFailoverRecords(String hostedZoneId, List<FailoverRecord> expected,
                                     List<FailoverRecord> replacement);

    /** Creates or replaces one failover record; returns the change to wait on. */
    default DnsChange upsertFailoverRecord(String hostedZoneId, FailoverRecord record) {
        return upsertFailoverRecords(hostedZoneId, List.of(record));
    }

    /** The current state of a change. */
    DnsChange getChange(String changeId);

    /** The failover records for {@code name} (both PRIMARY and SECONDARY, when present), of every type. */
    List<FailoverRecord> listFailoverRecords(String hostedZoneId, String name);

    /** Whether a health check currently passes. */
    HealthCheckStatus getHealthCheckStatus(String healthCheckId);

    /** Which side of a failover pair a record is. */
    enum FailoverRole { PRIMARY, SECONDARY }

    /**
     * An alias record's target: for a load balancer, its DNS name and the canonical hosted zone id
     * of load balancers in its region (not the zone the record is in).
     */
    record AliasTarget(String hostedZoneId, String dnsName, boolean evaluateTargetHealth) {
        public AliasTarget {
            Objects.requireNonNull(hostedZoneId, "hostedZoneId");
            Objects.requireNonNull(dnsName, "dnsName");
        }

        @Override
        public String toString() {
            return "alias " + dnsName + " (zone " + hostedZoneId + (evaluateTargetHealth ? ", evaluate target health)"
                    : ")");
        }
    }

    /**
     * A failover record: every field Route 53 keeps for one, so that writing back a record read
     * earlier restores it exactly. A plain record has {@code values} and a {@code ttl}; an alias
     * record has an {@code alias} target, no values and {@code ttl} 0. {@code healthCheckId} may be
     * {@code null}.
     */
    record FailoverRecord(String name, String type, FailoverRole role, String setIdentifier, List<String> values,
                          long ttl, String healthCheckId, AliasTarget alias) {
        public FailoverRecord {
            values = values == null ? List.of() : List.copyOf(values);
        }

        /** A plain record with one value. */
        public FailoverRecord(String name, String type, FailoverRole role, String setIdentifier, String value,
                              long ttl, String healthCheckId) {
            this(name, type, role, setIdentifier, value == null ? List.of() : List.of(value), ttl, healthCheckId, null);
        }

        /** An alias record. */
        public static FailoverRecord alias(String name, String type, FailoverRole role, String setIdentifier,
                                           AliasTarget target, String healthCheckId) {
            return new FailoverRecord(name, type, role, setIdentifier, List.of(), 0, healthCheckId,
                    Objects.requireNonNull(target, "target"));
        }

        /** Whether it is an alias record. */
        public boolean isAlias() {
            return alias != null;
        }

        /** What it answers with: the alias target's DNS name, or its first value ({@code null} when none). */
        public String value() {
            return alias != null ? alias.dnsName() : values.isEmpty() ? null : values.get(0);
        }

        /** The same record with another name (Route 53 answers names with a trailing dot). */
        public FailoverRecord withName(String newName) {
            return new FailoverRecord(newName, type, role, setIdentifier, values, ttl, healthCheckId, alias);
        }

        @Override
        public String toString() {
            return role + " " + name + " " + type + " [" + setIdentifier + "] -> "
                    + (alias != null ? alias.toString() : String.join(",", values) + " ttl " + ttl)
                    + (healthCheckId == null ? "" : " health check " + healthCheckId);
        }
    }

    /** A DNS change: {@code status} is {@code PENDING} or {@code INSYNC}. */
    record DnsChange(String id, String status) {
        public boolean isInSync() {
            return "INSYNC".equals(status);
        }
    }

    /** A health check's verdict as the DNS service sees it. */
    record HealthCheckStatus(String healthCheckId, boolean healthy, String detail) { }
}
