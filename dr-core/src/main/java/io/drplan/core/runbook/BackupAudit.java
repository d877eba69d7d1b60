package io.drplan.core.runbook;

import io.drplan.core.runbook.BackupFinding.Severity;
import java.util.List;

/**
 * What {@link BackupPolicy#audit} found: every difference between the account and the policy, in
 * the order the resources were read. Clean when there is none.
 */
public record BackupAudit(List<BackupFinding> findings) {
    public BackupAudit {
        findings = List.copyOf(findings);
    }

    /** Whether the account matches the policy. */
    public boolean clean() {
        return findings.isEmpty();
    }

    /** Whether any finding is {@link Severity#HIGH}: a recovery in the DR region is at risk. */
    public boolean hasHigh() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.HIGH);
    }

    /** The findings of {@code severity}. */
    public List<BackupFinding> findings(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).toList();
    }

    /** One line per finding, or "backup policy: no findings". */
    @Override
    public String toString() {
        if (findings.isEmpty()) {
            return "backup policy: no findings";
        }
        StringBuilder sb = new StringBuilder("backup policy: ").append(findings.size())
                .append(findings.size() == 1 ? " finding" : " findings");
        for (BackupFinding f : findings) {
            sb.append("\n  ").append(f);
        }
        return sb.toString();
    }
}
