package io.drplan.core;

import java.time.Duration;

/**
 * The incident tiers of the runbook, each with its typical recovery time and the response it
 * calls for.
 */
public enum IncidentTier {
    /** Single pod or node failure, brief degradation: Kubernetes heals it within minutes. */
    MINOR(Duration.ofMinutes(15), "automatic failover via Kubernetes self-healing", false),
    /** AZ failure, database connectivity, application-wide degradation: 1-2 hours, manual steps. */
    MAJOR(Duration.ofHours(2), "manual intervention, scale operations, failover procedures", true),
    /** Region-wide outage, data corruption, security breach: 4-8 hours, full DR failover. */
    CRITICAL(Duration.ofHours(8), "full DR failover to the secondary region", true);

    private final Duration expectedRecovery;
    private final String action;
    private final boolean needsApproval;

    IncidentTier(Duration expectedRecovery, String action, boolean needsApproval) {
        this.expectedRecovery = expectedRecovery;
        this.action = action;
        this.needsApproval = needsApproval;
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
