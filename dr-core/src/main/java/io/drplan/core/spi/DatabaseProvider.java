package io.drplan.core.spi;

import io.drplan.core.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Relational databases (RDS PostgreSQL in the runbook): instances, snapshots, cross-region copies,
 * restores, forced failover and read-replica promotion. Every method is one API call that returns
 * at once; the engine polls {@link #findInstance}/{@link #findSnapshot} to wait for a state.
 */
public interface DatabaseProvider {

    /** The instance, or empty when it does not exist. */
    Optional<DbInstance> findInstance(Region region, String instanceId);

    /** The snapshot, or empty when it does not exist. */
    Optional<DbSnapshot> findSnapshot(Region region, String snapshotId);

    /** Snapshots of {@code instanceId} in {@code region} of the given type, newest first. */
    List<DbSnapshot> listSnapshots(Region region, String instanceId, SnapshotType type);

    /** Starts a manual snapshot of an instance. */
    DbSnapshot createSnapshot(Region region, String instanceId, String snapshotId);

    /** Starts a copy of a snapshot into another region. */
    DbSnapshot copySnapshot(SnapshotCopy copy);

    /** Starts a restore of a new instance from a snapshot. */
    DbInstance restoreFromSnapshot(DbRestore restore);

    /** Reboots a Multi-AZ instance with forced failover to its standby. */
    DbInstance rebootWithFailover(Region region, String instanceId);

    /** Promotes a read replica to a standalone instance. */
    DbInstance promoteReadReplica(Region region, String instanceId);

    /** Deletes an instance (compensation of a restore). */
    void deleteInstance(Region region, String instanceId, boolean skipFinalSnapshot);

    /** Deletes a manual snapshot. */
    void deleteSnapshot(Region region, String snapshotId);

    /**
     * The instance's automated-backup settings, read only (RDS: {@code DescribeDBInstances}), for
     * audits against a backup policy. The default says the provider cannot; override it.
     *
     * @throws ProviderException {@code NOT_FOUND} when the instance does not exist
     */
    default DbBackupSettings describeBackupSettings(Region region, String instanceId) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " cannot describe backup settings; implement DatabaseProvider.describeBackupSettings");
    }

    /**
     * An instance's automated-backup settings.
     *
     * @param retentionDays   how long automated backups are kept (0: automated backups are off)
     * @param backupWindow    the daily window, {@code hh:mm-hh:mm} in UTC, or {@code null}
     * @param storageEncrypted whether the storage (and so its snapshots) is encrypted
     */
    record DbBackupSettings(String instanceId, int retentionDays, String backupWindow, boolean storageEncrypted) { }

    /** Kinds of snapshot. */
    enum SnapshotType { AUTOMATED, MANUAL, ANY }

    /**
     * A database instance as the provider last saw it.
     *
     * @param status                     the provider's status word, e.g. {@code creating}, {@code available}
     * @param endpoint                   host name, or {@code null} while it has none
     * @param secondaryAvailabilityZone  the Multi-AZ standby's AZ, or {@code null}
     */
    record DbInstance(String id, Region region, String status, String endpoint, int port,
                      String availabilityZone, String secondaryAvailabilityZone, boolean multiAz,
                      String engine, String instanceClass) {
        public boolean isAvailable() {
            return "available".equals(status);
        }
    }

    /**
     * A database snapshot.
     *
     * @param createdAt when the data was captured: the restore point used for RPO
     */
    record DbSnapshot(String id, String arn, String instanceId, Region region, String status,
                      Instant createdAt, SnapshotType type, boolean encrypted, String kmsKeyId) {
        public boolean isAvailable() {
            return "available".equals(status);
        }

        /** How old the data in this snapshot is at {@code now}. */
        public Duration age(Instant now) {
            return Duration.between(createdAt, now);
        }
    }

    /** A cross-region snapshot copy; {@code kmsKeyId} is required for encrypted snapshots. */
    record SnapshotCopy(Region sourceRegion, String sourceSnapshotId, String sourceSnapshotArn,
                        Region targetRegion, String targetSnapshotId, String kmsKeyId) { }

    /** A restore of a new instance from a snapshot. */
    record DbRestore(Region region, String snapshotId, String instanceId, String subnetGroup,
                     List<String> securityGroupIds, String instanceClass, boolean multiAz) {
        public DbRestore {
            securityGroupIds = List.copyOf(securityGroupIds);
        }
    }
}
