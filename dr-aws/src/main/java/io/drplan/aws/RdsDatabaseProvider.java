package io.drplan.aws;

import static io.drplan.aws.AwsCall.exec;
import static io.drplan.aws.AwsCall.run;

import io.drplan.core.Region;
import io.drplan.core.spi.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbSnapshotStateException;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * RDS implementation of {@link AwsDatabaseProvider}. Every method but the retention helper is one API call,
 * plus a read when the call must tell a retry of its own earlier call from a real conflict: a restore or
 * copy whose answer was lost finds its own instance or snapshot and returns it, and deleting what is
 * already gone (or going) is done, so compensations can be retried.
 */
final class RdsDatabaseProvider implements AwsDatabaseProvider {
    private static final Logger log = LoggerFactory.getLogger(RdsDatabaseProvider.class);
    /** The tag a restore puts on its instance, naming the snapshot it was restored from. */
    static final String RESTORED_FROM_TAG = "drplan:restored-from";
    private static final String DELETING = "deleting";
    private static final Comparator<DbSnapshot> NEWEST_FIRST = Comparator.comparing(DbSnapshot::createdAt,
            Comparator.nullsFirst(Comparator.<Instant>reverseOrder())).thenComparing(DbSnapshot::id);

    private final AwsClients clients;

    RdsDatabaseProvider(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public Optional<DbInstance> findInstance(Region region, String instanceId) {
        RdsClient rds = clients.rds(region);
        try {
            return run(AwsOperations.RDS_DESCRIBE_INSTANCES, region, "DB instance '" + instanceId + "'",
                    () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(instanceId)))
                    .dbInstances().stream().findFirst().map(i -> toInstance(i, region));
        } catch (ProviderException e) {
            if (e.getCause() instanceof DbInstanceNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<DbSnapshot> findSnapshot(Region region, String snapshotId) {
        RdsClient rds = clients.rds(region);
        try {
            return run(AwsOperations.RDS_DESCRIBE_SNAPSHOTS, region, "DB snapshot '" + snapshotId + "'",
                    () -> rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshotId)))
                    .dbSnapshots().stream().findFirst().map(s -> toSnapshot(s, region));
        } catch (ProviderException e) {
            if (e.getCause() instanceof DbSnapshotNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<DbSnapshot> listSnapshots(Region region, String instanceId, SnapshotType type) {
        Objects.requireNonNull(type, "type");
        RdsClient rds = clients.rds(region);
        DescribeDbSnapshotsRequest.Builder request = DescribeDbSnapshotsRequest.builder().dbInstanceIdentifier(instanceId);
        if (type != SnapshotType.ANY) {
            request.snapshotType(type == SnapshotType.AUTOMATED ? "automated" : "manual");
        }
        return run(AwsOperations.RDS_DESCRIBE_SNAPSHOTS, region, "snapshots of DB instance '" + instanceId + "'",
                () -> rds.describeDBSnapshotsPaginator(request.build()).dbSnapshots().stream()
                        .map(s -> toSnapshot(s, region)).sorted(NEWEST_FIRST).toList());
    }

    @Override
    public DbSnapshot createSnapshot(Region region, String instanceId, String snapshotId) {
        RdsClient rds = clients.rds(region);
        DBSnapshot s = run(AwsOperations.RDS_CREATE_SNAPSHOT, region,
                "snapshot '" + snapshotId + "' of DB instance '" + instanceId + "'",
                () -> rds.createDBSnapshot(r -> r.dbInstanceIdentifier(instanceId).dbSnapshotIdentifier(snapshotId)
                        .tags(drplanTag())).dbSnapshot());
        log.info("started snapshot {} of {} in {}", snapshotId, instanceId, region);
        return toSnapshot(s, region);
    }

    @Override
    public DbSnapshot copySnapshot(SnapshotCopy copy) {
        Objects.requireNonNull(copy, "copy");
        boolean crossRegion = !copy.sourceRegion().equals(copy.targetRegion());
        String source = copy.sourceSnapshotArn();
        if (source == null) {
            if (crossRegion) {
                // A cross-region copy must name its source by ARN; look it up once rather than guess the account.
                source = findSnapshot(copy.sourceRegion(), copy.sourceSnapshotId())
                        .orElseThrow(() -> new ProviderException(ProviderException.Reason.NOT_FOUND,
                                AwsOperations.RDS_COPY_SNAPSHOT.toString(),
                                AwsCall.endpoint(AwsOperations.RDS_COPY_SNAPSHOT, copy.sourceRegion()),
                                "rds:CopyDBSnapshot cannot copy snapshot '" + copy.sourceSnapshotId() + "' from "
                                        + copy.sourceRegion() + " to " + copy.targetRegion()
                                        + ": it does not exist in " + copy.sourceRegion()
                                        + ". Check the snapshot id and the source region"))
                        .arn();
            } else {
                source = copy.sourceSnapshotId();
            }
        }
        String sourceIdentifier = source;
        RdsClient rds = clients.rds(copy.targetRegion());
        DBSnapshot s;
        try {
            s = run(AwsOperations.RDS_COPY_SNAPSHOT, copy.targetRegion(),
                    "copy of snapshot '" + sourceIdentifier + "' to '" + copy.targetSnapshotId() + "'",
                    () -> rds.copyDBSnapshot(r -> {
                        r.sourceDBSnapshotIdentifier(sourceIdentifier)
                                .targetDBSnapshotIdentifier(copy.targetSnapshotId())
                                .copyTags(true);
                        if (crossRegion) {
                            // Makes the SDK presign the request in the source region, as cross-region copies need.
                            r.sourceRegion(copy.sourceRegion().code());
                        }
                        if (copy.kmsKeyId() != null) {
                            r.kmsKeyId(copy.kmsKeyId());
                        }
                    }).dbSnapshot());
        } catch (ProviderException e) {
            if (!(e.getCause() instanceof DbSnapshotAlreadyExistsException)) {
                throw e;
            }
            DbSnapshot ours = existingCopy(copy, sourceIdentifier).orElseThrow(() -> e);
            log.info("copy of snapshot {} to {} as {} already exists (a retried call); using it",
                    copy.sourceSnapshotId(), copy.targetRegion(), copy.targetSnapshotId());
            return ours;
        }
        log.info("started copy of snapshot {} from {} to {} as {}", copy.sourceSnapshotId(), copy.sourceRegion(),
                copy.targetRegion(), copy.targetSnapshotId());
        return toSnapshot(s, copy.targetRegion());
    }

    @Override
    public DbInstance restoreFromSnapshot(DbRestore restore) {
        Objects.requireNonNull(restore, "restore");
        RdsClient rds = clients.rds(restore.region());
        DBInstance i;
        try {
            i = run(AwsOperations.RDS_RESTORE, restore.region(),
                    "DB instance '" + restore.instanceId() + "' from snapshot '" + restore.snapshotId() + "'",
                    () -> rds.restoreDBInstanceFromDBSnapshot(r -> {
                        r.dbInstanceIdentifier(restore.instanceId())
                                .dbSnapshotIdentifier(restore.snapshotId())
                                .multiAZ(restore.multiAz())
                                .tags(drplanTag(), Tag.builder().key(RESTORED_FROM_TAG).value(restore.snapshotId()).build());
                        if (restore.subnetGroup() != null) {
                            r.dbSubnetGroupName(restore.subnetGroup());
                        }
                        if (!restore.securityGroupIds().isEmpty()) {
                            r.vpcSecurityGroupIds(restore.securityGroupIds());
                        }
                        if (restore.instanceClass() != null) {
                            r.dbInstanceClass(restore.instanceClass());
                        }
                    }).dbInstance());
        } catch (ProviderException e) {
            if (!(e.getCause() instanceof DbInstanceAlreadyExistsException)) {
                throw e;
            }
            // Ours if it carries our tag for this snapshot: the first call went through but its answer was lost.
            DBInstance existing = describeInstance(restore.region(), restore.instanceId()).orElseThrow(() -> e);
            boolean ours = !DELETING.equals(existing.dbInstanceStatus()) && existing.tagList().stream()
                    .anyMatch(t -> RESTORED_FROM_TAG.equals(t.key()) && restore.snapshotId().equals(t.value()));
            if (!ours) {
                throw e;
            }
            log.info("restore of {} from snapshot {} in {} already started (a retried call); using it",
                    restore.instanceId(), restore.snapshotId(), restore.region());
            return toInstance(existing, restore.region());
        }
        log.info("started restore of {} from snapshot {} in {}", restore.instanceId(), restore.snapshotId(),
                restore.region());
        return toInstance(i, restore.region());
    }

    @Override
    public DbInstance rebootWithFailover(Region region, String instanceId) {
        RdsClient rds = clients.rds(region);
        DBInstance i = run(AwsOperations.RDS_REBOOT, region, "forced failover of DB instance '" + instanceId + "'",
                () -> rds.rebootDBInstance(r -> r.dbInstanceIdentifier(instanceId).forceFailover(true)).dbInstance());
        log.info("started reboot with forced failover of {} in {}", instanceId, region);
        return toInstance(i, region);
    }

    @Override
    public DbInstance promoteReadReplica(Region region, String instanceId) {
        RdsClient rds = clients.rds(region);
        DBInstance i = run(AwsOperations.RDS_PROMOTE_READ_REPLICA, region, "read replica '" + instanceId + "'",
                () -> rds.promoteReadReplica(r -> r.dbInstanceIdentifier(instanceId)).dbInstance());
        log.info("started promotion of read replica {} in {}", instanceId, region);
        return toInstance(i, region);
    }

    @Override
    public void deleteInstance(Region region, String instanceId, boolean skipFinalSnapshot) {
        RdsClient rds = clients.rds(region);
        try {
            exec(AwsOperations.RDS_DELETE_INSTANCE, region, "DB instance '" + instanceId + "'",
                    () -> rds.deleteDBInstance(r -> {
                        r.dbInstanceIdentifier(instanceId).skipFinalSnapshot(skipFinalSnapshot);
                        if (!skipFinalSnapshot) {
                            r.finalDBSnapshotIdentifier(instanceId + "-final");
                        }
                    }));
        } catch (ProviderException e) {
            // A compensation retried, or run after someone else cleaned up: gone or going is done.
            if (e.getCause() instanceof DbInstanceNotFoundException) {
                log.info("DB instance {} in {} is already gone; nothing to delete", instanceId, region);
                return;
            }
            if (e.getCause() instanceof InvalidDbInstanceStateException
                    && describeInstance(region, instanceId).map(i -> DELETING.equals(i.dbInstanceStatus())).orElse(true)) {
                log.info("DB instance {} in {} is already being deleted", instanceId, region);
                return;
            }
            throw e;
        }
        log.info("started deletion of DB instance {} in {} (final snapshot: {})", instanceId, region,
                !skipFinalSnapshot);
    }

    @Override
    public void deleteSnapshot(Region region, String snapshotId) {
        RdsClient rds = clients.rds(region);
        try {
            exec(AwsOperations.RDS_DELETE_SNAPSHOT, region, "DB snapshot '" + snapshotId + "'",
                    () -> rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(snapshotId)));
        } catch (ProviderException e) {
            if (e.getCause() instanceof DbSnapshotNotFoundException) {
                log.info("DB snapshot {} in {} is already gone; nothing to delete", snapshotId, region);
                return;
            }
            if (e.getCause() instanceof InvalidDbSnapshotStateException
                    && findSnapshot(region, snapshotId).map(x -> DELETING.equals(x.status())).orElse(true)) {
                log.info("DB snapshot {} in {} is already being deleted", snapshotId, region);
                return;
            }
            throw e;
        }
        log.info("deleted DB snapshot {} in {}", snapshotId, region);
    }

    @Override
    public List<DbSnapshot> deleteSnapshotsOlderThan(Region region, String instanceId, Duration retention,
                                                     Instant now) {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(now, "now");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive but was " + retention);
        }
        Instant cutoff = now.minus(retention);
        List<DbSnapshot> expired = new ArrayList<>(listSnapshots(region, instanceId, SnapshotType.MANUAL).stream()
                .filter(s -> s.isAvailable() && s.createdAt() != null && s.createdAt().isBefore(cutoff))
                .toList());
        Collections.reverse(expired);
        for (DbSnapshot s : expired) {
            deleteSnapshot(region, s.id());
        }
        return List.copyOf(expired);
    }

    /** {@code DescribeDBInstances}: BackupRetentionPeriod, PreferredBackupWindow, StorageEncrypted. */
    @Override
    public DbBackupSettings describeBackupSettings(Region region, String instanceId) {
        RdsClient rds = clients.rds(region);
        DBInstance i = run(AwsOperations.RDS_DESCRIBE_INSTANCES, region, "DB instance '" + instanceId + "'",
                () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(instanceId))).dbInstances().get(0);
        return new DbBackupSettings(i.dbInstanceIdentifier(),
                i.backupRetentionPeriod() == null ? 0 : i.backupRetentionPeriod(), i.preferredBackupWindow(),
                Boolean.TRUE.equals(i.storageEncrypted()));
    }

    @Override
    public String toString() {
        return "RdsDatabaseProvider[" + clients + "]";
    }

    /** The instance as RDS describes it (with its tags), or empty when it does not exist. */
    private Optional<DBInstance> describeInstance(Region region, String instanceId) {
        RdsClient rds = clients.rds(region);
        try {
            return run(AwsOperations.RDS_DESCRIBE_INSTANCES, region, "DB instance '" + instanceId + "'",
                    () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(instanceId))).dbInstances().stream()
                    .findFirst();
        } catch (ProviderException e) {
            if (e.getCause() instanceof DbInstanceNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The copy's target snapshot when it is a copy of the same source, made by an earlier call whose answer
     * was lost. RDS names the source only for cross-region and cross-account copies; otherwise the copy is
     * recognised by the source's instance and restore point, which a copy keeps.
     */
    private Optional<DbSnapshot> existingCopy(SnapshotCopy copy, String sourceIdentifier) {
        RdsClient rds = clients.rds(copy.targetRegion());
        Optional<DBSnapshot> existing;
        try {
            existing = run(AwsOperations.RDS_DESCRIBE_SNAPSHOTS, copy.targetRegion(),
                    "DB snapshot '" + copy.targetSnapshotId() + "'",
                    () -> rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(copy.targetSnapshotId())))
                    .dbSnapshots().stream().findFirst();
        } catch (ProviderException e) {
            if (e.getCause() instanceof DbSnapshotNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
        if (existing.isEmpty() || DELETING.equals(existing.get().status())) {
            return Optional.empty();
        }
        DBSnapshot target = existing.get();
        if (target.sourceDBSnapshotIdentifier() != null && !target.sourceDBSnapshotIdentifier().isBlank()) {
            return snapshotName(target.sourceDBSnapshotIdentifier()).equals(snapshotName(sourceIdentifier))
                    ? Optional.of(toSnapshot(target, copy.targetRegion())) : Optional.empty();
        }
        DbSnapshot mine = toSnapshot(target, copy.targetRegion());
        return findSnapshot(copy.sourceRegion(), copy.sourceSnapshotId())
                .filter(src -> Objects.equals(src.instanceId(), mine.instanceId()) && src.createdAt() != null
                        && src.createdAt().equals(mine.createdAt()))
                .map(src -> mine);
    }

    /** The snapshot's name from an identifier or an ARN ({@code arn:aws:rds:region:account:snapshot:name}). */
    private static String snapshotName(String identifierOrArn) {
        return identifierOrArn.startsWith("arn:") ? identifierOrArn.substring(identifierOrArn.lastIndexOf(':') + 1)
                : identifierOrArn;
    }

    private static Tag drplanTag() {
        return Tag.builder().key("drplan:managed").value("true").build();
    }

    static DbInstance toInstance(DBInstance i, Region region) {
        return new DbInstance(i.dbInstanceIdentifier(), region, i.dbInstanceStatus(),
                i.endpoint() == null ? null : i.endpoint().address(),
                i.endpoint() == null || i.endpoint().port() == null ? 0 : i.endpoint().port(),
                i.availabilityZone(), i.secondaryAvailabilityZone(), Boolean.TRUE.equals(i.multiAZ()),
                i.engine(), i.dbInstanceClass());
    }

    static DbSnapshot toSnapshot(DBSnapshot s, Region region) {
        Instant created = s.originalSnapshotCreateTime() != null ? s.originalSnapshotCreateTime()
                : s.snapshotCreateTime();
        SnapshotType type = "automated".equalsIgnoreCase(s.snapshotType()) ? SnapshotType.AUTOMATED
                : SnapshotType.MANUAL;
        return new DbSnapshot(s.dbSnapshotIdentifier(), s.dbSnapshotArn(), s.dbInstanceIdentifier(), region,
                s.status(), created, type, Boolean.TRUE.equals(s.encrypted()), s.kmsKeyId());
    }
}
