package io.drplan.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.spi.DatabaseProvider.AutomatedBackup;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DatabaseProvider.DbRestore;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.PointInTimeRestore;
import io.drplan.core.spi.DatabaseProvider.SnapshotCopy;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.ProviderException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DatabaseProvider} does, as AWS RDS does it: run against the testkit's fake (by
 * a subclass in dr-testkit's tests) and against the real provider on its test bed (a subclass in
 * dr-aws's tests, on moto_server and WireMock), so a difference between the fake and AWS fails a test.
 * A subclass supplies the {@link World}: the provider and the seeding its platform allows.
 *
 * <pre>{@code
 * class FakeDatabasesContractTest extends DatabaseProviderContract {
 *     protected World world() { ... }
 * }
 * }</pre>
 */
public abstract class DatabaseProviderContract {
    protected static final Region PRIMARY = Region.of("us-east-1");
    protected static final Region DR = Region.of("us-west-2");
    protected static final String DB = "orders-production";
    /** The ownership tags the contract puts on what it creates. */
    protected static final Map<String, String> MINE = Map.of(DatabaseProvider.EXECUTION_TAG, "exec-1",
            DatabaseProvider.STEP_TAG, "restore-db", DatabaseProvider.CREATED_AT_TAG, "2026-01-01T00:00:00Z");

    /** The provider under test and the seeding its platform allows. */
    public interface World {
        /** The provider under test. */
        DatabaseProvider provider();

        /** Creates an available PostgreSQL instance {@code id} in {@code region} with automated backups. */
        void createInstance(Region region, String id);

        /** A DB subnet group in {@code region} that restores there can name. */
        String subnetGroup(Region region);

        /** Creates a read replica {@code replicaId} in {@code region} of {@code sourceId} (in {@link #PRIMARY}). */
        void createReadReplica(Region region, String replicaId, String sourceId);

        /**
         * Replicates the automated backups of {@code sourceId} (in {@link #PRIMARY}) to {@code region}
         * with {@code retentionDays}; returns false when the test bed cannot (the test then says why).
         */
        boolean replicateAutomatedBackups(Region region, String sourceId, int retentionDays);

        /** Why {@link #replicateAutomatedBackups} is not available, for the skipped test's message. */
        default String whyNoReplication() {
            return "";
        }

        /** Lets asynchronous work finish (virtual time in the fake; emulators finish at once). */
        void settle();
    }

    private World world;
    private DatabaseProvider db;

    /** A fresh world for each test. */
    protected abstract World world();

    @BeforeEach
    void openWorld() {
        world = world();
        db = world.provider();
        world.createInstance(PRIMARY, DB);
    }

    @Test
    void find_unknownIds_areEmpty() {
        assertThat(db.findInstance(PRIMARY, "nope")).isEmpty();
        assertThat(db.findSnapshot(PRIMARY, "nope")).isEmpty();
        assertThat(db.listSnapshots(DR, DB, SnapshotType.ANY)).isEmpty();
    }

    @Test
    void createSnapshot_keepsItsTags_inItsRegionOnly() {
        db.createSnapshot(PRIMARY, DB, "weekly-1", MINE);
        world.settle();

        DbSnapshot s = db.findSnapshot(PRIMARY, "weekly-1").orElseThrow();
        assertThat(s.isAvailable()).isTrue();
        assertThat(s.type()).isEqualTo(SnapshotType.MANUAL);
        assertThat(s.instanceId()).isEqualTo(DB);
        assertThat(s.tags()).containsAllEntriesOf(MINE);
        // a snapshot exists in another region only once copied there
        assertThat(db.findSnapshot(DR, "weekly-1")).isEmpty();
        assertThat(db.listSnapshots(DR, DB, SnapshotType.ANY)).isEmpty();
    }

    @Test
    void automatedSnapshots_neverAppearInAnotherRegion() {
        world.settle();

        assertThat(db.listSnapshots(DR, DB, SnapshotType.AUTOMATED)).isEmpty();
    }

    @Test
    void copySnapshot_toTheDrRegion_keepsTheSourceTime_andCarriesTheCopysTags() {
        DbSnapshot source = db.createSnapshot(PRIMARY, DB, "weekly-1", Map.of());
        world.settle();
        source = db.findSnapshot(PRIMARY, "weekly-1").orElseThrow();

        db.copySnapshot(new SnapshotCopy(PRIMARY, source.id(), source.arn(), DR, "weekly-1-dr", null, MINE));
        world.settle();

        DbSnapshot copy = db.findSnapshot(DR, "weekly-1-dr").orElseThrow();
        assertThat(copy.isAvailable()).isTrue();
        assertThat(copy.type()).isEqualTo(SnapshotType.MANUAL);
        assertThat(copy.instanceId()).isEqualTo(DB);
        assertThat(copy.createdAt()).isEqualTo(source.createdAt());
        assertThat(copy.tags()).containsAllEntriesOf(MINE);
        assertThat(db.listSnapshots(DR, DB, SnapshotType.ANY)).extracting(DbSnapshot::id).containsExactly("weekly-1-dr");
    }

