package io.drplan.aws;

import static io.drplan.aws.AwsCall.exec;
import static io.drplan.aws.AwsCall.run;

import io.drplan.core.spi.Operations;
import io.drplan.core.Region;
import io.drplan.core.spi.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBInstanceAutomatedBackup;
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
            return run(Operations.RDS_DESCRIBE_INSTANCES, region, "DB instance '" + instanceId + "'",
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
            return run(Operations.RDS_DESCRIBE_SNAPSHOTS, region, "DB snapshot '" + snapshotId + "'",
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
        return run(Operations.RDS_DESCRIBE_SNAPSHOTS, region, "snapshots of DB instance '" + instanceId + "'",
                () -> rds.describeDBSnapshotsPaginator(request.build()).dbSnapshots().stream()
                        .map(s -> toSnapshot(s, region)).sorted(NEWEST_FIRST).toList());
    }

    @Override
    public DbSnapshot createSnapshot(Region region, String instanceId, String snapshotId, Map<String, String> tags) {
        RdsClient rds = clients.rds(region);
        DBSnapshot s = run(Operations.RDS_CREATE_SNAPSHOT, region,
                "snapshot '" + snapshotId + "' of DB instance '" + instanceId + "'",
                () -> rds.createDBSnapshot(r -> r.dbInstanceIdentifier(instanceId).dbSnapshotIdentifier(snapshotId)
                        .tags(tags(tags))).dbSnapshot());
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
                                Operations.RDS_COPY_SNAPSHOT.toString(),
                                AwsCall.endpoint(Operations.RDS_COPY_SNAPSHOT, copy.sourceRegion()),
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
            s = run(Operations.RDS_COPY_SNAPSHOT, copy.targetRegion(),
                    "copy of snapshot '" + sourceIdentifier + "' to '" + copy.targetSnapshotId() + "'",
                    () -> rds.copyDBSnapshot(r -> {
                        r.sourceDBSnapshotIdentifier(sourceIdentifier)
                                .targetDBSnapshotIdentifier(copy.targetSnapshotId());
                        if (copy.tags().isEmpty()) {
                            r.copyTags(true);
                        } else {
                            // the copy belongs to the step that made it, not to whoever made the source
                            r.tags(tags(copy.tags()));
                        }
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
            i = run(Operations.RDS_RESTORE, restore.region(),
                    "DB instance '" + restore.instanceId() + "' from snapshot '" + restore.snapshotId() + "'",
                    () -> rds.restoreDBInstanceFromDBSnapshot(r -> {
                        r.dbInstanceIdentifier(restore.instanceId())
                                .dbSnapshotIdentifier(restore.snapshotId())
                                .multiAZ(restore.multiAz())
                                .tags(tags(restore.tags(), RESTORED_FROM_TAG, restore.snapshotId()));
                        placement(restore.subnetGroup(), restore.securityGroupIds(), restore.instanceClass(),
                                r::dbSubnetGroupName, r::vpcSecurityGroupIds, r::dbInstanceClass);
                    }).dbInstance());
        } catch (ProviderException e) {
            return retriedRestore(e, restore.region(), restore.instanceId(), restore.tags(), restore.snapshotId());
        }
        log.info("started restore of {} from snapshot {} in {}", restore.instanceId(), restore.snapshotId(),
                restore.region());
        return toInstance(i, restore.region());
    }

    @Override
    public DbInstance rebootWithFailover(Region region, String instanceId) {
        RdsClient rds = clients.rds(region);
        DBInstance i = run(Operations.RDS_REBOOT, region, "forced failover of DB instance '" + instanceId + "'",
                () -> rds.rebootDBInstance(r -> r.dbInstanceIdentifier(instanceId).forceFailover(true)).dbInstance());
        log.info("started reboot with forced failover of {} in {}", instanceId, region);
        return toInstance(i, region);
    }

    @Override
    public DbInstance promoteReadReplica(Region region, String instanceId) {
        RdsClient rds = clients.rds(region);
        DBInstance i = run(Operations.RDS_PROMOTE_READ_REPLICA, region, "read replica '" + instanceId + "'",
                () -> rds.promoteReadReplica(r -> r.dbInstanceIdentifier(instanceId)).dbInstance());
        log.info("started promotion of read replica {} in {}", instanceId, region);
        return toInstance(i, region);
    }

    @Override
    public void deleteInstance(Region region, String instanceId, String finalSnapshotId) {
        if (finalSnapshotId == null || finalSnapshotId.isBlank()) {
            throw new IllegalArgumentException("finalSnapshotId is required: drplan never deletes a DB instance ('"
                    + instanceId + "') without a final snapshot");
        }
        RdsClient rds = clients.rds(region);
        try {
            exec(Operations.RDS_DELETE_INSTANCE, region, "DB instance '" + instanceId + "'",
                    () -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(instanceId).skipFinalSnapshot(false)
                            .finalDBSnapshotIdentifier(finalSnapshotId)));
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
        log.info("started deletion of DB instance {} in {} after final snapshot {}", instanceId, region,
                finalSnapshotId);
    }

    @Override
    public List<AutomatedBackup> listAutomatedBackups(Region region, String sourceInstanceId) {
        RdsClient rds = clients.rds(region);
        // Listed whole and filtered here: a replicated backup's instance lives in another region.
        return run(Operations.RDS_DESCRIBE_AUTOMATED_BACKUPS, region,
                "automated backups of DB instance '" + sourceInstanceId + "'",
                () -> rds.describeDBInstanceAutomatedBackupsPaginator(r -> { }).dbInstanceAutomatedBackups().stream()
                        .filter(b -> sourceInstanceId.equals(b.dbInstanceIdentifier()))
                        .map(b -> toBackup(b, region))
                        .sorted(Comparator.comparing(AutomatedBackup::latestRestorableTime,
                                Comparator.nullsLast(Comparator.<Instant>reverseOrder())))
                        .toList());
    }

    @Override
    public DbInstance restoreToPointInTime(PointInTimeRestore restore) {
        Objects.requireNonNull(restore, "restore");
        RdsClient rds = clients.rds(restore.region());
        DBInstance i;
        try {
            i = run(Operations.RDS_RESTORE_PITR, restore.region(), "DB instance '" + restore.instanceId()
                            + "' from automated backups '" + restore.automatedBackupArn() + "'",
                    () -> rds.restoreDBInstanceToPointInTime(r -> {
                        r.sourceDBInstanceAutomatedBackupsArn(restore.automatedBackupArn())
                                .targetDBInstanceIdentifier(restore.instanceId())
                                .multiAZ(restore.multiAz())
                                .tags(tags(restore.tags(), RESTORED_FROM_TAG, restore.automatedBackupArn()));
                        if (restore.restoreTime() != null) {
                            r.restoreTime(restore.restoreTime());
                        } else {
                            r.useLatestRestorableTime(true);
                        }
                        placement(restore.subnetGroup(), restore.securityGroupIds(), restore.instanceClass(),
                                r::dbSubnetGroupName, r::vpcSecurityGroupIds, r::dbInstanceClass);
                    }).dbInstance());
        } catch (ProviderException e) {
            return retriedRestore(e, restore.region(), restore.instanceId(), restore.tags(),
                    restore.automatedBackupArn());
        }
        log.info("started point-in-time restore of {} from {} to {} in {}", restore.instanceId(),
                restore.automatedBackupArn(), restore.restoreTime() == null ? "its latest restorable time"
                        : restore.restoreTime(), restore.region());
        return toInstance(i, restore.region());
    }

    @Override
    public List<DbInstance> listReadReplicas(Region region, String sourceInstanceId) {
        RdsClient rds = clients.rds(region);
        return run(Operations.RDS_DESCRIBE_INSTANCES, region, "read replicas of DB instance '" + sourceInstanceId + "'",
                () -> rds.describeDBInstancesPaginator(r -> { }).dbInstances().stream()
                        .filter(i -> isReplicaOf(i.readReplicaSourceDBInstanceIdentifier(), sourceInstanceId))
                        .map(i -> toInstance(i, region))
                        .sorted(Comparator.comparing(DbInstance::id))
                        .toList());
    }

    /**
     * A restore answered "already exists": the instance is ours when it carries this request's tags and
     * source (the first call went through but its answer was lost); anything else stays the conflict.
     */
    private DbInstance retriedRestore(ProviderException e, Region region, String instanceId,
                                      Map<String, String> tags, String source) {
        if (!(e.getCause() instanceof DbInstanceAlreadyExistsException)) {
            throw e;
        }
        DBInstance existing = describeInstance(region, instanceId).orElseThrow(() -> e);
        if (DELETING.equals(existing.dbInstanceStatus()) || !sameRequest(existing, tags, source)) {
            throw e;
        }
        log.info("restore of {} from {} in {} already started (a retried call); using it", instanceId, source, region);
        return toInstance(existing, region);
    }

    private static boolean isReplicaOf(String source, String instanceId) {
        return source != null && (source.equals(instanceId) || source.endsWith(":db:" + instanceId));
    }

    /** Whether an existing instance is the one this very request created (its answer lost): same owner, same source. */
    private static boolean sameRequest(DBInstance existing, Map<String, String> requested, String source) {
        Map<String, String> has = tagMap(existing.tagList());
        if (!source.equals(has.get(RESTORED_FROM_TAG))) {
            return false;
        }
        String execution = requested.get(EXECUTION_TAG);
        return execution == null || (execution.equals(has.get(EXECUTION_TAG))
                && Objects.equals(requested.get(STEP_TAG), has.get(STEP_TAG)));
    }

    @Override
    public void deleteSnapshot(Region region, String snapshotId) {
        RdsClient rds = clients.rds(region);
        try {
            exec(Operations.RDS_DELETE_SNAPSHOT, region, "DB snapshot '" + snapshotId + "'",
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
        DBInstance i = run(Operations.RDS_DESCRIBE_INSTANCES, region, "DB instance '" + instanceId + "'",
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
            return run(Operations.RDS_DESCRIBE_INSTANCES, region, "DB instance '" + instanceId + "'",
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
            existing = run(Operations.RDS_DESCRIBE_SNAPSHOTS, copy.targetRegion(),
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

    /** The requested tags, with {@code drplan:managed=true} and any extra key/value pairs. */
    private static List<Tag> tags(Map<String, String> requested, String... extra) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("drplan:managed", "true");
        all.putAll(requested);
        for (int k = 0; k + 1 < extra.length; k += 2) {
            all.put(extra[k], extra[k + 1]);
        }
        return all.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> m.put(t.key(), t.value()));
        }
        return m;
    }

    static AutomatedBackup toBackup(DBInstanceAutomatedBackup b, Region region) {
        Region source = b.region() == null ? region : Region.of(b.region());
        return new AutomatedBackup(b.dbInstanceAutomatedBackupsArn(), b.dbInstanceIdentifier(), source, region,
                b.status(), b.restoreWindow() == null ? null : b.restoreWindow().earliestTime(),
                b.restoreWindow() == null ? null : b.restoreWindow().latestTime(),
                b.backupRetentionPeriod() == null ? 0 : b.backupRetentionPeriod());
    }

    static DbInstance toInstance(DBInstance i, Region region) {
        return new DbInstance(i.dbInstanceIdentifier(), region, i.dbInstanceStatus(),
                i.endpoint() == null ? null : i.endpoint().address(),
                i.endpoint() == null || i.endpoint().port() == null ? 0 : i.endpoint().port(),
                i.availabilityZone(), i.secondaryAvailabilityZone(), Boolean.TRUE.equals(i.multiAZ()),
                i.engine(), i.dbInstanceClass(), tagMap(i.tagList()), i.readReplicaSourceDBInstanceIdentifier(),
                null);   // replica lag is a CloudWatch metric (ReplicaLag), not part of DescribeDBInstances
    }

    static DbSnapshot toSnapshot(DBSnapshot s, Region region) {
        Instant created = s.originalSnapshotCreateTime() != null ? s.originalSnapshotCreateTime()
                : s.snapshotCreateTime();
        SnapshotType type = "automated".equalsIgnoreCase(s.snapshotType()) ? SnapshotType.AUTOMATED
                : SnapshotType.MANUAL;
        return new DbSnapshot(s.dbSnapshotIdentifier(), s.dbSnapshotArn(), s.dbInstanceIdentifier(), region,
                s.status(), created, type, Boolean.TRUE.equals(s.encrypted()), s.kmsKeyId(), tagMap(s.tagList()));
    }

    /**
     * The optional placement of a restored instance (subnet group, security groups, class), set the same
     * way on both kinds of restore request, whose builders share no type.
     */
    private static void placement(String subnetGroup, List<String> securityGroupIds, String instanceClass,
                                  java.util.function.Consumer<String> setSubnetGroup,
                                  java.util.function.Consumer<java.util.Collection<String>> setSecurityGroups,
                                  java.util.function.Consumer<String> setInstanceClass) {
        if (subnetGroup != null) {
            setSubnetGroup.accept(subnetGroup);
        }
        if (!securityGroupIds.isEmpty()) {
            setSecurityGroups.accept(securityGroupIds);
        }
        if (instanceClass != null) {
            setInstanceClass.accept(instanceClass);
        }
    }
}
