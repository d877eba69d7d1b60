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
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.Tag;

/** RDS implementation of {@link AwsDatabaseProvider}. Every method but the retention helper is one API call. */
final class RdsDatabaseProvider implements AwsDatabaseProvider {
    private static final Logger log = LoggerFactory.getLogger(RdsDatabaseProvider.class);
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
        DBSnapshot s = run(AwsOperations.RDS_COPY_SNAPSHOT, copy.targetRegion(),
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
        log.info("started copy of snapshot {} from {} to {} as {}", copy.sourceSnapshotId(), copy.sourceRegion(),
                copy.targetRegion(), copy.targetSnapshotId());
        return toSnapshot(s, copy.targetRegion());
    }

    @Override
    public DbInstance restoreFromSnapshot(DbRestore restore) {
        Objects.requireNonNull(restore, "restore");
        RdsClient rds = clients.rds(restore.region());
        DBInstance i = run(AwsOperations.RDS_RESTORE, restore.region(),
                "DB instance '" + restore.instanceId() + "' from snapshot '" + restore.snapshotId() + "'",
                () -> rds.restoreDBInstanceFromDBSnapshot(r -> {
                    r.dbInstanceIdentifier(restore.instanceId())
                            .dbSnapshotIdentifier(restore.snapshotId())
                            .multiAZ(restore.multiAz())
                            .tags(drplanTag(), Tag.builder().key("drplan:restored-from").value(restore.snapshotId()).build());
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
        exec(AwsOperations.RDS_DELETE_INSTANCE, region, "DB instance '" + instanceId + "'",
                () -> rds.deleteDBInstance(r -> {
                    r.dbInstanceIdentifier(instanceId).skipFinalSnapshot(skipFinalSnapshot);
                    if (!skipFinalSnapshot) {
                        r.finalDBSnapshotIdentifier(instanceId + "-final");
                    }
                }));
        log.info("started deletion of DB instance {} in {} (final snapshot: {})", instanceId, region,
                !skipFinalSnapshot);
    }

    @Override
    public void deleteSnapshot(Region region, String snapshotId) {
        RdsClient rds = clients.rds(region);
        exec(AwsOperations.RDS_DELETE_SNAPSHOT, region, "DB snapshot '" + snapshotId + "'",
                () -> rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(snapshotId)));
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

    @Override
    public String toString() {
        return "RdsDatabaseProvider[" + clients + "]";
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
