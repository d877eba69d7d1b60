package io.drplan.core.runbook;

import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.IncidentTier;
import io.drplan.core.Mode;
import io.drplan.core.Objectives;
import io.drplan.core.Region;
import io.drplan.core.RunPhase;
import io.drplan.core.StepKind;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built reports shaped like the runbook's Procedure 3, with the descriptions the built-in steps write. */
final class Reports {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String RESTORE = "Restore vibe-postgres-dr in us-west-2 from the latest automated snapshot of"
            + " vibe-postgres-production";
    static final String DNS = "Point api.vibe.dev (zone Z0VIBEDEV0001) PRIMARY at vibe-alb-usw2.us-west-2.elb.amazonaws.com"
            + " and SECONDARY at vibe-alb-use1.us-east-1.elb.amazonaws.com";

    private Reports() { }

    /** The kind the built-in step with this description has (fixture data: the DSL sets it in real plans). */
    static StepKind kindOf(String description) {
        String[][] prefixes = {{"Verify region us-east-1 is down", "VERIFY_REGION_DOWN"},
            {"Verify region", "VERIFY_REGION_UP"}, {"Check images", "CHECK_IMAGES_REPLICATED"},
            {"Terraform", "TERRAFORM"}, {"Restore ", "RESTORE_DATABASE"}, {"Set ", "UPDATE_SECRET"},
            {"Restart ", "ROLLOUT_RESTART"}, {"Wait for 3+ healthy targets", "CHECK_TARGET_HEALTH"},
            {"Point ", "DNS_FAILOVER"}, {"Wait for 5+ ready pods", "CHECK_PODS"}, {"Check services", "CHECK_SERVICES"},
            {"Wait for GET", "CHECK_HTTP"}, {"Force Multi-AZ", "FORCE_DATABASE_FAILOVER"},
            {"Fail over node group", "CACHE_FAILOVER"}, {"Verify backup integrity: audit", "AUDIT_BACKUPS"},
            {"Verify backup integrity", "CHECK_BACKUP_FRESHNESS"}, {"Verify data integrity", "CHECK_INTEGRITY"},
            {"Preserve", "PRESERVE_EVIDENCE"}};
        for (String[] p : prefixes) {
            if (description.startsWith(p[0])) {
                return StepKind.valueOf(p[1]);
            }
        }
        return StepKind.CUSTOM;
    }

    static StepReport step(String id, String description, StepOutcome outcome, long startMin, long minutes,
                           Map<String, Object> outputs) {
        boolean started = outcome != StepOutcome.NOT_RUN;
        StepKind kind = kindOf(description);
        RunPhase phase = kind.checksApplication() || kind == StepKind.CHECK_INTEGRITY ? RunPhase.VERIFICATION
                : RunPhase.FAILOVER;
        return new StepReport(id, description, outcome, started ? T0.plus(Duration.ofMinutes(startMin)) : null,
                started ? T0.plus(Duration.ofMinutes(startMin + minutes)) : null, started ? 1 : 0, Map.of(),
                outcome == StepOutcome.FAILED ? "region us-west-2 is down" : null, List.of(), outputs,
                outcome == StepOutcome.COMPENSATED ? T0.plus(Duration.ofMinutes(31)) : null, null, List.of(), kind,
                phase);
    }

    static StepReport step(String id, String description, StepOutcome outcome, long startMin, long minutes) {
        return step(id, description, outcome, startMin, minutes, Map.of());
    }

