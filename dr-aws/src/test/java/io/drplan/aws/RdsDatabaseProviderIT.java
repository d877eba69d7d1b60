package io.drplan.aws;

import io.drplan.aws.testing.MotoFixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DatabaseProvider.DbRestore;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotCopy;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

@ExtendWith(MotoServerExtension.class)
class RdsDatabaseProviderIT {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final String PRIMARY = "vibe-postgres-production";

    private MotoServer moto;
    private AwsDatabaseProvider databases;
    private RdsClient east;
    private RdsClient west;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        this.databases = moto.providers().databases();
        this.east = moto.sdk(RdsClient.builder(), "us-east-1");
        this.west = moto.sdk(RdsClient.builder(), "us-west-2");
    }

    @Test
    void findInstance_existing_returnsStatusEndpointAndAvailabilityZone() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);

        DbInstance instance = databases.findInstance(EAST, PRIMARY).orElseThrow();

        assertThat(instance.id()).isEqualTo(PRIMARY);
        assertThat(instance.region()).isEqualTo(EAST);
        assertThat(instance.status()).isEqualTo("available");
        assertThat(instance.isAvailable()).isTrue();
        assertThat(instance.endpoint()).isEqualTo(PRIMARY + ".aaaaaaaaaa.us-east-1.rds.amazonaws.com");
        assertThat(instance.port()).isEqualTo(5432);
        assertThat(instance.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(instance.secondaryAvailabilityZone()).as("moto never sets it").isNull();
        assertThat(instance.multiAz()).isTrue();
        assertThat(instance.engine()).isEqualTo("postgres");
        assertThat(instance.instanceClass()).isEqualTo("db.t4g.medium");
    }

    @Test
    void findInstance_missing_isEmpty() {
        assertThat(databases.findInstance(EAST, "no-such-db")).isEmpty();
    }

    @Test
    void createSnapshot_existingInstance_snapshotIsInMoto() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);

        DbSnapshot snapshot = databases.createSnapshot(EAST, PRIMARY, "vibe-manual-snapshot-20260101");

        assertThat(snapshot.id()).isEqualTo("vibe-manual-snapshot-20260101");
        assertThat(snapshot.instanceId()).isEqualTo(PRIMARY);
        assertThat(snapshot.type()).isEqualTo(SnapshotType.MANUAL);
        assertThat(snapshot.arn()).isEqualTo("arn:aws:rds:us-east-1:123456789012:snapshot:vibe-manual-snapshot-20260101");
        DBSnapshot stored = east.describeDBSnapshots(r -> r.dbSnapshotIdentifier("vibe-manual-snapshot-20260101"))
                .dbSnapshots().get(0);
        assertThat(stored.dbInstanceIdentifier()).isEqualTo(PRIMARY);
        assertThat(stored.snapshotType()).isEqualTo("manual");
    }

    @Test
    void createSnapshot_sameIdTwice_isConflict() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        databases.createSnapshot(EAST, PRIMARY, "snap-1");

        assertThatThrownBy(() -> databases.createSnapshot(EAST, PRIMARY, "snap-1"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.CONFLICT);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.operation()).isEqualTo("rds:CreateDBSnapshot");
                    assertThat(e.endpoint()).isEqualTo("rds/us-east-1");
                    assertThat(e.getMessage()).startsWith("rds:CreateDBSnapshot failed for snapshot 'snap-1' of DB"
                            + " instance 'vibe-postgres-production' on rds/us-east-1: it already exists or conflicts"
                            + " with the current state (DBSnapshotAlreadyExists, HTTP 400");
                });
    }

    @Test
    void copySnapshot_crossRegionByArn_copyInTargetRegionKeepsRestorePoint() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        DbSnapshot source = databases.createSnapshot(EAST, PRIMARY, "vibe-manual-snapshot-20260101");

        DbSnapshot copy = databases.copySnapshot(new SnapshotCopy(EAST, source.id(), source.arn(), WEST,
                "vibe-manual-snapshot-20260101-dr", null));

        assertThat(copy.id()).isEqualTo("vibe-manual-snapshot-20260101-dr");
        assertThat(copy.region()).isEqualTo(WEST);
        assertThat(copy.arn()).isEqualTo("arn:aws:rds:us-west-2:123456789012:snapshot:vibe-manual-snapshot-20260101-dr");
        assertThat(copy.createdAt()).as("restore point of the original").isEqualTo(source.createdAt());
        DBSnapshot stored = west.describeDBSnapshots(r -> r.dbSnapshotIdentifier("vibe-manual-snapshot-20260101-dr"))
                .dbSnapshots().get(0);
        assertThat(stored.dbInstanceIdentifier()).isEqualTo(PRIMARY);
        assertThat(stored.originalSnapshotCreateTime()).isEqualTo(source.createdAt());
    }

    @Test
    void copySnapshot_crossRegionWithoutArn_looksTheArnUp() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        databases.createSnapshot(EAST, PRIMARY, "snap-1");

        DbSnapshot copy = databases.copySnapshot(new SnapshotCopy(EAST, "snap-1", null, WEST, "snap-1-dr", null));

        assertThat(copy.id()).isEqualTo("snap-1-dr");
        assertThat(west.describeDBSnapshots(r -> r.dbSnapshotIdentifier("snap-1-dr")).dbSnapshots()).hasSize(1);
    }

    @Test
    void copySnapshot_missingSourceWithoutArn_isNotFoundNamingTheSnapshot() {
        assertThatThrownBy(() -> databases.copySnapshot(new SnapshotCopy(EAST, "nope", null, WEST, "nope-dr", null)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("rds:CopyDBSnapshot cannot copy snapshot 'nope' from"
                            + " us-east-1 to us-west-2: it does not exist in us-east-1. Check the snapshot id and"
                            + " the source region");
                });
    }

    @Test
    void copySnapshot_encryptedWithTargetKmsKey_copyIsEncryptedWithThatKey() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        DbSnapshot source = databases.createSnapshot(EAST, PRIMARY, "snap-enc");
        KmsClient kms = moto.sdk(KmsClient.builder(), "us-west-2");
        String keyArn = kms.createKey(r -> r.description("dr snapshots")).keyMetadata().arn();

        DbSnapshot copy = databases.copySnapshot(new SnapshotCopy(EAST, source.id(), source.arn(), WEST,
                "snap-enc-dr", keyArn));

        assertThat(copy.kmsKeyId()).isEqualTo(keyArn);
        assertThat(west.describeDBSnapshots(r -> r.dbSnapshotIdentifier("snap-enc-dr")).dbSnapshots().get(0).kmsKeyId())
                .isEqualTo(keyArn);
    }

    @Test
    void copySnapshot_unknownKmsKey_isAccessDeniedWithTheKeyInTheMessage() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        DbSnapshot source = databases.createSnapshot(EAST, PRIMARY, "snap-enc");

        assertThatThrownBy(() -> databases.copySnapshot(new SnapshotCopy(EAST, source.id(), source.arn(), WEST,
                "snap-enc-dr", "arn:aws:kms:us-west-2:123456789012:key/00000000-0000-0000-0000-000000000000")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.ACCESS_DENIED);
                    assertThat(e.permission()).contains("kms:CreateGrant");
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.endpoint()).isEqualTo("rds/us-west-2");
                    assertThat(e.getMessage()).contains("KMSKeyNotAccessibleFault")
                            .contains("00000000-0000-0000-0000-000000000000");
                });
    }

    @Test
    void listSnapshots_anyType_newestFirstWithTypes() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        databases.createSnapshot(EAST, PRIMARY, "snap-a");
        databases.createSnapshot(EAST, PRIMARY, "snap-b");

        List<DbSnapshot> all = databases.listSnapshots(EAST, PRIMARY, SnapshotType.ANY);
        List<DbSnapshot> manual = databases.listSnapshots(EAST, PRIMARY, SnapshotType.MANUAL);
        List<DbSnapshot> automated = databases.listSnapshots(EAST, PRIMARY, SnapshotType.AUTOMATED);

        assertThat(all).extracting(DbSnapshot::id).hasSize(3).startsWith("snap-b", "snap-a");
        assertThat(all.get(2).id()).startsWith("rds:" + PRIMARY + "-");
        assertThat(manual).extracting(DbSnapshot::id).containsExactly("snap-b", "snap-a");
        assertThat(automated).extracting(DbSnapshot::type).containsExactly(SnapshotType.AUTOMATED);
    }

    @Test
    void latestAvailableSnapshot_inDrRegion_isNewestCopy() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        DbSnapshot older = databases.createSnapshot(EAST, PRIMARY, "snap-old");
        DbSnapshot newer = databases.createSnapshot(EAST, PRIMARY, "snap-new");
        // Copy the newer one first: "latest" is about the restore point, not the copy time.
        databases.copySnapshot(new SnapshotCopy(EAST, newer.id(), newer.arn(), WEST, "snap-new-dr", null));
        databases.copySnapshot(new SnapshotCopy(EAST, older.id(), older.arn(), WEST, "snap-old-dr", null));

        DbSnapshot latest = databases.latestAvailableSnapshot(WEST, PRIMARY, SnapshotType.ANY).orElseThrow();

        assertThat(latest.id()).isEqualTo("snap-new-dr");
        assertThat(latest.createdAt()).isEqualTo(newer.createdAt());
    }

    @Test
    void findSnapshot_missing_isEmpty() {
        assertThat(databases.findSnapshot(WEST, "no-such-snapshot")).isEmpty();
    }

    @Test
    void restoreFromSnapshot_withSubnetGroup_newInstanceInDrRegion() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        DbSnapshot source = databases.createSnapshot(EAST, PRIMARY, "snap-1");
        databases.copySnapshot(new SnapshotCopy(EAST, source.id(), source.arn(), WEST, "snap-1-dr", null));
        MotoFixtures.DrNetwork network = MotoFixtures.createDrNetwork(moto, "vibe-db-subnet-group-dr");

        DbInstance restored = databases.restoreFromSnapshot(new DbRestore(WEST, "snap-1-dr", "vibe-postgres-dr",
                "vibe-db-subnet-group-dr", List.of(network.securityGroupId()), "db.r6g.large", false));

        assertThat(restored.id()).isEqualTo("vibe-postgres-dr");
        assertThat(restored.region()).isEqualTo(WEST);
        assertThat(restored.instanceClass()).isEqualTo("db.r6g.large");
        DBInstance stored = west.describeDBInstances(r -> r.dbInstanceIdentifier("vibe-postgres-dr")).dbInstances().get(0);
        assertThat(stored.dbSubnetGroup().dbSubnetGroupName()).isEqualTo("vibe-db-subnet-group-dr");
        assertThat(stored.vpcSecurityGroups()).extracting(g -> g.vpcSecurityGroupId())
                .containsExactly(network.securityGroupId());
        assertThat(stored.dbInstanceClass()).isEqualTo("db.r6g.large");
        assertThat(stored.tagList()).extracting(t -> t.key() + "=" + t.value())
                .contains("drplan:restored-from=snap-1-dr", "drplan:managed=true");
    }

    @Test
    void restoreFromSnapshot_retriedAfterALostAnswer_returnsTheInstanceItStarted() {
        // given: the first restore went through, but its answer never reached us
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        DbSnapshot source = databases.createSnapshot(EAST, PRIMARY, "snap-1");
        databases.copySnapshot(new SnapshotCopy(EAST, source.id(), source.arn(), WEST, "snap-1-dr", null));
        DbRestore restore = new DbRestore(WEST, "snap-1-dr", "vibe-postgres-dr", null, List.of(), null, false);
        databases.restoreFromSnapshot(restore);

        // when: the engine retries the same restore
        DbInstance again = databases.restoreFromSnapshot(restore);

        // then
        assertThat(again.id()).isEqualTo("vibe-postgres-dr");
        assertThat(again.region()).isEqualTo(WEST);
        assertThat(west.describeDBInstances().dbInstances()).hasSize(1);
    }

    @Test
    void restoreFromSnapshot_foreignInstanceWithTheSameId_isConflict() {
        // given: someone else's instance already has the id
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        DbSnapshot source = databases.createSnapshot(EAST, PRIMARY, "snap-1");
        databases.copySnapshot(new SnapshotCopy(EAST, source.id(), source.arn(), WEST, "snap-1-dr", null));
        west.createDBInstance(r -> r.dbInstanceIdentifier("vibe-postgres-dr").engine("postgres")
                .dbInstanceClass("db.t4g.medium").masterUsername("other").masterUserPassword("not-a-real-password")
                .allocatedStorage(20));

        // when / then
        assertThatThrownBy(() -> databases.restoreFromSnapshot(new DbRestore(WEST, "snap-1-dr", "vibe-postgres-dr",
                null, List.of(), null, false)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.CONFLICT);
                    assertThat(e.operation()).isEqualTo("rds:RestoreDBInstanceFromDBSnapshot");
                    assertThat(e.getMessage()).contains("DBInstanceAlreadyExists");
                });
    }

    @Test
    void copySnapshot_retriedAfterALostAnswer_returnsTheCopyItStarted() {
        // given
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        DbSnapshot source = databases.createSnapshot(EAST, PRIMARY, "snap-1");
        SnapshotCopy copy = new SnapshotCopy(EAST, source.id(), source.arn(), WEST, "snap-1-dr", null);
        databases.copySnapshot(copy);

        // when
        DbSnapshot again = databases.copySnapshot(copy);

        // then
        assertThat(again.id()).isEqualTo("snap-1-dr");
        assertThat(again.region()).isEqualTo(WEST);
        assertThat(again.createdAt()).isEqualTo(source.createdAt());
    }

    @Test
    void copySnapshot_targetIdTakenByAnotherSnapshot_isConflict() {
        // given: the target id in us-west-2 holds a snapshot of another instance
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        DbSnapshot source = databases.createSnapshot(EAST, PRIMARY, "snap-1");
        west.createDBInstance(r -> r.dbInstanceIdentifier("other-db").engine("postgres")
                .dbInstanceClass("db.t4g.medium").masterUsername("other").masterUserPassword("not-a-real-password")
                .allocatedStorage(20));
        west.createDBSnapshot(r -> r.dbInstanceIdentifier("other-db").dbSnapshotIdentifier("snap-1-dr"));

        // when / then
        assertThatThrownBy(() -> databases.copySnapshot(new SnapshotCopy(EAST, source.id(), source.arn(), WEST,
                "snap-1-dr", null)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.CONFLICT);
                    assertThat(e.getMessage()).contains("DBSnapshotAlreadyExists");
                });
    }

    @Test
    void restoreFromSnapshot_missingSnapshot_isNotFound() {
        assertThatThrownBy(() -> databases.restoreFromSnapshot(new DbRestore(WEST, "missing", "vibe-postgres-dr",
                "vibe-db-subnet-group-dr", List.of(), null, false)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.operation()).isEqualTo("rds:RestoreDBInstanceFromDBSnapshot");
                    assertThat(e.endpoint()).isEqualTo("rds/us-west-2");
                    assertThat(e.getMessage()).contains("DB instance 'vibe-postgres-dr' from snapshot 'missing'")
                            .contains("DBSnapshotNotFound").endsWith("Check the identifier and that it exists in us-west-2");
                });
    }

    @Test
    void rebootWithFailover_multiAzInstance_isAcceptedAndInstanceReturned() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);

        DbInstance instance = databases.rebootWithFailover(EAST, PRIMARY);

        // moto accepts the call but does not move the instance: the AZ swap is proven in RdsWireMockIT.
        assertThat(instance.id()).isEqualTo(PRIMARY);
        assertThat(instance.multiAz()).isTrue();
    }

    @Test
    void promoteReadReplica_replica_isAcceptedAndInstanceReturned() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        east.createDBInstanceReadReplica(r -> r.dbInstanceIdentifier("vibe-postgres-replica")
                .sourceDBInstanceIdentifier(PRIMARY));

        DbInstance promoted = databases.promoteReadReplica(EAST, "vibe-postgres-replica");

        // moto accepts the call but keeps reporting the replica's source (a known moto gap), so only the
        // request/response contract is checked here.
        assertThat(promoted.id()).isEqualTo("vibe-postgres-replica");
        assertThat(promoted.region()).isEqualTo(EAST);
        assertThat(promoted.engine()).isEqualTo("postgres");
    }

    @Test
    void deleteInstance_instanceIsGone_itsFinalSnapshotRemains() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);

        databases.deleteInstance(EAST, PRIMARY, "drplan-final-e1-restore-db");

        assertThatThrownBy(() -> east.describeDBInstances(r -> r.dbInstanceIdentifier(PRIMARY)))
                .isInstanceOf(DbInstanceNotFoundException.class);
        assertThat(east.describeDBSnapshots(r -> r.dbSnapshotIdentifier("drplan-final-e1-restore-db")).dbSnapshots())
                .singleElement().satisfies(s -> assertThat(s.dbInstanceIdentifier()).isEqualTo(PRIMARY));
    }

    @Test
    void deleteInstance_withoutAFinalSnapshotId_isRefusedBeforeAnyCall() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);

        assertThatThrownBy(() -> databases.deleteInstance(EAST, PRIMARY, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("finalSnapshotId is required: drplan never deletes a DB instance ('" + PRIMARY
                        + "') without a final snapshot");
        assertThat(databases.findInstance(EAST, PRIMARY)).isPresent();
    }

    @Test
    void deleteInstance_alreadyGone_isDone() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        databases.deleteInstance(EAST, PRIMARY, "final-1");

        // when: a compensation is retried
        databases.deleteInstance(EAST, PRIMARY, "final-2");
        databases.deleteInstance(EAST, "never-existed", "final-3");

        // then
        assertThat(databases.findInstance(EAST, PRIMARY)).isEmpty();
    }

    @Test
    void deleteSnapshot_alreadyGone_isDone() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        databases.createSnapshot(EAST, PRIMARY, "snap-1");
        databases.deleteSnapshot(EAST, "snap-1");

        // when
        databases.deleteSnapshot(EAST, "snap-1");

        // then
        assertThat(databases.findSnapshot(EAST, "snap-1")).isEmpty();
    }

    @Test
    void deleteSnapshotsOlderThan_someExpired_deletesOnlyExpiredManualSnapshots() {
        MotoFixtures.createPrimaryDatabase(moto, PRIMARY);
        DbSnapshot first = databases.createSnapshot(EAST, PRIMARY, "weekly-1");
        DbSnapshot second = databases.createSnapshot(EAST, PRIMARY, "weekly-2");
        // Place "now" so that exactly weekly-1 is older than 30 days.
        Instant now = first.createdAt().plus(Duration.ofDays(30)).plusNanos(
                Duration.between(first.createdAt(), second.createdAt()).toNanos() / 2);

        List<DbSnapshot> deleted = databases.deleteSnapshotsOlderThan(EAST, PRIMARY, Duration.ofDays(30), now);

        assertThat(deleted).extracting(DbSnapshot::id).containsExactly("weekly-1");
        assertThat(east.describeDBSnapshots(r -> r.dbInstanceIdentifier(PRIMARY)).dbSnapshots())
                .extracting(DBSnapshot::dbSnapshotIdentifier)
                .as("automated snapshots are RDS's to expire").contains("weekly-2")
                .doesNotContain("weekly-1").anyMatch(id -> id.startsWith("rds:"));
    }

    @Test
    void deleteSnapshotsOlderThan_nonPositiveRetention_isRejected() {
        assertThatThrownBy(() -> databases.deleteSnapshotsOlderThan(EAST, PRIMARY, Duration.ZERO, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retention must be positive but was PT0S");
    }
}
