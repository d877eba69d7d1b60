package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider.AutomatedBackup;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DatabaseProvider.PointInTimeRestore;
import io.drplan.core.spi.DatabaseProvider.DbRestore;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotCopy;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeDatabasesTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);
    private final FakeDatabases db = cloud.databases();
    private Instant t0;

    @BeforeEach
    void seed() {
        t0 = time.now();
        db.addInstance(EAST, "orders", b -> b.multiAz(true).availabilityZone("us-east-1a")
                .secondaryAvailabilityZone("us-east-1b"));
        db.addInstance(EAST, "single");
        db.addSubnetGroup(WEST, "subnets-dr").addSecurityGroup(WEST, "sg-dr");
        // copies in the DR region are manual snapshots; automated ones exist only in the instance's region
        db.addSnapshot(WEST, "orders", "snap-old", SnapshotType.MANUAL, t0.minus(Duration.ofHours(2)));
        db.addSnapshot(WEST, "orders", "snap-new", SnapshotType.MANUAL, t0.minus(Duration.ofHours(1)));
        db.addSnapshot(EAST, "orders", "rds:orders-old", SnapshotType.AUTOMATED, t0.minus(Duration.ofHours(26)));
        db.addSnapshot(EAST, "orders", "rds:orders-new", SnapshotType.AUTOMATED, t0.minus(Duration.ofHours(2)));
        db.addSnapshot(EAST, "orders", "snap-manual", SnapshotType.MANUAL, t0.minus(Duration.ofDays(3)));
    }

    private static DbRestore restore(String snapshot, String id, String subnetGroup) {
        return new DbRestore(WEST, snapshot, id, subnetGroup, List.of("sg-dr"), null, false);
    }

    @Test
    void restoreFromSnapshot_movesCreatingBackingUpAvailable_withEndpoint() {
        DbInstance started = db.restoreFromSnapshot(restore("snap-new", "orders-dr", "subnets-dr"));

        assertThat(started.status()).isEqualTo("creating");
        assertThat(started.endpoint()).isNull();
        time.advance(Duration.ofMinutes(20).minusSeconds(1));
        assertThat(status(WEST, "orders-dr")).isEqualTo("creating");
        time.advance(Duration.ofSeconds(1));
        assertThat(status(WEST, "orders-dr")).isEqualTo("backing-up");
        time.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(status(WEST, "orders-dr")).isEqualTo("backing-up");
        time.advance(Duration.ofSeconds(1));
        DbInstance done = db.findInstance(WEST, "orders-dr").orElseThrow();
        assertThat(done.isAvailable()).isTrue();
        assertThat(done.endpoint()).matches("orders-dr\\.[a-z0-9]{6}\\.us-west-2\\.rds\\.amazonaws\\.com");
        assertThat(done.port()).isEqualTo(5432);
        assertThat(done.engine()).isEqualTo("postgres");
        assertThat(done.instanceClass()).isEqualTo("db.t4g.medium");
        assertThat(done.availabilityZone()).isEqualTo("us-west-2a");
    }

    @Test
    void restoreFromSnapshot_customTiming_splitsFourFifthsCreating() {
        VirtualScheduler t = VirtualScheduler.create();
        FakeCloud c = FakeCloud.builder(t).timings(x -> x.dbRestore(Duration.ofMinutes(30))).build();
        c.databases().addSnapshot(WEST, "orders", "s", SnapshotType.MANUAL, t.now());

        c.databases().restoreFromSnapshot(new DbRestore(WEST, "s", "r", null, List.of(), null, false));
        t.advance(Duration.ofMinutes(24));
        assertThat(c.databases().instance(WEST, "r").orElseThrow().status()).isEqualTo("backing-up");
        t.advance(Duration.ofMinutes(6));
        assertThat(c.databases().instance(WEST, "r").orElseThrow().status()).isEqualTo("available");
    }

    @Test
    void restoreFromSnapshot_existingInstance_conflict() {
        db.addInstance(WEST, "orders-dr");

        assertFails(() -> db.restoreFromSnapshot(restore("snap-new", "orders-dr", "subnets-dr")), Reason.CONFLICT,
                "DB instance 'orders-dr' already exists in us-west-2; restore under another identifier or delete it first");
    }

    @Test
    void restoreFromSnapshot_unknownSnapshot_notFound() {
        assertFails(() -> db.restoreFromSnapshot(restore("nope", "orders-dr", "subnets-dr")), Reason.NOT_FOUND,
                "DB snapshot 'nope' not found in us-west-2; restore from a snapshot listed in us-west-2 or copy one there first");
    }

    @Test
    void restoreFromSnapshot_subnetGroupOfAnotherRegion_invalidRequest() {
        db.addSubnetGroup(EAST, "subnets-east");

        assertFails(() -> db.restoreFromSnapshot(restore("snap-new", "orders-dr", "subnets-east")), Reason.INVALID_REQUEST,
                "DB subnet group 'subnets-east' does not exist in us-west-2; name a subnet group of us-west-2 (they are per region)");
    }

    @Test
    void restoreFromSnapshot_unknownSecurityGroup_invalidRequest() {
        assertFails(() -> db.restoreFromSnapshot(new DbRestore(WEST, "snap-new", "x", "subnets-dr", List.of("sg-x"),
                null, false)), Reason.INVALID_REQUEST,
                "security group 'sg-x' does not exist in us-west-2; name a security group of us-west-2");
    }

    @Test
    void listSnapshots_newestFirst_filteredByType() {
        assertThat(db.listSnapshots(EAST, "orders", SnapshotType.AUTOMATED)).extracting(DbSnapshot::id)
                .containsExactly("rds:orders-new", "rds:orders-old");
        assertThat(db.listSnapshots(EAST, "orders", SnapshotType.ANY)).extracting(DbSnapshot::id)
                .containsExactly("rds:orders-new", "rds:orders-old", "snap-manual");
        assertThat(db.listSnapshots(EAST, "orders", SnapshotType.MANUAL)).extracting(DbSnapshot::id)
                .containsExactly("snap-manual");
        assertThat(db.listSnapshots(WEST, "orders", SnapshotType.AUTOMATED)).isEmpty();
        DbSnapshot newest = db.listSnapshots(WEST, "orders", SnapshotType.ANY).get(0);
        assertThat(newest.age(time.now())).isEqualTo(Duration.ofHours(1));
        assertThat(newest.arn()).isEqualTo("arn:aws:rds:us-west-2:123456789012:snapshot:snap-new");
    }

    @Test
    void rebootWithFailover_swapsAzsAfterTwoMinutes() {
        DbInstance rebooting = db.rebootWithFailover(EAST, "orders");

        assertThat(rebooting.status()).isEqualTo("rebooting");
        time.advance(Duration.ofMinutes(2));
        DbInstance after = db.findInstance(EAST, "orders").orElseThrow();
        assertThat(after.status()).isEqualTo("available");
        assertThat(after.availabilityZone()).isEqualTo("us-east-1b");
        assertThat(after.secondaryAvailabilityZone()).isEqualTo("us-east-1a");
    }

    @Test
    void rebootWithFailover_notMultiAz_invalidRequest() {
        assertFails(() -> db.rebootWithFailover(EAST, "single"), Reason.INVALID_REQUEST,
                "DB instance 'single' is not Multi-AZ, so it has no standby to fail over to;"
                        + " reboot it without failover or convert it to Multi-AZ first");
    }

    @Test
    void rebootWithFailover_whileRebooting_invalidRequest() {
        db.rebootWithFailover(EAST, "orders");

        assertFails(() -> db.rebootWithFailover(EAST, "orders"), Reason.INVALID_REQUEST,
                "DB instance 'orders' is rebooting, not available; wait until it is available before forcing a failover");
    }

    @Test
    void createSnapshot_creatingThenAvailable() {
        DbSnapshot s = db.createSnapshot(EAST, "orders", "manual-1");

        assertThat(s.status()).isEqualTo("creating");
        assertThat(s.type()).isEqualTo(SnapshotType.MANUAL);
        time.advance(Duration.ofMinutes(10));
        assertThat(db.findSnapshot(EAST, "manual-1").orElseThrow().isAvailable()).isTrue();
    }

    @Test
    void copySnapshot_keepsTheSourceTimeAndTakesFifteenMinutes() {
        db.addSnapshot(EAST, "orders", "manual-east", SnapshotType.MANUAL, t0.minus(Duration.ofMinutes(5)));

        DbSnapshot copy = db.copySnapshot(new SnapshotCopy(EAST, "manual-east", null, WEST, "manual-east-dr", null));

        assertThat(copy.status()).isEqualTo("creating");
        assertThat(copy.createdAt()).isEqualTo(t0.minus(Duration.ofMinutes(5)));
        time.advance(Duration.ofMinutes(15));
        assertThat(db.findSnapshot(WEST, "manual-east-dr").orElseThrow().isAvailable()).isTrue();
        assertThat(cloud.calls()).extracting(FakeCloud.Call::endpoint).containsExactly("rds/us-west-2", "rds/us-west-2");
    }

    @Test
    void copySnapshot_sourceRegionDown_unavailable() {
        db.addSnapshot(EAST, "orders", "manual-east", SnapshotType.MANUAL, t0);
        cloud.region(EAST).goDown();

        assertFails(() -> db.copySnapshot(new SnapshotCopy(EAST, "manual-east", null, WEST, "x", null)),
                Reason.UNAVAILABLE, "cannot copy DB snapshot 'manual-east': its source region us-east-1 is down;"
                        + " copy a snapshot that is already in another region");
    }

    @Test
    void promoteReadReplica_modifyingThenStandalone() {
        db.addInstance(WEST, "orders-replica", b -> b.readReplicaOf("orders"));

        assertThat(db.promoteReadReplica(WEST, "orders-replica").status()).isEqualTo("modifying");
        time.advance(Duration.ofMinutes(5));

        assertThat(status(WEST, "orders-replica")).isEqualTo("available");
        assertFails(() -> db.promoteReadReplica(WEST, "orders-replica"), Reason.INVALID_REQUEST,
                "DB instance 'orders-replica' is not a read replica; promote the replica of the instance instead");
    }

    @Test
    void deleteInstance_deletingThenGone_withItsFinalSnapshot() {
        db.deleteInstance(EAST, "single", "single-final");

        assertThat(status(EAST, "single")).isEqualTo("deleting");
        assertThat(db.snapshot(EAST, "single-final").orElseThrow().status()).isEqualTo("creating");
        time.advance(Duration.ofMinutes(5));
        assertThat(db.findInstance(EAST, "single")).isEmpty();
        DbSnapshot last = db.snapshot(EAST, "single-final").orElseThrow();
        assertThat(last.status()).isEqualTo("available");
        assertThat(last.instanceId()).isEqualTo("single");
        assertThat(last.type()).isEqualTo(SnapshotType.MANUAL);
    }

    @Test
    void deleteInstance_withoutAFinalSnapshotId_isRefused() {
        assertFails(() -> db.deleteInstance(EAST, "single", " "), Reason.INVALID_REQUEST,
                "FinalDBSnapshotIdentifier is required when SkipFinalSnapshot is false; name the final snapshot of"
                        + " 'single'");
        assertThat(status(EAST, "single")).isEqualTo("available");
    }

    @Test
    void deleteInstance_duringRestore_restoreNeverCompletes() {
        db.restoreFromSnapshot(restore("snap-new", "orders-dr", "subnets-dr"));
        db.deleteInstance(WEST, "orders-dr", "orders-dr-final");

        time.advance(Duration.ofMinutes(30));

        assertThat(db.findInstance(WEST, "orders-dr")).isEmpty();
    }

    @Test
    void deleteSnapshot_automated_invalidRequest() {
        assertFails(() -> db.deleteSnapshot(EAST, "rds:orders-new"), Reason.INVALID_REQUEST,
                "DB snapshot 'rds:orders-new' is automated and cannot be deleted; only manual snapshots can");
        db.deleteSnapshot(EAST, "snap-manual");
        assertThat(db.findSnapshot(EAST, "snap-manual")).isEmpty();
    }

    @Test
    void addSnapshot_automatedInAnotherRegionThanItsInstance_isRefused() {
        assertThatThrownBy(() -> db.addSnapshot(WEST, "orders", "rds:orders-x", SnapshotType.AUTOMATED, t0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("automated snapshots of 'orders' exist only in its region us-east-1, not in us-west-2 (as"
                        + " on AWS); seed a manual copy, or replicate its automated backups with"
                        + " replicateAutomatedBackups(..)");
    }

    @Test
    void replicatedBackups_trailThePrimaryByTheLag_andStopWhenItsRegionGoesDown() {
        assertThat(db.listAutomatedBackups(WEST, "orders")).isEmpty();
        AutomatedBackup seeded = db.replicateAutomatedBackups(EAST, "orders", WEST, 7, t0.minus(Duration.ofDays(30)));

        AutomatedBackup b = db.listAutomatedBackups(WEST, "orders").get(0);
        assertThat(b).isEqualTo(seeded);
        assertThat(b.arn()).isEqualTo("arn:aws:rds:us-west-2:123456789012:auto-backup:ab-orders-us-east-1");
        assertThat(b.status()).isEqualTo("replicating");
        assertThat(b.sourceRegion()).isEqualTo(EAST);
        assertThat(b.retentionDays()).isEqualTo(7);
        assertThat(b.latestRestorableTime()).isEqualTo(t0.minus(FakeDatabases.BACKUP_REPLICATION_LAG));
        assertThat(b.earliestRestorableTime()).isEqualTo(t0.minus(Duration.ofDays(7)));
        assertThat(db.listAutomatedBackups(EAST, "orders")).isEmpty();

        time.advance(Duration.ofHours(1));
        assertThat(db.listAutomatedBackups(WEST, "orders").get(0).latestRestorableTime())
                .isEqualTo(t0.plus(Duration.ofHours(1)).minus(FakeDatabases.BACKUP_REPLICATION_LAG));
        cloud.region(EAST).goDown();
        time.advance(Duration.ofHours(2));
        assertThat(db.listAutomatedBackups(WEST, "orders").get(0).age(time.now()))
                .isEqualTo(Duration.ofHours(2).plus(FakeDatabases.BACKUP_REPLICATION_LAG));
    }

    @Test
    void restoreToPointInTime_fromReplicatedBackups_restoresAnInstanceTagged_outsideTheWindowIsRefused() {
        AutomatedBackup b = db.replicateAutomatedBackups(EAST, "orders", WEST, 7, t0.minus(Duration.ofDays(30)));
        PointInTimeRestore tooNew = new PointInTimeRestore(WEST, b.arn(), t0, "orders-dr", "subnets-dr",
                List.of("sg-dr"), null, false, java.util.Map.of());
        assertFails(() -> db.restoreToPointInTime(tooNew), Reason.INVALID_REQUEST, "restore time " + t0
                + " is outside the restorable window " + b.earliestRestorableTime() + " to " + b.latestRestorableTime()
                + " of '" + b.arn() + "'");

        DbInstance started = db.restoreToPointInTime(new PointInTimeRestore(WEST, b.arn(), b.latestRestorableTime(),
                "orders-dr", "subnets-dr", List.of("sg-dr"), null, false, java.util.Map.of("drplan:execution", "e1")));
        assertThat(started.status()).isEqualTo("creating");
        assertThat(started.tags()).containsEntry("drplan:execution", "e1");
        time.advance(Duration.ofMinutes(25));
        assertThat(status(WEST, "orders-dr")).isEqualTo("available");
        assertFails(() -> db.restoreToPointInTime(new PointInTimeRestore(WEST, "arn:nope", null, "x", "subnets-dr",
                List.of(), null, false, java.util.Map.of())), Reason.NOT_FOUND, "automated backups 'arn:nope' not found"
                + " in us-west-2; list them with DescribeDBInstanceAutomatedBackups in us-west-2");
    }

    @Test
    void listReadReplicas_findsTheReplicasOfAnInstanceInARegion() {
        db.addInstance(WEST, "orders-replica-west", s -> s.readReplicaOf("arn:aws:rds:us-east-1:123456789012:db:orders"));

        assertThat(db.listReadReplicas(WEST, "orders")).extracting(DbInstance::id).contains("orders-replica-west");
        assertThat(db.listReadReplicas(WEST, "single")).isEmpty();
        assertThat(db.listReadReplicas(WEST, "orders").get(0).replicaSourceId())
                .isEqualTo("arn:aws:rds:us-east-1:123456789012:db:orders");
    }

    @Test
    void findInstance_unknown_isEmpty() {
        assertThat(db.findInstance(EAST, "nope")).isEmpty();
    }

    @Test
    void setStatus_failedPrimary_blocksSnapshotsUntilRecovered() {
        db.setStatus(EAST, "orders", "failed");

        assertThat(status(EAST, "orders")).isEqualTo("failed");
        assertFails(() -> db.createSnapshot(EAST, "orders", "s"), Reason.INVALID_REQUEST,
                "DB instance 'orders' is failed, not available; wait until it is available");
        db.setStatus(EAST, "orders", "available");
        assertThat(db.createSnapshot(EAST, "orders", "s").status()).isEqualTo("creating");
    }

    @Test
    void copySnapshot_encryptedWithoutKey_invalidRequest_withKey_keepsEncryption() {
        db.addSnapshot(EAST, "orders", "enc", SnapshotType.MANUAL, t0);
        db.encryptSnapshot(EAST, "enc", "arn:aws:kms:us-east-1:123456789012:key/east");

        assertFails(() -> db.copySnapshot(new SnapshotCopy(EAST, "enc", null, WEST, "enc-dr", null)),
                Reason.INVALID_REQUEST, "DB snapshot 'enc' is encrypted; give a KMS key of us-west-2 (kmsKeyId) to copy it there");
        DbSnapshot copy = db.copySnapshot(new SnapshotCopy(EAST, "enc", null, WEST, "enc-dr",
                "arn:aws:kms:us-west-2:123456789012:key/west"));
        assertThat(copy.encrypted()).isTrue();
        assertThat(copy.kmsKeyId()).isEqualTo("arn:aws:kms:us-west-2:123456789012:key/west");
    }

    @Test
    void availabilityZoneFailure_multiAzFailsOver_singleAzFails() {
        cloud.region(EAST).failAvailabilityZone("us-east-1a");
        time.advance(Duration.ofMinutes(2));

        assertThat(db.findInstance(EAST, "orders").orElseThrow().availabilityZone()).isEqualTo("us-east-1b");
        assertThat(status(EAST, "orders")).isEqualTo("available");
        assertThat(status(EAST, "single")).isEqualTo("failed");
    }

    private String status(Region region, String id) {
        return db.findInstance(region, id).orElseThrow().status();
    }

    private static void assertFails(ThrowingCallable call, Reason reason, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.reason()).isEqualTo(reason)).hasMessage(message);
    }
}
