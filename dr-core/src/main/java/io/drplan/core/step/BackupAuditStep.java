package io.drplan.core.step;

import io.drplan.core.StepKind;
import io.drplan.core.StepFailedException;
import io.drplan.core.runbook.BackupFinding;
import io.drplan.core.runbook.BackupFinding.Severity;
import io.drplan.core.runbook.BackupPolicy;
import io.drplan.core.runbook.BackupPolicy.BackupCheck;
import io.drplan.core.runbook.BackupResources;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The pre-drill "Verify backup integrity" as an audit: reads every resource of a
 * {@link BackupResources} and compares it with a {@link BackupPolicy}, each read one guarded call.
 * Fails when any finding is {@link Severity#HIGH}, naming them; lesser findings are notes in the
 * report. Output {@code findings}: one line per finding.
 *
 * <pre>{@code
 * .step("backups", s -> s.auditBackups(BackupPolicy.runbook(), BackupResources.builder("us-east-1", "us-west-2")
 *     .database("vibe-postgres-production").bucket("vibe-files-production").build()))
 * }</pre>
 */
public final class BackupAuditStep extends StepBuilder<BackupAuditStep> {
    private final BackupPolicy policy;
    private final BackupResources resources;

    BackupAuditStep(PlanRegions regions, BackupPolicy policy, BackupResources resources) {
        super(regions, StepKind.AUDIT_BACKUPS);
        this.policy = policy;
        this.resources = resources;
    }

    @Override
    StepAction action() {
        return new Action(policy, resources);
    }

    private record Action(BackupPolicy policy, BackupResources resources) implements StepAction {
        @Override
        public String description() {
            return "Verify backup integrity: audit " + (resources == null ? "-" : names(resources))
                    + " against the backup policy";
        }

        private static String names(BackupResources r) {
            List<String> all = new ArrayList<>(r.databases());
            all.addAll(r.caches());
            all.addAll(r.buckets());
            all.addAll(r.images());
            return String.join(", ", all);
        }

        @Override
        public List<Operation> operations() {
            if (policy == null || resources == null) {
                return List.of();
            }
            // the checks' operations do not depend on the time they date snapshots at
            return policy.checks(resources, java.time.Instant.EPOCH).stream().flatMap(c -> c.operations().stream()).distinct()
                    .toList();
        }


        @Override
        public Set<String> outputs() {
            return Set.of("findings");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            if (policy == null) {
                p.add("auditBackups policy is missing; use BackupPolicy.runbook()");
            }
            if (resources == null) {
                p.add("auditBackups resources are missing; use BackupResources.builder(\"us-east-1\", \"us-west-2\")"
                        + ".database(\"vibe-postgres-production\").build()");
            }
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            List<BackupFinding> findings = new ArrayList<>();
            CompletionStage<Void> chain = Steps.DONE;
            for (BackupCheck check : policy.checks(resources, ctx.now())) {
                chain = chain.thenCompose(x -> ctx.call(check.operation(),
                        Ops.aws(check.operation().service(), check.region()),
                        () -> check.read().apply(ctx.providers())).handle((List<BackupFinding> found, Throwable e) -> {
                            if (e == null) {
                                findings.addAll(found);
                                return null;
                            }
                            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                            if (cause instanceof ProviderException pe) {
                                findings.addAll(check.unreadable(pe));
                                return null;
                            }
                            throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
                        }));
            }
            return chain.thenApply(x -> {
                List<String> lines = findings.stream().map(BackupFinding::toString).toList();
                List<String> high = findings.stream().filter(f -> f.severity() == Severity.HIGH)
                        .map(BackupFinding::toString).toList();
                if (!high.isEmpty()) {
                    throw new StepFailedException(high.size() + " of " + findings.size()
                            + " backup policy findings are HIGH: " + String.join(" | ", high)
                            + (findings.size() > high.size() ? " | and lesser: " + String.join(" | ",
                                    findings.stream().filter(f -> f.severity() != Severity.HIGH)
                                            .map(BackupFinding::toString).toList()) : ""));
                }
                lines.forEach(ctx::note);
                return Map.<String, Object>of("findings", lines);
            });
        }
    }
}
