package io.drplan.core.runbook;

import java.util.Objects;

/**
 * One way the account differs from a {@link BackupPolicy}: which resource and setting, what the
 * policy expects and what the account has, how bad it is, and how to fix it (the {@code aws}
 * command, or the Terraform attribute to change).
 *
 * @param resource e.g. {@code db-instance vibe-postgres-production (us-east-1)}
 * @param setting  e.g. {@code backup retention}
 * @param expected what the policy says, e.g. {@code 7 days}
 * @param actual   what the account has, e.g. {@code 1 day}
 * @param fix      e.g. {@code aws rds modify-db-instance ... --backup-retention-period 7 (Terraform: aws_db_instance.backup_retention_period = 7)}
 */
public record BackupFinding(String resource, String setting, String expected, String actual, Severity severity,
                            String fix) {
    /** How much a finding puts recovery at risk. */
    public enum Severity {
        /** Costs money or deviates from the runbook without putting a recovery at risk. */
        LOW,
        /** A recovery would lose more, or keep less history, than the runbook promises. */
        MEDIUM,
        /** A recovery in the DR region would fail or lose data the runbook says is safe. */
        HIGH
    }

    public BackupFinding {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(fix, "fix");
    }

    /** {@code HIGH db-instance x (us-east-1) backup retention: expected 7 days but was 1 day; fix: ...}. */
    @Override
    public String toString() {
        return severity + " " + resource + " " + setting + ": expected " + expected + " but was " + actual
                + "; fix: " + fix;
    }
}
