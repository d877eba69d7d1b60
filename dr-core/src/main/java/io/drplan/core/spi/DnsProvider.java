package io.drplan.core.spi;

import java.util.List;

/** DNS (Route 53 in the runbook): failover records, change status and health checks. */
public interface DnsProvider {

    /** Creates or replaces a failover record; returns the change to wait on. */
    DnsChange upsertFailoverRecord(String hostedZoneId, FailoverRecord record);

    /** The current state of a change. */
    DnsChange getChange(String changeId);

    /** The failover records for {@code name} (both PRIMARY and SECONDARY, when present). */
    List<FailoverRecord> listFailoverRecords(String hostedZoneId, String name);

    /** Whether a health check currently passes. */
    HealthCheckStatus getHealthCheckStatus(String healthCheckId);

    /** Which side of a failover pair a record is. */
    enum FailoverRole { PRIMARY, SECONDARY }

    /**
     * A failover record. {@code value} is the record's value (an IP, a host name for a CNAME);
     * {@code healthCheckId} may be {@code null}.
     */
    record FailoverRecord(String name, String type, FailoverRole role, String setIdentifier,
                          String value, long ttl, String healthCheckId) { }

    /** A DNS change: {@code status} is {@code PENDING} or {@code INSYNC}. */
    record DnsChange(String id, String status) {
        public boolean isInSync() {
            return "INSYNC".equals(status);
        }
    }

    /** A health check's verdict as the DNS service sees it. */
    record HealthCheckStatus(String healthCheckId, boolean healthy, String detail) { }
}
