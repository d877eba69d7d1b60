package io.drplan.core.step;

import io.drplan.core.StepFailedException;
import io.drplan.core.spi.DnsProvider;
import io.drplan.core.spi.DnsProvider.AliasTarget;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.core.spi.ProviderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The failover records of {@link DnsFailoverStep} as the journal keeps them (encode, decode), as the
 * inventory shows them, and the preflight's reading of the zone and the health checks. Internal.
 */
final class DnsRecords {
    private DnsRecords() { }

    /** Why the records of {@code name} could not be listed, in preflight's words. */
    static String unreadable(ProviderException e, String zoneId, String name) {
        return e.reason() == ProviderException.Reason.NOT_FOUND
                ? "hosted zone '" + zoneId + "' does not exist (" + e.getMessage() + "); check the zone id in"
                + " dnsFailover(..): aws route53 list-hosted-zones --query \"HostedZones[].[Id,Name]\""
                : "the records of " + name + " in hosted zone '" + zoneId + "' could not be read: "
                + e.getMessage();
    }

    /** What is wrong with health check {@code id}, or null when it exists or could not be asked (retryable). */
    static String healthCheckProblem(DnsProvider dns, String id) {
        try {
            dns.getHealthCheckStatus(id);
            return null;
        } catch (ProviderException e) {
            if (e.isRetryable()) {
                return null;
            }
            return e.reason() == ProviderException.Reason.NOT_FOUND
                    ? "health check '" + id + "' does not exist (" + e.getMessage()
                    + "); check the id: aws route53 list-health-checks --query \"HealthChecks[].Id\""
                    : "health check '" + id + "' could not be read: " + e.getMessage();
        }
    }

    /** The change of {@code name}'s records failed: refused (nothing was changed) or unanswered (unknown). */
    static StepFailedException refused(Throwable failure, String zoneId, String name) {
        Throwable e = unwrap(failure);
        if (e instanceof ProviderException p && isRefusal(p)) {
            return new StepFailedException("Route 53 refused the change of " + name + " in zone " + zoneId + ": "
                    + p.getMessage() + "; nothing was changed (the records are one atomic change batch)");
        }
        return new StepFailedException("the change of " + name + " in zone " + zoneId + " got no answer ("
                + e.getMessage() + "); whether it was applied is unknown: list the records of " + name
                + " (aws route53 list-resource-record-sets --hosted-zone-id " + zoneId + " --query"
                + " \"ResourceRecordSets[?Name == '" + name + ".']\") and compare them with the checkpointed "
                + DnsFailoverStep.PREVIOUS);
    }

    /** Whether the cloud refused the change (nothing was changed), as it does when the records changed since read. */
    static boolean isRefusal(Throwable failure) {
        return unwrap(failure) instanceof ProviderException p && !p.isRetryable()
                && p.reason() != ProviderException.Reason.OTHER;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Records by role and answer, for the inventory: "PRIMARY -> a, SECONDARY -> b". */
    static String describe(List<FailoverRecord> records) {
        return String.join(", ", records.stream().map(r -> r.role() + " " + r.type() + " -> " + r.value()).toList());
    }

    /** Records as journal-safe maps (every field, so that undo writes them back exactly). */
    static List<Map<String, Object>> encode(List<FailoverRecord> records) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FailoverRecord r : records) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("type", r.type());
            m.put("role", r.role().name());
            m.put("setIdentifier", r.setIdentifier());
            m.put("values", r.values());
            m.put("ttl", r.ttl());
            if (r.healthCheckId() != null) {
                m.put("healthCheckId", r.healthCheckId());
            }
            if (r.alias() != null) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("hostedZoneId", r.alias().hostedZoneId());
                a.put("dnsName", r.alias().dnsName());
                a.put("evaluateTargetHealth", r.alias().evaluateTargetHealth());
                m.put("alias", a);
            }
            out.add(m);
        }
        return out;
    }

    /** The inverse of {@link #encode}, also of what a journal replay gives back. */
    static List<FailoverRecord> decode(Object encoded) {
        if (!(encoded instanceof List<?> list)) {
            throw new StepFailedException("the checkpointed " + DnsFailoverStep.PREVIOUS + " are not a list but "
                    + encoded);
        }
        List<FailoverRecord> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof FailoverRecord r) {
                out.add(r);
                continue;
            }
            Map<?, ?> m = (Map<?, ?>) o;
            AliasTarget alias = null;
            if (m.get("alias") instanceof Map<?, ?> a) {
                alias = new AliasTarget((String) a.get("hostedZoneId"), (String) a.get("dnsName"),
                        Boolean.TRUE.equals(a.get("evaluateTargetHealth")));
            }
            List<String> values = m.get("values") instanceof List<?> v ? v.stream().map(String::valueOf).toList()
                    : List.of();
            out.add(new FailoverRecord((String) m.get("name"), (String) m.get("type"),
                    FailoverRole.valueOf((String) m.get("role")), (String) m.get("setIdentifier"), values,
                    ((Number) m.get("ttl")).longValue(), (String) m.get("healthCheckId"), alias));
        }
        return List.copyOf(out);
    }

    /**
     * Adds to {@code wanted} the new version of every existing record of {@code role}, keeping its
     * name, type, set identifier and role; adds the existing ones to {@code replaced}.
     */
    static void plan(String zoneId, String name, String type, Long ttl, List<FailoverRecord> existing,
                     FailoverRole role, DnsFailoverStep.Spec spec, List<FailoverRecord> replaced,
                     List<FailoverRecord> wanted) {
        List<FailoverRecord> mine = existing.stream().filter(r -> r.role() == role).toList();
        if (mine.isEmpty()) {
            throw new StepFailedException("hosted zone " + zoneId + " has no " + role + " failover record named "
                    + name + " (it has " + (existing.isEmpty() ? "no failover record of that name" : existing)
                    + "); DNS failover is not configured in Route 53 (a prerequisite of the runbook): create the"
                    + " PRIMARY and SECONDARY failover records first; nothing was changed");
        }
        for (FailoverRecord old : mine) {
            if (type != null && !type.equalsIgnoreCase(old.type())) {
                throw new StepFailedException("the " + role + " failover record " + old + " is of type " + old.type()
                        + ", but the plan says .type(\"" + type + "\"); fix the plan or the zone; nothing was changed");
            }
            if (spec.alias() != null) {
                wanted.add(FailoverRecord.alias(old.name(), old.type(), role, old.setIdentifier(), new AliasTarget(
                        spec.alias().zoneId(), spec.alias().dnsName(), spec.alias().evaluateTargetHealth()),
                        spec.healthCheck()));
            } else {
                if (("A".equals(old.type()) && !DnsFailoverStep.IPV4.matcher(spec.value()).matches())
                        || ("AAAA".equals(old.type()) && !spec.value().contains(":"))) {
                    throw new StepFailedException("the " + role + " failover record " + old + " is of type "
                            + old.type() + ", which cannot answer with the host name " + spec.value() + "; give the"
                            + " load balancer as ." + role.name().toLowerCase(java.util.Locale.ROOT)
                            + "Alias(dnsName, loadBalancerZoneId); nothing was changed");
                }
                long newTtl = ttl != null ? ttl : old.ttl() > 0 ? old.ttl() : DnsFailoverStep.DEFAULT_TTL;
                wanted.add(new FailoverRecord(old.name(), old.type(), role, old.setIdentifier(),
                        List.of(spec.value()), newTtl, spec.healthCheck(), null));
            }
            replaced.add(old);
        }
    }
}
