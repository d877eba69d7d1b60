package io.drplan.core.step;

import static io.drplan.core.spi.Operations.ROUTE53_GET_HEALTH_CHECK_STATUS;
import static io.drplan.core.spi.Operations.ROUTE53_LIST_RECORD_SETS;

import io.drplan.core.StepKind;
import io.drplan.core.StepFailedException;
import io.drplan.core.spi.DnsProvider;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.core.spi.DnsProvider.HealthCheckStatus;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's pre-requisite "DNS failover configured in Route53", checked: the name has PRIMARY
 * and SECONDARY failover records, every PRIMARY record carries a health check, and Route 53 reports
 * that health check's status (which the step returns and notes; an unhealthy primary is a fact to
 * report, not a broken configuration). Fails naming everything that is missing. Changes nothing.
 * Outputs: {@code primary}, {@code secondary}, {@code healthCheckId}, {@code healthy}, {@code detail}.
 *
 * <pre>{@code
 * s.checkDnsFailover("Z0VIBEDEV0001", "api.vibe.dev")
 * }</pre>
 */
public final class DnsReadinessStep extends StepBuilder<DnsReadinessStep> {

    private final String zoneId;
    private final String name;

    DnsReadinessStep(PlanRegions regions, String zoneId, String name) {
        super(regions, StepKind.CHECK_DNS_FAILOVER);
        this.zoneId = zoneId;
        this.name = name;
    }

    @Override
    StepAction action() {
        return new Action(zoneId, name);
    }

    private record Action(String zoneId, String name) implements StepAction {
        @Override
        public String description() {
            return "Check DNS failover of " + name + " (zone " + zoneId + ") is configured: PRIMARY with a health"
                    + " check, SECONDARY";
        }

        @Override
        public List<Operation> operations() {
            // the health check's id is read from the record at run time
            return List.of(Ops.on(ROUTE53_LIST_RECORD_SETS, Ops.global("hostedzone", zoneId)),
                    Ops.on(ROUTE53_GET_HEALTH_CHECK_STATUS, Ops.global("healthcheck", "*")));
        }


        @Override
        public java.util.Set<String> outputs() {
            return java.util.Set.of("primary", "secondary", "healthCheckId", "healthy", "detail");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("checkDnsFailover hosted zone id", zoneId, "\"Z0VIBEDEV0001\"", p);
            require("checkDnsFailover record name", name, "\"api.vibe.dev\"", p);
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            DnsProvider dns = ctx.providers().dns();
            return ctx.call(ROUTE53_LIST_RECORD_SETS, Ops.ROUTE53, () -> dns.listFailoverRecords(zoneId, name)).thenCompose(records -> {
                List<FailoverRecord> primaries = records.stream().filter(r -> r.role() == FailoverRole.PRIMARY).toList();
                List<FailoverRecord> secondaries = records.stream().filter(r -> r.role() == FailoverRole.SECONDARY)
                        .toList();
                List<String> missing = new ArrayList<>();
                if (primaries.isEmpty()) {
                    missing.add("no PRIMARY failover record");
                }
                if (secondaries.isEmpty()) {
                    missing.add("no SECONDARY failover record");
                }
                primaries.stream().filter(r -> r.healthCheckId() == null).forEach(r -> missing.add("the PRIMARY record "
                        + r + " has no health check, so Route 53 never fails over from it (attach one)"));
                if (!missing.isEmpty()) {
                    throw new StepFailedException("DNS failover of " + name + " in zone " + zoneId + " is not configured: "
                            + String.join("; ", missing) + (records.isEmpty() ? "" : " (it has " + records + ")"));
                }
                String hc = primaries.get(0).healthCheckId();
                return ctx.call(ROUTE53_GET_HEALTH_CHECK_STATUS, Ops.ROUTE53, () -> dns.getHealthCheckStatus(hc))
                        .handle((status, e) -> out(ctx, primaries, secondaries, hc, status, e));
            });
        }

        private Map<String, Object> out(StepContext ctx, List<FailoverRecord> primaries,
                                        List<FailoverRecord> secondaries, String hc, HealthCheckStatus status,
                                        Throwable e) {
            if (e != null) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof ProviderException p && p.reason() == ProviderException.Reason.NOT_FOUND) {
                    throw new StepFailedException("the PRIMARY record of " + name + " names health check '" + hc
                            + "', which does not exist; create it or attach an existing one");
                }
                throw cause instanceof RuntimeException r ? r : new StepFailedException(cause.toString());
            }
            ctx.note("health check " + hc + " of the PRIMARY record is " + (status.healthy() ? "healthy" : "unhealthy")
                    + ": " + status.detail());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("primary", primaries.get(0).value());
            out.put("secondary", secondaries.get(0).value());
            out.put("healthCheckId", hc);
            out.put("healthy", status.healthy());
            out.put("detail", status.detail());
            return out;
        }
    }
}
