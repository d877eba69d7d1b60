package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
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
        db.addSnapshot(WEST, "orders", "snap-old", SnapshotType.AUTOMATED, t0.minus(Duration.ofHours(2)));
        db.addSnapshot(WEST, "orders", "snap-new", SnapshotType.AUTOMATED, t0.minus(Duration.ofHours(1)));
        db.addSnapshot(WEST, "orders", "snap-manual", SnapshotType.MANUAL, t0.minus(Duration.ofDays(3)));
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
        assertThat(db.listSnapshots(WEST, "orders", SnapshotType.AUTOMATED)).extracting(DbSnapshot::id)
                .containsExactly("snap-new", "snap-old");
        assertThat(db.listSnapshots(WEST, "orders", SnapshotType.ANY)).extracting(DbSnapshot::id)
                .containsExactly("snap-new", "snap-old", "snap-manual");
        assertThat(db.listSnapshots(WEST, "orders", SnapshotType.MANUAL)).extracting(DbSnapshot::id)
                .containsExactly("snap-manual");
        assertThat(db.listSnapshots(EAST, "orders", SnapshotType.ANY)).isEmpty();
        DbSnapshot newest = db.listSnapshots(WEST, "orders", SnapshotType.AUTOMATED).get(0);
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
    void deleteInstance_deletingThenGone() {
        db.deleteInstance(EAST, "single", true);

        assertThat(status(EAST, "single")).isEqualTo("deleting");
        time.advance(Duration.ofMinutes(5));
        assertThat(db.findInstance(EAST, "single")).isEmpty();
        assertThat(db.snapshot(EAST, "single-final")).isEmpty();
    }

    @Test
    void deleteInstance_duringRestore_restoreNeverCompletes() {
        db.restoreFromSnapshot(restore("snap-new", "orders-dr", "subnets-dr"));
        db.deleteInstance(WEST, "orders-dr", true);

        time.advance(Duration.ofMinutes(30));

        assertThat(db.findInstance(WEST, "orders-dr")).isEmpty();
    }

    @Test
    void deleteSnapshot_automated_invalidRequest() {
        assertFails(() -> db.deleteSnapshot(WEST, "snap-new"), Reason.INVALID_REQUEST,
                "DB snapshot 'snap-new' is automated and cannot be deleted; only manual snapshots can");
        db.deleteSnapshot(WEST, "snap-manual");
        assertThat(db.findSnapshot(WEST, "snap-manual")).isEmpty();
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
