package io.drplan.core.runbook;

import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import java.util.regex.Pattern;

/**
 * What a step in a report does, told from its description. A {@link StepReport} carries no step
 * type, but the built-in step builders ({@code io.drplan.core.step.*Step}) describe themselves with
 * stable sentences, so the description is the evidence. A custom step described the same way
 * ("Preserve logs of ...") is classified the same way, on purpose: that is how a host opts in.
 */
enum StepKind {
    /** {@code DbRestoreStep}: "Restore vibe-postgres-dr in us-west-2 from the latest ... snapshot of ...". */
    DB_RESTORE("Restore \\S+ in \\S+ from (snapshot |the latest ).*"),
    /**
     * {@code SnapshotPolicyStep} freshness check (on main since this package was written): "Verify
     * backup integrity: the newest snapshot of ... in ... is at most 1h 00m old".
     */
    BACKUP_FRESHNESS("Verify backup integrity: .*"),
    /** {@code DnsFailoverStep}: "Point api.vibe.dev (zone Z...) PRIMARY at ...". */
    DNS_FAILOVER("Point \\S+ \\(zone \\S+\\) PRIMARY at .*"),
    /** {@code DbFailoverStep}: "Force Multi-AZ failover of ..." or "Promote read replica ...". */
    DB_FAILOVER("(Force Multi-AZ failover of|Promote read replica) .*"),
    /** {@code CacheFailoverStep}: "Fail over node group 0001 of cache ...". */
    CACHE_FAILOVER("Fail over node group .*"),
    /** {@code RegionCheckStep} expecting a healthy region: "Verify region us-west-2 is up". */
    REGION_UP("Verify region \\S+ is up"),
    /** {@code TerraformStep}: "Terraform apply of ..." (or plan). */
    TERRAFORM("Terraform (apply|plan) of .*"),
    /** {@code PrerequisiteStep}: "Check images [...] are in the us-west-2 registry". */
    IMAGES("Check images .* are in the \\S+ registry"),
    /** {@code PrerequisiteStep}: "Check bucket ... has versioning, replication and lifecycle". */
    BUCKET("Check bucket \\S+ has versioning, replication and lifecycle"),
    /** {@code HealthCheckStep} NODES: "Wait for 3+ Ready nodes on ...". */
    NODES("Wait for \\d+\\+ Ready nodes on .*"),
    /** {@code HealthCheckStep} API: "Check the API server of ... is live and ready". */
    API_SERVER("Check the API server of .* is live and ready"),
    /** {@code HealthCheckStep} TARGETS: "Wait for 3+ healthy targets in ...". */
    TARGETS("Wait for \\d+\\+ healthy targets in .*"),
    /** {@code HealthCheckStep} PODS: "Wait for 5+ ready pods ... in ... on ...". */
    PODS("Wait for \\d+\\+ ready pods.*"),
    /** {@code HealthCheckStep} SERVICES: "Check services [...] exist in ...". */
    SERVICES("Check services .* exist in .*"),
    /** {@code HealthCheckStep} HTTP: "Wait for GET https://... to answer 200". */
    HTTP("Wait for GET \\S+ to answer .*"),
    /** {@code EvidenceStep}, or any step whose description starts with "Preserve logs". */
    PRESERVE_LOGS("Preserve logs.*"),
    /** Anything else: region-down guards, secrets, rollouts, snapshots, approvals, custom steps. */
    OTHER(".*");

    private final Pattern pattern;

    StepKind(String regex) {
        this.pattern = Pattern.compile(regex, Pattern.DOTALL);
    }

    static StepKind of(StepReport step) {
        String d = step.description() == null ? "" : step.description();
        for (StepKind k : values()) {
            if (k.pattern.matcher(d).matches()) {
                return k;
            }
        }
        return OTHER;
    }

    /** Whether the step's forward action succeeded (a drill undoes it later: COMPENSATED still counts). */
    static boolean ran(StepReport step) {
        StepOutcome o = step.outcome();
        return o == StepOutcome.SUCCEEDED || o == StepOutcome.COMPENSATED || o == StepOutcome.COMPENSATION_FAILED;
    }

    /** Why a step did not succeed: "restore-db failed: region us-west-2 is down". */
    static String whyNot(StepReport step) {
        return switch (step.outcome()) {
            case FAILED -> step.id() + " failed" + (step.error() == null ? "" : ": " + step.error());
            case CANCELLED -> step.id() + " was cancelled";
            case NOT_RUN -> step.id() + " did not run";
            default -> step.id() + " succeeded";
        };
    }
}
