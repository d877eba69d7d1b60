package io.drplan.core.step;

/**
 * Where {@code restoreLatest(..)} takes the data from in the DR region, each with its true restore
 * point (the age of the data is what the report's RPO states):
 *
 * <pre>{@code
 * .step("restore-db", s -> s.restoreLatest("vibe-postgres-production").from(RestoreSource.FRESHEST)
 *     .as("vibe-postgres-dr").subnetGroup("vibe-db-subnet-group-dr"))
 * }</pre>
 */
public enum RestoreSource {
    /**
     * Automated backups replicated to the DR region ({@code StartDBInstanceAutomatedBackupsReplication}),
     * restored to their latest restorable time with {@code RestoreDBInstanceToPointInTime}: minutes old.
     */
    REPLICATED_BACKUPS,
    /** A cross-region read replica in the DR region, promoted: as old as its replica lag. */
    READ_REPLICA,
    /** The newest snapshot that was copied to the DR region: as old as its snapshot time. */
    SNAPSHOT_IN_REGION,
    /** Whichever of the three gives the newest restore point now. */
    FRESHEST
}
