package io.drplan.core.spi;

import io.drplan.core.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Relational databases (RDS PostgreSQL in the runbook): instances, snapshots, cross-region copies,
 * restores, forced failover and read-replica promotion. Every method is one API call that returns
 * at once; the engine polls {@link #findInstance}/{@link #findSnapshot} to wait for a state.
 *
 * <p>What a step creates carries the tags {@link #EXECUTION_TAG}, {@link #STEP_TAG} and
 * {@link #CREATED_AT_TAG}: a step adopts an existing instance or snapshot only when its own execution
 * created it, and compensation deletes nothing else. Deleting an instance always takes a final
 * snapshot first.
 *
 * <p>Where data can be restored from in the DR region, as on AWS: automated backups replicated there
 * ({@link #listAutomatedBackups}, restored with {@link #restoreToPointInTime}), a cross-region read
 * replica ({@link #listReadReplicas}, promoted), or a snapshot that was copied there
 * ({@link #listSnapshots}). Automated snapshots of an instance exist only in its own region.
 */
public interface DatabaseProvider {
    /** Tag naming the execution that created a resource. */
    String EXECUTION_TAG = "drplan:execution";
    /** Tag naming the step that created a resource. */
    String STEP_TAG = "drplan:step";
    /** Tag with the ISO-8601 instant a resource was created by drplan. */
    String CREATED_AT_TAG = "drplan:created-at";

    /** The instance, or empty when it does not exist. */
    Optional<DbInstance> findInstance(Region region, String instanceId);

    /** The snapshot, or empty when it does not exist. */
    Optional<DbSnapshot> findSnapshot(Region region, String snapshotId);

    /** Snapshots of {@code instanceId} in {@code region} of the given type, newest first. */
    List<DbSnapshot> listSnapshots(Region region, String instanceId, SnapshotType type);

    /** Starts a manual snapshot of an instance, with tags (the ownership tags of the step creating it). */
    DbSnapshot createSnapshot(Region region, String instanceId, String snapshotId, Map<String, String> tags);

    /** Starts a manual snapshot of an instance, untagged. */
    default DbSnapshot createSnapshot(Region region, String instanceId, String snapshotId) {
        return createSnapshot(region, instanceId, snapshotId, Map.of());
    }

    /** Starts a copy of a snapshot into another region. */
    DbSnapshot copySnapshot(SnapshotCopy copy);

    /** Starts a restore of a new instance from a snapshot. */
    DbInstance restoreFromSnapshot(DbRestore restore);

    /**
     * The automated backups of {@code sourceInstanceId} held in {@code region}
     * ({@code DescribeDBInstanceAutomatedBackups}): in the DR region, those replicated there from the
     * source region; empty when replication is off. Newest restorable first.
     */
    List<AutomatedBackup> listAutomatedBackups(Region region, String sourceInstanceId);

    /**
     * Starts a point-in-time restore of a new instance from automated backups
     * ({@code RestoreDBInstanceToPointInTime} with {@code SourceDBInstanceAutomatedBackupsArn}).
     */
    DbInstance restoreToPointInTime(PointInTimeRestore restore);

    /** The read replicas of {@code sourceInstanceId} that run in {@code region}. */
    List<DbInstance> listReadReplicas(Region region, String sourceInstanceId);

    /** Reboots a Multi-AZ instance with forced failover to its standby. */
    DbInstance rebootWithFailover(Region region, String instanceId);

    /** Promotes a read replica to a standalone instance. */
    DbInstance promoteReadReplica(Region region, String instanceId);

    /**
     * Deletes an instance after a final snapshot {@code finalSnapshotId} of it
     * ({@code FinalDBSnapshotIdentifier}); there is no way to delete without one.
     */
    void deleteInstance(Region region, String instanceId, String finalSnapshotId);

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
     * @param tags                       the instance's tags
     * @param replicaSourceId            for a read replica, the source instance (id or ARN); else {@code null}
     * @param replicaLag                 for a read replica, how far it is behind, or {@code null} when unknown
     */
    record DbInstance(String id, Region region, String status, String endpoint, int port,
                      String availabilityZone, String secondaryAvailabilityZone, boolean multiAz,
                      String engine, String instanceClass, Map<String, String> tags, String replicaSourceId,
                      Duration replicaLag) {
        public DbInstance {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        /** An untagged instance that is no replica. */
        public DbInstance(String id, Region region, String status, String endpoint, int port,
                          String availabilityZone, String secondaryAvailabilityZone, boolean multiAz,
                          String engine, String instanceClass) {
            this(id, region, status, endpoint, port, availabilityZone, secondaryAvailabilityZone, multiAz, engine,
                    instanceClass, Map.of(), null, null);
        }

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
                      Instant createdAt, SnapshotType type, boolean encrypted, String kmsKeyId,
                      Map<String, String> tags) {
        public DbSnapshot {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        /** An untagged snapshot. */
        public DbSnapshot(String id, String arn, String instanceId, Region region, String status,
                          Instant createdAt, SnapshotType type, boolean encrypted, String kmsKeyId) {
            this(id, arn, instanceId, region, status, createdAt, type, encrypted, kmsKeyId, Map.of());
        }

        public boolean isAvailable() {
            return "available".equals(status);
        }

        /** How old the data in this snapshot is at {@code now}. */
        public Duration age(Instant now) {
            return Duration.between(createdAt, now);
        }
    }

    /**
     * A cross-region snapshot copy; {@code kmsKeyId} is required for encrypted snapshots; {@code tags}
     * go on the copy (with the source's own tags).
     */
    record SnapshotCopy(Region sourceRegion, String sourceSnapshotId, String sourceSnapshotArn,
                        Region targetRegion, String targetSnapshotId, String kmsKeyId, Map<String, String> tags) {
        public SnapshotCopy {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        /** An untagged copy. */
        public SnapshotCopy(Region sourceRegion, String sourceSnapshotId, String sourceSnapshotArn,
                            Region targetRegion, String targetSnapshotId, String kmsKeyId) {
            this(sourceRegion, sourceSnapshotId, sourceSnapshotArn, targetRegion, targetSnapshotId, kmsKeyId, Map.of());
        }
    }

    /** A restore of a new instance from a snapshot, tagged with {@code tags}. */
    record DbRestore(Region region, String snapshotId, String instanceId, String subnetGroup,
                     List<String> securityGroupIds, String instanceClass, boolean multiAz, Map<String, String> tags) {
        public DbRestore {
            securityGroupIds = List.copyOf(securityGroupIds);
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        /** An untagged restore. */
        public DbRestore(Region region, String snapshotId, String instanceId, String subnetGroup,
                         List<String> securityGroupIds, String instanceClass, boolean multiAz) {
            this(region, snapshotId, instanceId, subnetGroup, securityGroupIds, instanceClass, multiAz, Map.of());
        }
    }

    /**
     * Automated backups of an instance held in a region ({@code DBInstanceAutomatedBackup}): in the DR
     * region, a replica of the source region's backups.
     *
     * @param arn                    {@code DBInstanceAutomatedBackupsArn}, what a restore names
     * @param sourceRegion           the region of the instance whose backups these are
     * @param status                 e.g. {@code replicating}, {@code active}, {@code retained}
     * @param latestRestorableTime   the newest point a restore can reach: the restore point used for RPO
     * @param retentionDays          {@code BackupRetentionPeriod}
     */
    record AutomatedBackup(String arn, String sourceInstanceId, Region sourceRegion, Region region, String status,
                           Instant earliestRestorableTime, Instant latestRestorableTime, int retentionDays) {
        /** How old the newest restorable data is at {@code now}. */
        public Duration age(Instant now) {
            return Duration.between(latestRestorableTime, now);
        }
    }

    /**
     * A point-in-time restore from automated backups.
     *
     * @param restoreTime the point to restore to; {@code null} for the latest restorable time
     */
    record PointInTimeRestore(Region region, String automatedBackupArn, Instant restoreTime, String instanceId,
                              String subnetGroup, List<String> securityGroupIds, String instanceClass, boolean multiAz,
                              Map<String, String> tags) {
        public PointInTimeRestore {
            securityGroupIds = List.copyOf(securityGroupIds);
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }
    }
}
