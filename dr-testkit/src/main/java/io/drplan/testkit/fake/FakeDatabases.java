package io.drplan.testkit.fake;

import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.spi.ProviderException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A fake of RDS: instances, snapshots, subnet groups and security groups per region, with status
 * transitions on the scheduler ({@code creating} → {@code backing-up} → {@code available} for a
 * restore, {@code rebooting} with an AZ swap for a forced failover, and so on; see
 * {@link io.drplan.testkit.FakeCloud.Timings}).
 *
 * <pre>{@code
 * Region east = Region.of("us-east-1");
 * cloud.databases().addSubnetGroup(east, "db-subnets");
 * cloud.databases().addInstance(east, "orders", b -> b.multiAz(true)
 *     .availabilityZone("us-east-1a").secondaryAvailabilityZone("us-east-1b"));
 * cloud.databases().addSnapshot(east, "orders", "orders-snap-1", SnapshotType.AUTOMATED, time.now().minusSeconds(600));
 * }</pre>
 *
 * A restore needs its subnet group and security groups to exist in the target region: seed them
 * with {@link #addSubnetGroup} and {@link #addSecurityGroup}.
 *
 * <p>As on AWS: automated snapshots stay in their instance's region; a snapshot appears in another
 * region only when copied there; automated backups reach another region only through replication
 * ({@link #replicateAutomatedBackups}), as a replicated-backup object whose latest restorable time
 * trails the primary by {@link #BACKUP_REPLICATION_LAG} (and stops where it was when the source
 * region went down). Deleting an instance always takes its final snapshot.
 */
public final class FakeDatabases implements DatabaseProvider {
    private static final String SERVICE = "rds";
    /** How far a replicated automated backup's latest restorable time trails the source instance. */
    public static final Duration BACKUP_REPLICATION_LAG = Duration.ofMinutes(5);

    private final Simulation sim;
    private final Map<Region, Map<String, Instance>> instances = new HashMap<>();
    private final Map<Region, Map<String, Snapshot>> snapshots = new HashMap<>();
    private final Map<Region, Set<String>> subnetGroups = new HashMap<>();
    private final Map<Region, Set<String>> securityGroups = new HashMap<>();
    private final Map<Region, String> endpointSuffixes = new HashMap<>();
    private final Map<Region, Map<String, ReplicatedBackup>> backups = new HashMap<>();

    FakeDatabases(Simulation sim) {
        this.sim = sim;
    }

    // ---------------------------------------------------------------- seeding

    /**
     * Adds an instance in its final state (default: {@code available}, single-AZ in the region's
     * {@code a} zone, postgres, db.t4g.medium, port 5432, endpoint {@code <id>.<suffix>.<region>.rds.amazonaws.com}).
     */
    public DbInstance addInstance(Region region, String instanceId, Consumer<InstanceSpec> spec) {
        Objects.requireNonNull(instanceId, "instanceId");
        InstanceSpec s = new InstanceSpec(region);
        spec.accept(s);
        if (instancesIn(region).containsKey(instanceId)) {
            throw new IllegalArgumentException("DB instance '" + instanceId + "' already exists in " + region);
        }
        Instance i = new Instance(instanceId, region);
        i.status = s.status;
        i.multiAz = s.multiAz;
        i.az = s.availabilityZone;
        i.secondaryAz = s.multiAz ? (s.secondaryAvailabilityZone != null ? s.secondaryAvailabilityZone
                : region.code() + "b") : null;
        i.engine = s.engine;
        i.instanceClass = s.instanceClass;
        i.port = s.port;
        i.replicaOf = s.readReplicaOf;
        i.replicaLag = s.replicaLag;
        i.tags.putAll(s.tags);
        i.endpoint = s.endpoint != null ? s.endpoint : endpointFor(region, instanceId);
        instancesIn(region).put(instanceId, i);
        return i.view();
    }

    /** Adds an available instance with the defaults of {@link #addInstance(Region, String, Consumer)}. */
    public DbInstance addInstance(Region region, String instanceId) {
        return addInstance(region, instanceId, s -> { });
    }

    /** Adds an {@code available}, unencrypted snapshot of {@code instanceId} taken at {@code createdAt}. */
    public DbSnapshot addSnapshot(Region region, String instanceId, String snapshotId, SnapshotType type,
                                  Instant createdAt) {
        if (type == SnapshotType.ANY) {
            throw new IllegalArgumentException("snapshot type must be AUTOMATED or MANUAL but was ANY");
        }
        if (snapshotsIn(region).containsKey(snapshotId)) {
            throw new IllegalArgumentException("DB snapshot '" + snapshotId + "' already exists in " + region);
        }
        Instance owner = findAnywhere(instanceId);
        if (type == SnapshotType.AUTOMATED && owner != null && !owner.region.equals(region)) {
            throw new IllegalArgumentException("automated snapshots of '" + instanceId + "' exist only in its region "
                    + owner.region + ", not in " + region + " (as on AWS); seed a manual copy, or replicate its"
                    + " automated backups with replicateAutomatedBackups(..)");
        }
        Snapshot s = new Snapshot(snapshotId, region, instanceId, type, Objects.requireNonNull(createdAt, "createdAt"));
        s.status = "available";
        snapshotsIn(region).put(snapshotId, s);
        return s.view();
    }

    /** Marks a seeded snapshot as encrypted with {@code kmsKeyId}: copying it to another region then needs a key there. */
    public FakeDatabases encryptSnapshot(Region region, String snapshotId, String kmsKeyId) {
        Snapshot s = snapshotsIn(region).get(snapshotId);
        if (s == null) {
            throw new IllegalArgumentException("no DB snapshot '" + snapshotId + "' in " + region);
        }
        s.encrypted = true;
        s.kmsKeyId = Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        return this;
    }

    /** Adds a DB subnet group, which restores into {@code region} may name. */
    public FakeDatabases addSubnetGroup(Region region, String name) {
        subnetGroups.computeIfAbsent(region, r -> new HashSet<>()).add(name);
        return this;
    }

    /** Adds a VPC security group, which restores into {@code region} may name. */
    public FakeDatabases addSecurityGroup(Region region, String groupId) {
        securityGroups.computeIfAbsent(region, r -> new HashSet<>()).add(groupId);
        return this;
    }

    /**
     * Turns on automated backups replication of {@code instanceId} (in {@code source}) to
     * {@code destination}, as {@code StartDBInstanceAutomatedBackupsReplication} does, with its
     * backups restorable from {@code since} (at most {@code retentionDays} back). The replicated backup's
     * latest restorable time is {@link #BACKUP_REPLICATION_LAG} behind the source while the source region
     * is up, and stays where it was when it went down.
     */
    public AutomatedBackup replicateAutomatedBackups(Region source, String instanceId, Region destination,
                                                     int retentionDays, Instant since) {
        Instance i = instancesIn(source).get(instanceId);
        if (i == null) {
            throw new IllegalArgumentException("no DB instance '" + instanceId + "' in " + source);
        }
        if (source.equals(destination)) {
            throw new IllegalArgumentException("automated backups replicate to another region, not to " + source);
        }
        if (retentionDays < 1 || retentionDays > 35) {
            throw new IllegalArgumentException("retentionDays must be 1 to 35 but was " + retentionDays);
        }
        ReplicatedBackup b = new ReplicatedBackup(source, instanceId, destination, retentionDays,
                Objects.requireNonNull(since, "since"));
        backupsIn(destination).put(instanceId, b);
        return b.view();
    }

    /** Stops automated backups replication: the replicated backup is deleted, as on AWS. */
    public FakeDatabases stopAutomatedBackupsReplication(Region destination, String instanceId) {
        backupsIn(destination).remove(instanceId);
        return this;
    }

    /**
     * Puts an instance in any status at once, e.g. {@code failed} or {@code storage-full} for the
     * runbook's "primary database instance becomes unavailable"; it stays there until changed.
     */
    public FakeDatabases setStatus(Region region, String instanceId, String status) {
        Instance i = instancesIn(region).get(instanceId);
        if (i == null) {
            throw new IllegalArgumentException("no DB instance '" + instanceId + "' in " + region);
        }
        i.status = Objects.requireNonNull(status, "status");
        return this;
    }

    // ---------------------------------------------------------------- inspection (no call recorded)

    /** The instance as it is now, without recording a call or applying faults. */
    public Optional<DbInstance> instance(Region region, String instanceId) {
        return Optional.ofNullable(instancesIn(region).get(instanceId)).map(Instance::view);
    }

    /** Every instance of {@code region}, by id, without recording a call. */
    public List<DbInstance> instances(Region region) {
        return instancesIn(region).values().stream().map(Instance::view)
                .sorted(Comparator.comparing(DbInstance::id)).toList();
    }

    /** The snapshot as it is now, without recording a call. */
    public Optional<DbSnapshot> snapshot(Region region, String snapshotId) {
        return Optional.ofNullable(snapshotsIn(region).get(snapshotId)).map(Snapshot::view);
    }

    // ---------------------------------------------------------------- SPI

    @Override
    public Optional<DbInstance> findInstance(Region region, String instanceId) {
        return sim.call("rds:DescribeDBInstances", endpoint(region), region, () -> instance(region, instanceId));
    }

    @Override
    public Optional<DbSnapshot> findSnapshot(Region region, String snapshotId) {
        return sim.call("rds:DescribeDBSnapshots", endpoint(region), region, () -> snapshot(region, snapshotId));
    }

    @Override
    public List<DbSnapshot> listSnapshots(Region region, String instanceId, SnapshotType type) {
        return sim.call("rds:DescribeDBSnapshots", endpoint(region), region, () -> snapshotsIn(region).values().stream()
                .filter(s -> s.instanceId.equals(instanceId))
                .filter(s -> type == SnapshotType.ANY || s.type == type)
                .sorted(Comparator.comparing((Snapshot s) -> s.createdAt).reversed().thenComparing(s -> s.id))
                .map(Snapshot::view)
                .toList());
    }

    @Override
    public DbSnapshot createSnapshot(Region region, String instanceId, String snapshotId, Map<String, String> tags) {
        String op = "rds:CreateDBSnapshot";
        return sim.call(op, endpoint(region), region, () -> {
            Instance i = requireInstance(op, region, instanceId);
            requireStatus(op, i, "available", "wait until it is available");
            if (snapshotsIn(region).containsKey(snapshotId)) {
                throw Simulation.error(Reason.CONFLICT, op, endpoint(region), "DB snapshot '" + snapshotId
                        + "' already exists in " + region + "; choose another snapshot identifier");
            }
            Snapshot s = new Snapshot(snapshotId, region, instanceId, SnapshotType.MANUAL, sim.now());
            s.tags.putAll(tags);
            snapshotsIn(region).put(snapshotId, s);
            sim.after(sim.timings().dbSnapshotCreate(), () -> s.status = "available");
            return s.view();
        });
    }

    @Override
    public DbSnapshot copySnapshot(SnapshotCopy copy) {
        String op = "rds:CopyDBSnapshot";
        Region target = copy.targetRegion();
        String endpoint = endpoint(target);
        return sim.call(op, endpoint, target, () -> {
            if (!sim.isUp(copy.sourceRegion())) {
                throw Simulation.error(Reason.UNAVAILABLE, op, endpoint, "cannot copy DB snapshot '"
                        + copy.sourceSnapshotId() + "': its source region " + copy.sourceRegion()
                        + " is down; copy a snapshot that is already in another region");
            }
            Snapshot source = snapshotsIn(copy.sourceRegion()).get(copy.sourceSnapshotId());
            if (source == null) {
                throw Simulation.error(Reason.NOT_FOUND, op, endpoint, "DB snapshot '" + copy.sourceSnapshotId()
                        + "' not found in " + copy.sourceRegion() + "; list the snapshots of the source region");
            }
            if (!"available".equals(source.status)) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "DB snapshot '" + source.id
                        + "' is " + source.status + ", not available; wait until it is available before copying it");
            }
            if (source.encrypted && copy.kmsKeyId() == null) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "DB snapshot '" + source.id
                        + "' is encrypted; give a KMS key of " + target + " (kmsKeyId) to copy it there");
            }
            if (snapshotsIn(target).containsKey(copy.targetSnapshotId())) {
                throw Simulation.error(Reason.CONFLICT, op, endpoint, "DB snapshot '" + copy.targetSnapshotId()
                        + "' already exists in " + target + "; choose another target snapshot identifier");
            }
            // A copy keeps the original's snapshot time: the data is as old as the source's.
            Snapshot s = new Snapshot(copy.targetSnapshotId(), target, source.instanceId, SnapshotType.MANUAL,
                    source.createdAt);
            s.encrypted = source.encrypted;
            s.kmsKeyId = copy.kmsKeyId();
            s.tags.putAll(copy.tags().isEmpty() ? source.tags : copy.tags());
            snapshotsIn(target).put(s.id, s);
            sim.after(sim.timings().dbSnapshotCopy(), () -> s.status = "available");
            return s.view();
        });
    }

    @Override
    public DbInstance restoreFromSnapshot(DbRestore restore) {
        String op = "rds:RestoreDBInstanceFromDBSnapshot";
        Region region = restore.region();
        String endpoint = endpoint(region);
        return sim.call(op, endpoint, region, () -> {
            Snapshot snap = snapshotsIn(region).get(restore.snapshotId());
            if (snap == null) {
                throw Simulation.error(Reason.NOT_FOUND, op, endpoint, "DB snapshot '" + restore.snapshotId()
                        + "' not found in " + region + "; restore from a snapshot listed in " + region
                        + " or copy one there first");
            }
            if (!"available".equals(snap.status)) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "DB snapshot '" + snap.id + "' is "
                        + snap.status + ", not available; wait until it is available before restoring it");
            }
            checkNewInstance(op, region, restore.instanceId(), restore.subnetGroup(), restore.securityGroupIds());
            Instance i = newInstance(region, restore.instanceId(), findAnywhere(snap.instanceId), restore.multiAz(),
                    restore.instanceClass(), restore.tags());
            i.dataAsOf = snap.createdAt;
            return i.view();
        });
    }

    @Override
    public List<AutomatedBackup> listAutomatedBackups(Region region, String sourceInstanceId) {
        return sim.call("rds:DescribeDBInstanceAutomatedBackups", endpoint(region), region, () ->
                Optional.ofNullable(backupsIn(region).get(sourceInstanceId)).map(ReplicatedBackup::view).stream().toList());
    }

    @Override
    public DbInstance restoreToPointInTime(PointInTimeRestore restore) {
        String op = "rds:RestoreDBInstanceToPointInTime";
        Region region = restore.region();
        String endpoint = endpoint(region);
        return sim.call(op, endpoint, region, () -> {
            ReplicatedBackup b = backupsIn(region).values().stream()
                    .filter(x -> x.arn().equals(restore.automatedBackupArn())).findFirst()
                    .orElseThrow(() -> Simulation.error(Reason.NOT_FOUND, op, endpoint, "automated backups '"
                            + restore.automatedBackupArn() + "' not found in " + region
                            + "; list them with DescribeDBInstanceAutomatedBackups in " + region));
            AutomatedBackup v = b.view();
            if (restore.restoreTime() != null && (restore.restoreTime().isBefore(v.earliestRestorableTime())
                    || restore.restoreTime().isAfter(v.latestRestorableTime()))) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "restore time " + restore.restoreTime()
                        + " is outside the restorable window " + v.earliestRestorableTime() + " to "
                        + v.latestRestorableTime() + " of '" + restore.automatedBackupArn() + "'");
            }
            checkNewInstance(op, region, restore.instanceId(), restore.subnetGroup(), restore.securityGroupIds());
            Instance i = newInstance(region, restore.instanceId(), findAnywhere(b.instanceId), restore.multiAz(),
                    restore.instanceClass(), restore.tags());
            i.dataAsOf = restore.restoreTime() != null ? restore.restoreTime() : v.latestRestorableTime();
            return i.view();
        });
    }

    @Override
    public List<DbInstance> listReadReplicas(Region region, String sourceInstanceId) {
        return sim.call("rds:DescribeDBInstances", endpoint(region), region, () -> instancesIn(region).values().stream()
                .filter(i -> i.replicaOf != null && (i.replicaOf.equals(sourceInstanceId)
                        || i.replicaOf.endsWith(":db:" + sourceInstanceId)))
                .map(Instance::view)
                .sorted(Comparator.comparing(DbInstance::id))
                .toList());
    }

    private void checkNewInstance(String op, Region region, String instanceId, String subnetGroup,
                                  List<String> securityGroupIds) {
        String endpoint = endpoint(region);
        if (instancesIn(region).containsKey(instanceId)) {
            throw Simulation.error(Reason.CONFLICT, op, endpoint, "DB instance '" + instanceId
                    + "' already exists in " + region + "; restore under another identifier or delete it first");
        }
        if (subnetGroup != null && !subnetGroups.getOrDefault(region, Set.of()).contains(subnetGroup)) {
            throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "DB subnet group '"
                    + subnetGroup + "' does not exist in " + region
                    + "; name a subnet group of " + region + " (they are per region)");
        }
        for (String sg : securityGroupIds) {
            if (!securityGroups.getOrDefault(region, Set.of()).contains(sg)) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "security group '" + sg
                        + "' does not exist in " + region + "; name a security group of " + region);
            }
        }
    }

    /** A restored instance: {@code creating}, {@code backing-up}, then {@code available} with its endpoint. */
    private Instance newInstance(Region region, String instanceId, Instance source, boolean multiAz,
                                 String instanceClass, Map<String, String> tags) {
        Instance i = new Instance(instanceId, region);
        i.status = "creating";
        i.multiAz = multiAz;
        i.az = region.code() + "a";
        i.secondaryAz = multiAz ? region.code() + "b" : null;
        i.engine = source != null ? source.engine : "postgres";
        i.instanceClass = instanceClass != null ? instanceClass
                : source != null ? source.instanceClass : "db.t4g.medium";
        i.port = source != null ? source.port : 5432;
        i.tags.putAll(tags);
        String host = endpointFor(region, i.id);
        instancesIn(region).put(i.id, i);
        Duration total = sim.timings().dbRestore();
        Duration creating = total.multipliedBy(4).dividedBy(5);
        sim.after(creating, () -> {
            if (isCurrent(i)) {
                i.status = "backing-up";
            }
        });
        sim.after(total, () -> {
            if (isCurrent(i)) {
                i.status = "available";
                i.endpoint = host;
            }
        });
        return i;
    }

    @Override
    public DbInstance rebootWithFailover(Region region, String instanceId) {
        String op = "rds:RebootDBInstance";
        return sim.call(op, endpoint(region), region, () -> {
            Instance i = requireInstance(op, region, instanceId);
            if (!i.multiAz) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint(region), "DB instance '" + instanceId
                        + "' is not Multi-AZ, so it has no standby to fail over to; reboot it without failover"
                        + " or convert it to Multi-AZ first");
            }
            requireStatus(op, i, "available", "wait until it is available before forcing a failover");
            i.status = "rebooting";
            sim.after(sim.timings().dbForcedFailover(), () -> {
                if (isCurrent(i)) {
                    String az = i.az;
                    i.az = i.secondaryAz;
                    i.secondaryAz = az;
                    i.status = "available";
                }
            });
            return i.view();
        });
    }

    @Override
    public DbInstance promoteReadReplica(Region region, String instanceId) {
        String op = "rds:PromoteReadReplica";
        return sim.call(op, endpoint(region), region, () -> {
            Instance i = requireInstance(op, region, instanceId);
            if (i.replicaOf == null) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint(region), "DB instance '" + instanceId
                        + "' is not a read replica; promote the replica of the instance instead");
            }
            requireStatus(op, i, "available", "wait until it is available before promoting it");
            i.status = "modifying";
            sim.after(sim.timings().dbPromoteReplica(), () -> {
                if (isCurrent(i)) {
                    i.replicaOf = null;
                    i.replicaLag = null;
                    i.status = "available";
                }
            });
            return i.view();
        });
    }

    @Override
    public void deleteInstance(Region region, String instanceId, String finalSnapshotId) {
        String op = "rds:DeleteDBInstance";
        sim.run(op, endpoint(region), region, () -> {
            if (finalSnapshotId == null || finalSnapshotId.isBlank()) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint(region), "FinalDBSnapshotIdentifier is"
                        + " required when SkipFinalSnapshot is false; name the final snapshot of '" + instanceId + "'");
            }
            Instance i = requireInstance(op, region, instanceId);
            if ("deleting".equals(i.status)) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint(region), "DB instance '" + instanceId
                        + "' is already being deleted");
            }
            if (snapshotsIn(region).containsKey(finalSnapshotId)) {
                throw Simulation.error(Reason.CONFLICT, op, endpoint(region), "DB snapshot '" + finalSnapshotId
                        + "' already exists in " + region + "; choose another final snapshot identifier");
            }
            // The final snapshot holds the data as it was when the deletion began.
            Snapshot s = new Snapshot(finalSnapshotId, region, i.id, SnapshotType.MANUAL, sim.now());
            s.tags.putAll(i.tags);
            snapshotsIn(region).put(s.id, s);
            i.status = "deleting";
            sim.after(sim.timings().dbDelete(), () -> {
                s.status = "available";
                if (isCurrent(i)) {
                    instancesIn(region).remove(i.id);
                }
            });
        });
    }

    @Override
    public void deleteSnapshot(Region region, String snapshotId) {
        String op = "rds:DeleteDBSnapshot";
        sim.run(op, endpoint(region), region, () -> {
            Snapshot s = snapshotsIn(region).get(snapshotId);
            if (s == null) {
                throw Simulation.error(Reason.NOT_FOUND, op, endpoint(region), "DB snapshot '" + snapshotId
                        + "' not found in " + region);
            }
            if (s.type == SnapshotType.AUTOMATED) {
                throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint(region), "DB snapshot '" + snapshotId
                        + "' is automated and cannot be deleted; only manual snapshots can");
            }
            snapshotsIn(region).remove(snapshotId);
        });
    }

    // ---------------------------------------------------------------- internals

    void availabilityZoneFailed(Region region, String zone) {
        for (Instance i : instancesIn(region).values()) {
            if (!zone.equals(i.az)) {
                continue;
            }
            if (i.multiAz && i.secondaryAz != null && !zone.equals(i.secondaryAz)) {
                i.status = "rebooting";
                sim.after(sim.timings().dbForcedFailover(), () -> {
                    if (isCurrent(i)) {
                        String failed = i.az;
                        i.az = i.secondaryAz;
                        i.secondaryAz = failed;
                        i.status = "available";
                    }
                });
            } else {
                i.status = "failed";
            }
        }
    }

    /** The endpoint host of an {@code available} instance in {@code region}, for the HTTP health route. */
    List<String> availableEndpoints(Region region) {
        List<String> out = new ArrayList<>();
        for (Instance i : instancesIn(region).values()) {
            if ("available".equals(i.status) && i.endpoint != null) {
                out.add(i.endpoint);
            }
        }
        return out;
    }

    static String endpoint(Region region) {
        return SERVICE + "/" + region;
    }

    private String endpointFor(Region region, String instanceId) {
        // RDS host names share one suffix per account and region.
        String suffix = endpointSuffixes.computeIfAbsent(region, r -> sim.randomString(6));
        return instanceId + "." + suffix + "." + region + ".rds.amazonaws.com";
    }

    private boolean isCurrent(Instance i) {
        return instancesIn(i.region).get(i.id) == i;
    }

    private Instance findAnywhere(String instanceId) {
        for (Map<String, Instance> m : instances.values()) {
            Instance i = m.get(instanceId);
            if (i != null) {
                return i;
            }
        }
        return null;
    }

    private Instance requireInstance(String op, Region region, String instanceId) {
        Instance i = instancesIn(region).get(instanceId);
        if (i == null) {
            throw Simulation.error(Reason.NOT_FOUND, op, endpoint(region), "DB instance '" + instanceId
                    + "' not found in " + region + "; check the identifier and the region");
        }
        return i;
    }

    private void requireStatus(String op, Instance i, String status, String fix) {
        if (!status.equals(i.status)) {
            throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint(i.region), "DB instance '" + i.id + "' is "
                    + i.status + ", not " + status + "; " + fix);
        }
    }

    private Map<String, Instance> instancesIn(Region region) {
        return instances.computeIfAbsent(Objects.requireNonNull(region, "region"), r -> new LinkedHashMap<>());
    }

    private Map<String, ReplicatedBackup> backupsIn(Region region) {
        return backups.computeIfAbsent(Objects.requireNonNull(region, "region"), r -> new LinkedHashMap<>());
    }

    private Map<String, Snapshot> snapshotsIn(Region region) {
        return snapshots.computeIfAbsent(Objects.requireNonNull(region, "region"), r -> new LinkedHashMap<>());
    }

    /**
     * The time the data of a restored instance is from (its snapshot's time, or the point in time it
     * was restored to), for fakes that model how far a restored copy lags its source; empty for an
     * instance that was not restored.
     */
    public Optional<Instant> dataAsOf(Region region, String instanceId) {
        return Optional.ofNullable(instancesIn(region).get(instanceId)).map(i -> i.dataAsOf);
    }

    // ---------------------------------------------------------------- backup settings (read by audits)

    private final Map<Region, Map<String, DbBackupSettings>> backupSettings = new HashMap<>();

    /**
     * Sets an instance's automated-backup settings. An instance without them has CreateDBInstance's
     * defaults: 1 day of retention, a {@code 03:00-03:30} window, unencrypted storage.
     */
    public FakeDatabases setBackupSettings(Region region, String instanceId, int retentionDays, String backupWindow,
                                           boolean storageEncrypted) {
        backupSettings.computeIfAbsent(region, r -> new HashMap<>()).put(instanceId,
                new DbBackupSettings(instanceId, retentionDays, backupWindow, storageEncrypted));
        return this;
    }

    @Override
    public DbBackupSettings describeBackupSettings(Region region, String instanceId) {
        return sim.call("rds:DescribeDBInstances", endpoint(region), region, () -> {
            if (instance(region, instanceId).isEmpty()) {
                throw Simulation.error(Reason.NOT_FOUND, "rds:DescribeDBInstances", endpoint(region),
                        "DB instance '" + instanceId + "' not found in " + region + " (DBInstanceNotFound)");
            }
            return backupSettings.getOrDefault(region, Map.of()).getOrDefault(instanceId,
                    new DbBackupSettings(instanceId, 1, "03:00-03:30", false));
        });
    }

    @Override
    public String toString() {
        return "FakeDatabases" + instances.values().stream().flatMap(m -> m.values().stream())
                .map(i -> i.id + "@" + i.region + "=" + i.status).toList();
    }

    /** Settings of a seeded instance. */
    public static final class InstanceSpec {
        private String status = "available";
        private boolean multiAz;
        private String availabilityZone;
        private String secondaryAvailabilityZone;
        private String engine = "postgres";
        private String instanceClass = "db.t4g.medium";
        private int port = 5432;
        private String endpoint;
        private String readReplicaOf;
        private Duration replicaLag;
        private final Map<String, String> tags = new LinkedHashMap<>();

        private InstanceSpec(Region region) {
            this.availabilityZone = region.code() + "a";
        }

        public InstanceSpec status(String status) { this.status = Objects.requireNonNull(status); return this; }

        public InstanceSpec multiAz(boolean multiAz) { this.multiAz = multiAz; return this; }

        public InstanceSpec availabilityZone(String az) { this.availabilityZone = az; return this; }

        /** The standby's AZ (Multi-AZ only; defaults to the region's {@code b} zone). */
        public InstanceSpec secondaryAvailabilityZone(String az) { this.secondaryAvailabilityZone = az; return this; }

        public InstanceSpec engine(String engine) { this.engine = engine; return this; }

        public InstanceSpec instanceClass(String instanceClass) { this.instanceClass = instanceClass; return this; }

        public InstanceSpec port(int port) { this.port = port; return this; }

        /** The endpoint host; generated from the seed unless set. */
        public InstanceSpec endpoint(String host) { this.endpoint = host; return this; }

        /** Makes it a read replica of {@code sourceInstanceId} (so it can be promoted). */
        public InstanceSpec readReplicaOf(String sourceInstanceId) { this.readReplicaOf = sourceInstanceId; return this; }

        /** For a read replica, how far it is behind its source (unknown, as DescribeDBInstances says, unless set). */
        public InstanceSpec replicaLag(Duration lag) { this.replicaLag = lag; return this; }

        /** A tag on the instance (e.g. {@code drplan:execution}, to seed an instance another run created). */
        public InstanceSpec tag(String key, String value) { this.tags.put(key, value); return this; }
    }

    private static final class Instance {
        final String id;
        final Region region;
        String status;
        String endpoint;
        int port;
        String az;
        String secondaryAz;
        boolean multiAz;
        String engine;
        String instanceClass;
        String replicaOf;
        Duration replicaLag;
        /** For a restored instance: the time its data is from (the snapshot's, or the point in time restored). */
        Instant dataAsOf;
        final Map<String, String> tags = new LinkedHashMap<>();

        Instance(String id, Region region) {
            this.id = id;
            this.region = region;
        }

        DbInstance view() {
            return new DbInstance(id, region, status, endpoint, port, az, secondaryAz, multiAz, engine, instanceClass,
                    tags, replicaOf, replicaLag);
        }
    }

    private static final class Snapshot {
        final String id;
        final Region region;
        final String instanceId;
        final SnapshotType type;
        final Instant createdAt;
        String status = "creating";
        boolean encrypted;
        String kmsKeyId;
        final Map<String, String> tags = new LinkedHashMap<>();

        Snapshot(String id, Region region, String instanceId, SnapshotType type, Instant createdAt) {
            this.id = id;
            this.region = region;
            this.instanceId = instanceId;
            this.type = type;
            this.createdAt = createdAt;
        }

        DbSnapshot view() {
            return new DbSnapshot(id, "arn:aws:rds:" + region + ":" + Simulation.ACCOUNT + ":snapshot:" + id,
                    instanceId, region, status, createdAt, type, encrypted, kmsKeyId, tags);
        }
    }

    /** Automated backups of an instance replicated to another region. */
    private final class ReplicatedBackup {
        final Region sourceRegion;
        final String instanceId;
        final Region region;
        final int retentionDays;
        final Instant since;

        ReplicatedBackup(Region sourceRegion, String instanceId, Region region, int retentionDays, Instant since) {
            this.sourceRegion = sourceRegion;
            this.instanceId = instanceId;
            this.region = region;
            this.retentionDays = retentionDays;
            this.since = since;
        }

        String arn() {
            return "arn:aws:rds:" + region + ":" + Simulation.ACCOUNT + ":auto-backup:ab-" + instanceId + "-"
                    + sourceRegion;
        }

        AutomatedBackup view() {
            Instant down = sim.downSince(sourceRegion);
            Instant latest = (down != null ? down : sim.now()).minus(BACKUP_REPLICATION_LAG);
            Instant retained = sim.now().minus(Duration.ofDays(retentionDays));
            Instant earliest = since.isAfter(retained) ? since : retained;
            return new AutomatedBackup(arn(), instanceId, sourceRegion, region, "replicating", earliest,
                    latest.isBefore(earliest) ? earliest : latest, retentionDays);
        }
    }
}