    @Test
    void restoreFromSnapshot_tagsTheNewInstance_andASecondRestoreOfTheSameIdIsAConflict() {
        String copy = copiedToDr();

        db.restoreFromSnapshot(new DbRestore(DR, copy, "orders-dr", world.subnetGroup(DR), List.of(), null, false,
                MINE));
        world.settle();

        DbInstance restored = db.findInstance(DR, "orders-dr").orElseThrow();
        assertThat(restored.isAvailable()).isTrue();
        assertThat(restored.tags()).containsAllEntriesOf(MINE);
        assertThat(restored.replicaSourceId()).isNull();
        Map<String, String> another = Map.of(DatabaseProvider.EXECUTION_TAG, "exec-2",
                DatabaseProvider.STEP_TAG, "restore-db");
        assertThatThrownBy(() -> db.restoreFromSnapshot(new DbRestore(DR, copy, "orders-dr", world.subnetGroup(DR),
                List.of(), null, false, another)))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.CONFLICT));
        assertThat(db.findInstance(DR, "orders-dr").orElseThrow().tags()).containsAllEntriesOf(MINE);
    }

    @Test
    void deleteInstance_takesItsFinalSnapshotFirst() {
        db.deleteInstance(PRIMARY, DB, "drplan-final-exec-1-restore-db");
        world.settle();

        assertThat(db.findInstance(PRIMARY, DB)).isEmpty();
        DbSnapshot last = db.findSnapshot(PRIMARY, "drplan-final-exec-1-restore-db").orElseThrow();
        assertThat(last.instanceId()).isEqualTo(DB);
        assertThat(last.type()).isEqualTo(SnapshotType.MANUAL);
        assertThat(last.isAvailable()).isTrue();
    }

    @Test
    void listAutomatedBackups_withoutReplication_isEmptyInTheDrRegion() {
        assertThat(db.listAutomatedBackups(DR, DB)).isEmpty();
    }

    @Test
    void listReadReplicas_findsACrossRegionReplicaOfTheInstance() {
        world.createReadReplica(DR, "orders-replica", DB);
        world.settle();

        List<DbInstance> replicas = db.listReadReplicas(DR, DB);

        assertThat(replicas).extracting(DbInstance::id).containsExactly("orders-replica");
        assertThat(replicas.get(0).replicaSourceId()).endsWith(DB);
        assertThat(db.listReadReplicas(DR, "another")).isEmpty();
    }

    @Test
    void replicatedBackups_restorableToAPointMinutesBehind_restoredToPointInTimeWithTags() {
        Assumptions.assumeTrue(world.replicateAutomatedBackups(DR, DB, 7), world::whyNoReplication);
        world.settle();

        List<AutomatedBackup> backups = db.listAutomatedBackups(DR, DB);
        assertThat(backups).hasSize(1);
        AutomatedBackup b = backups.get(0);
        assertThat(b.sourceInstanceId()).isEqualTo(DB);
        assertThat(b.sourceRegion()).isEqualTo(PRIMARY);
        assertThat(b.region()).isEqualTo(DR);
        assertThat(b.status()).isEqualTo("replicating");
        assertThat(b.retentionDays()).isEqualTo(7);
        assertThat(b.latestRestorableTime()).isAfter(b.earliestRestorableTime());

        DbInstance started = db.restoreToPointInTime(new PointInTimeRestore(DR, b.arn(), b.latestRestorableTime(),
                "orders-dr", world.subnetGroup(DR), List.of(), null, false, MINE));
        assertThat(started.id()).isEqualTo("orders-dr");
        assertThat(started.tags()).containsAllEntriesOf(MINE);
    }

    /** A manual snapshot of {@link #DB} copied to {@link #DR}; its id there. */
    private String copiedToDr() {
        db.createSnapshot(PRIMARY, DB, "weekly-1", Map.of());
        world.settle();
        DbSnapshot source = db.findSnapshot(PRIMARY, "weekly-1").orElseThrow();
        db.copySnapshot(new SnapshotCopy(PRIMARY, source.id(), source.arn(), DR, "weekly-1-dr", null));
        world.settle();
        return "weekly-1-dr";
    }
}