    /** The eleven steps of Procedure 3, with the outcomes of a passed drill. */
    static List<StepReport> procedure3() {
        return List.of(
                step("verify-primary", "Verify region us-east-1 is down", StepOutcome.SUCCEEDED, 0, 0),
                step("check-images", "Check images [vibe-backend:1.42.0, vibe-frontend:1.42.0] are in the us-west-2"
                        + " registry", StepOutcome.SUCCEEDED, 0, 0),
                step("activate-dr-infra", "Terraform apply of infrastructure/terraform in workspace dr with"
                        + " {enable_backup=false, environment=dr}", StepOutcome.SUCCEEDED, 0, 12,
                        Map.of("summary", "Apply complete! Resources: 42 added, 0 changed, 0 destroyed.")),
                step("restore-db", RESTORE, StepOutcome.COMPENSATED, 0, 25,
                        Map.of("snapshotId", "rds:vibe-postgres-production-2025-12-31-23-20")),
                step("update-config", "Set DATABASE_URL in secret vibe-production/vibe-secrets on dr-cluster",
                        StepOutcome.COMPENSATED, 25, 0),
                step("restart-apps", "Restart vibe-backend, vibe-frontend in vibe-production on dr-cluster",
                        StepOutcome.SUCCEEDED, 25, 3),
                step("check-targets", "Wait for 3+ healthy targets in arn:aws:elasticloadbalancing:us-west-2:1:"
                        + "targetgroup/vibe-backend-dr/0 (us-west-2)", StepOutcome.SUCCEEDED, 28, 0,
                        Map.of("summary", "3/3 targets healthy")),
                step("dns-failover", DNS, StepOutcome.COMPENSATED, 28, 1),
                step("check-pods", "Wait for 5+ ready pods in vibe-production on dr-cluster", StepOutcome.SUCCEEDED,
                        29, 0, Map.of("summary", "5/5 pods ready")),
                step("check-services", "Check services [vibe-backend, vibe-frontend] exist in vibe-production on"
                        + " dr-cluster", StepOutcome.SUCCEEDED, 29, 0),
                step("check-health", "Wait for GET https://api.vibe.dev/health to answer 200", StepOutcome.SUCCEEDED,
                        29, 0, Map.of("summary", "HTTP 200")));
    }

    static ExecutionReport report(Mode mode, ExecutionState state, Verdict verdict, boolean failedBack,
                                  Duration rpo, List<StepReport> steps) {
        Instant recovered = verdict == Verdict.FAILED ? null : T0.plus(Duration.ofMinutes(29));
        return new ExecutionReport("exec-1", "vibe-region-failover", mode, Region.of("us-east-1"),
                Region.of("us-west-2"), IncidentTier.CRITICAL, Objectives.RUNBOOK_DEFAULTS, T0, T0,
                T0.plus(Duration.ofMinutes(31)), recovered, state, verdict,
                recovered == null ? null : Duration.ofMinutes(29), rpo == null ? null : T0.minus(rpo), rpo,
                Duration.ofMinutes(29), failedBack, steps, List.of());
    }

    /** Procedure 3 drilled: every step succeeded, the restore point 40 minutes old, failed back. */
    static ExecutionReport passedDrill() {
        return report(Mode.DRILL, ExecutionState.SUCCEEDED, Verdict.MET, true, Duration.ofMinutes(40), procedure3());
    }

    /** The restore failed (DR region down), the rest never ran, what had run was undone. */
    static ExecutionReport failedDrill() {
        List<StepReport> steps = new ArrayList<>(procedure3());
        steps.set(2, step("activate-dr-infra", steps.get(2).description(), StepOutcome.COMPENSATED, 0, 12));
        steps.set(3, step("restore-db", RESTORE, StepOutcome.FAILED, 0, 10));
        for (int i = 4; i < steps.size(); i++) {
            steps.set(i, step(steps.get(i).id(), steps.get(i).description(), StepOutcome.NOT_RUN, 0, 0));
        }
        return report(Mode.DRILL, ExecutionState.COMPENSATED, Verdict.FAILED, false, null, steps);
    }

    /** Every step succeeded, but undoing the DNS change failed: the drill did not fail back. */
    static ExecutionReport stuckDrill() {
        List<StepReport> steps = new ArrayList<>(procedure3());
        StepReport dns = steps.get(7);
        steps.set(7, new StepReport(dns.id(), dns.description(), StepOutcome.COMPENSATION_FAILED, dns.startedAt(),
                dns.finishedAt(), 1, Map.of(), null, List.of(), Map.of(), T0.plus(Duration.ofMinutes(31)),
                "the circuit breaker for route53/global is open", List.of(), dns.kind(), dns.phase()));
        return report(Mode.DRILL, ExecutionState.COMPENSATION_FAILED, Verdict.MET, false, Duration.ofMinutes(40),
                steps);
    }

    /** A plan of the given step descriptions, every step succeeded, drilled and failed back. */
    static ExecutionReport drillOf(String... descriptions) {
        List<StepReport> steps = new ArrayList<>();
        for (int i = 0; i < descriptions.length; i++) {
            steps.add(step("s" + i, descriptions[i], StepOutcome.SUCCEEDED, i, 1));
        }
        return report(Mode.DRILL, ExecutionState.SUCCEEDED, Verdict.MET, true, null, steps);
    }
}
