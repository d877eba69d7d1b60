package io.drplan.core;

import java.time.Duration;
import java.util.List;

/**
 * The incident tiers of the runbook, each with its typical recovery time and the response it
 * calls for.
 */
public enum IncidentTier {
    /** Single pod or node failure, brief degradation: Kubernetes heals it within minutes. */
    MINOR(Duration.ofMinutes(15), "automatic failover via Kubernetes self-healing", false,
            List.of(Roles.ON_CALL)),
    /** AZ failure, database connectivity, application-wide degradation: 1-2 hours, manual steps. */
    MAJOR(Duration.ofHours(2), "manual intervention, scale operations, failover procedures", true,
            List.of(Roles.ON_CALL, Roles.DEVOPS_LEAD)),
    /** Region-wide outage, data corruption, security breach: 4-8 hours, full DR failover. */
    CRITICAL(Duration.ofHours(8), "full DR failover to the secondary region", true,
            List.of(Roles.ON_CALL, Roles.DEVOPS_LEAD, Roles.ENGINEERING_MANAGER));

    private final Duration expectedRecovery;
    private final String action;
    private final boolean needsApproval;
    private final List<String> escalation;

    IncidentTier(Duration expectedRecovery, String action, boolean needsApproval, List<String> escalation) {
        this.expectedRecovery = expectedRecovery;
        this.action = action;
        this.needsApproval = needsApproval;
        this.escalation = escalation;
    }

    /**
     * Who is told and, when an approval is not answered in time, asked next: the runbook's
     * emergency contacts, in escalation order.
     */
    public List<String> escalation() {
        return escalation;
    }

    /** The upper end of the recovery time the runbook gives for this tier. */
    public Duration expectedRecovery() {
        return expectedRecovery;
    }

    /** What the runbook says to do at this tier. */
    public String action() {
        return action;
    }

    /** Whether the runbook calls for a person to approve the response (manual intervention). */
    public boolean needsApproval() {
        return needsApproval;
    }
}
