package io.drplan.aws;

import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link DatabaseProvider} on Amazon RDS, with the runbook's snapshot housekeeping on top.
 *
 * <pre>{@code
 * AwsDatabaseProvider rds = AwsProviders.create(clients).databases();
 * Optional<DbSnapshot> latest = rds.latestAvailableSnapshot(Region.of("us-west-2"),
 *     "vibe-postgres-production", SnapshotType.ANY);
 * List<DbSnapshot> deleted = rds.deleteSnapshotsOlderThan(Region.of("us-east-1"),
 *     "vibe-postgres-production", Duration.ofDays(30), scheduler.now());
 * }</pre>
 *
 * A snapshot's {@link DbSnapshot#createdAt()} is when its data was captured: for a copy, the
 * original snapshot's time ({@code OriginalSnapshotCreateTime}), so "newest" and "older than" speak
 * about the restore point, not the time the copy was made. {@link #listSnapshots} sorts newest
 * first; a snapshot that has no time yet (still being created) counts as the newest.
 *
 * <p>Restores, copies and deletions may be retried after an answer was lost. A restore (from a
 * snapshot or point in time) whose instance id exists returns that instance when it is its own: tagged
 * {@code drplan:restored-from} with the same source and, when the request carries ownership tags, the
 * same {@code drplan:execution} and {@code drplan:step}; a copy whose target exists returns it when it
 * is a copy of the same source; anything else stays a {@code CONFLICT}. Deleting an instance always takes
 * the named final snapshot; deleting an instance or snapshot that is already gone, or already being
 * deleted, succeeds, so compensations can run twice.
 *
 * <p>Automated backups replicated to another region are listed with
 * {@code DescribeDBInstanceAutomatedBackups} in that region and restored with
 * {@code RestoreDBInstanceToPointInTime} ({@code SourceDBInstanceAutomatedBackupsArn}, and
 * {@code RestoreTime}, or {@code UseLatestRestorableTime} when no time is given). A read replica's lag is
 * a CloudWatch metric, not part of {@code DescribeDBInstances}, so {@link DbInstance#replicaLag()} is
 * {@code null} here.
 */
public interface AwsDatabaseProvider extends DatabaseProvider {

    /**
     * The newest {@code available} snapshot of {@code instanceId} in {@code region} (one
     * {@code DescribeDBSnapshots} listing), or empty when there is none.
     */
    default Optional<DbSnapshot> latestAvailableSnapshot(Region region, String instanceId, SnapshotType type) {
        return listSnapshots(region, instanceId, type).stream().filter(DbSnapshot::isAvailable).findFirst();
    }

    /**
     * Whether a forced failover that started from {@code before} has finished: the instance is
     * {@code available} again and its primary now runs in another availability zone (the runbook's
     * "verify failover completion"). The engine polls {@link #findInstance} and asks this.
     */
    default boolean failoverCompleted(DbInstance before, DbInstance now) {
        return now.isAvailable() && now.availabilityZone() != null
                && !now.availabilityZone().equals(before.availabilityZone());
    }

    /**
     * Deletes the {@code available} manual snapshots of {@code instanceId} in {@code region} whose
     * data is older than {@code retention} at {@code now} (the runbook keeps weekly snapshots 30
     * days). Automated snapshots are left to RDS's own backup retention. One listing plus one
     * {@code DeleteDBSnapshot} per snapshot; stops at the first failure (what was deleted before stays
     * deleted, and a new call continues).
     *
     * @return the snapshots deleted, oldest first
     */
    List<DbSnapshot> deleteSnapshotsOlderThan(Region region, String instanceId, Duration retention, Instant now);
}
