package io.drplan.core.step;

import static io.drplan.core.spi.Operations.RDS_DESCRIBE_AUTOMATED_BACKUPS;
import static io.drplan.core.spi.Operations.RDS_DESCRIBE_INSTANCES;
import static io.drplan.core.spi.Operations.RDS_DESCRIBE_SNAPSHOTS;

import io.drplan.core.spi.Operations;
import io.drplan.core.Durations;
import io.drplan.core.Region;
import io.drplan.core.StepFailedException;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.spi.DatabaseProvider.AutomatedBackup;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DatabaseProvider.DbSnapshot;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where {@link DbRestoreStep} takes its data from: reading each {@link RestoreSource} the plan uses
 * (plain calls for preflight and preview, guarded calls when it runs) and choosing the one with the
 * newest restore point. Internal.
 */
record RestoreSources(String sourceInstanceId, String snapshotId, SnapshotType type, RestoreSource source) {
    /** The preflight's finding: the snapshot the step would restore from. */
    static final String KEPT_SNAPSHOT = "snapshot";
    /**
     * How old the preflight's snapshot may be for the step to restore from it without reading again:
     * a snapshot's restore point does not move, and a newer one appears at most once an hour. A
     * snapshot deleted since makes the restore fail "not found", and the step then chooses afresh.
     */
    static final Duration KEPT_SNAPSHOT_MAX_AGE = Duration.ofSeconds(30);

    /** One place the data could come from, with the restore point it gives. */
    record Candidate(RestoreSource source, String id, Instant restorePoint, String what) { }

    /** Whether the plan would take data from {@code s}. */
    boolean uses(RestoreSource s) {
        return source == s || source == RestoreSource.FRESHEST;
    }

    /** Preflight: the snapshot named, or at least one of the sources the plan uses, exists in the region. */
    List<String> preflight(PreflightContext ctx, String regionCode, String newInstanceId) {
        if (ctx.upstreamOperations().contains(Operations.RDS_COPY_SNAPSHOT)
                || ctx.upstreamOperations().contains(Operations.RDS_CREATE_SNAPSHOT)) {
            return List.of();   // an earlier step makes the snapshot it restores
        }
        Region region = Region.of(regionCode);
        DatabaseProvider db = ctx.providers().databases();
        if (snapshotId != null) {
            Optional<DbSnapshot> found;
            try {
                found = db.findSnapshot(region, snapshotId);
            } catch (ProviderException e) {
                return e.isRetryable() ? List.of() : List.of("snapshot '" + snapshotId + "' in " + region
                        + " could not be read: " + e.getMessage());
            }
            found.ifPresent(x -> ctx.keep(KEPT_SNAPSHOT, new Candidate(RestoreSource.SNAPSHOT_IN_REGION, x.id(),
                    x.createdAt(), x.id() + ", taken " + x.createdAt())));
            return found.isPresent() ? List.of()
                    : List.of("snapshot '" + snapshotId + "' does not exist in " + region + "; check the id:"
                    + " aws rds describe-db-snapshots --region " + region + " --db-snapshot-identifier " + snapshotId);
        }
        List<String> tried = new ArrayList<>();
        for (RestoreSource s : List.of(RestoreSource.REPLICATED_BACKUPS, RestoreSource.READ_REPLICA,
                RestoreSource.SNAPSHOT_IN_REGION)) {
            if (!uses(s)) {
                continue;
            }
            try {
                Optional<Candidate> c = candidate(s, db, region, ctx.now());
                if (c.isPresent()) {
                    if (s == RestoreSource.SNAPSHOT_IN_REGION) {
                        ctx.keep(KEPT_SNAPSHOT, c.get());   // a snapshot's restore point does not move
                    }
                    return List.of();
                }
                tried.add(name(s) + ": none");
            } catch (ProviderException e) {
                if (e.isRetryable()) {
                    return List.of();   // a throttled or failing endpoint proves nothing: the step retries
                }
                tried.add(name(s) + ": could not be read (" + e.getMessage() + ")");
            }
        }
        return List.of("there is nothing to restore " + newInstanceId + " from in " + region + " ("
                + String.join("; ", tried) + "); turn on automated backups replication to " + region
                + " or copy a snapshot of " + sourceInstanceId + " there (see the backup strategy): aws rds"
                + " describe-db-snapshots --region " + region + " --db-instance-identifier " + sourceInstanceId);
    }

    /** The preview: the restore point each source the plan uses would give now, against the RPO. */
    List<String> inspect(io.drplan.core.spi.Providers providers, Region region, Instant now, Duration rpo) {
        DatabaseProvider db = providers.databases();
        List<String> lines = new ArrayList<>();
        if (snapshotId != null) {
            Optional<DbSnapshot> s = db.findSnapshot(region, snapshotId);
            lines.add(s.map(x -> "snapshot " + x.id() + ": " + age(x.createdAt(), now, rpo))
                    .orElse("snapshot " + snapshotId + ": does not exist in " + region));
            return lines;
        }
        for (RestoreSource s : List.of(RestoreSource.REPLICATED_BACKUPS, RestoreSource.READ_REPLICA,
                RestoreSource.SNAPSHOT_IN_REGION)) {
            if (!uses(s)) {
                continue;
            }
            Optional<Candidate> c;
            try {
                c = candidate(s, db, region, now);
            } catch (ProviderException e) {
                lines.add(name(s) + ": could not be read (" + e.getMessage() + ")");
                continue;
            }
            lines.add(c.map(x -> name(s) + " (" + x.what() + "): " + age(x.restorePoint(), now, rpo))
                    .orElseGet(() -> name(s) + ": none in " + region));
        }
        return lines;
    }

    static String age(Instant point, Instant now, Duration rpo) {
        Duration age = Duration.between(point, now);
        return "restore point " + point + ", " + Durations.format(age) + " old, "
                + (rpo == null ? "no RPO set" : age.compareTo(rpo) <= 0 ? "meets the RPO of " + Durations.format(rpo)
                : "MISSES the RPO of " + Durations.format(rpo));
    }

    static String name(RestoreSource s) {
        return switch (s) {
            case REPLICATED_BACKUPS -> "replicated automated backups";
            case READ_REPLICA -> "read replica";
            case SNAPSHOT_IN_REGION -> "newest snapshot in region";
            case FRESHEST -> "freshest";
        };
    }

    /** What {@code s} would give now, from the provider (plain calls: the preview runs outside the engine). */
    Optional<Candidate> candidate(RestoreSource s, DatabaseProvider db, Region region, Instant now) {
        return switch (s) {
            case REPLICATED_BACKUPS -> db.listAutomatedBackups(region, sourceInstanceId).stream()
                    .filter(b -> b.latestRestorableTime() != null && !b.region().equals(b.sourceRegion()))
                    .max(Comparator.comparing(AutomatedBackup::latestRestorableTime))
                    .map(b -> new Candidate(s, b.arn(), b.latestRestorableTime(), b.arn() + ", " + b.status()
                            + ", latest restorable time"));
            case READ_REPLICA -> db.listReadReplicas(region, sourceInstanceId).stream()
                    .filter(DbInstance::isAvailable)
                    .findFirst()
                    .map(r -> new Candidate(s, r.id(), r.replicaLag() == null ? now : now.minus(r.replicaLag()),
                            r.id() + (r.replicaLag() == null ? ", replica lag unknown: taken as none"
                                    : ", replica lag " + Durations.format(r.replicaLag()))));
            case SNAPSHOT_IN_REGION -> db.listSnapshots(region, sourceInstanceId, type).stream()
                    .filter(DbSnapshot::isAvailable)
                    .filter(x -> x.createdAt() != null)
                    .findFirst()
                    .map(x -> new Candidate(s, x.id(), x.createdAt(), x.id() + ", taken " + x.createdAt()));
            case FRESHEST -> throw new IllegalArgumentException("FRESHEST is not one source");
        };
    }

    /**
     * The source to restore from, with its restore point, read through the engine's guarded calls;
     * a snapshot the preflight found at most {@link #KEPT_SNAPSHOT_MAX_AGE} ago is not read again
     * ({@code reused} is then set).
     */
    CompletionStage<Candidate> choose(StepContext ctx, DatabaseProvider db, Region region, String ep,
                                      java.util.concurrent.atomic.AtomicBoolean reused) {
        Optional<Candidate> kept = ctx.preflightFinding(KEPT_SNAPSHOT, KEPT_SNAPSHOT_MAX_AGE).map(Candidate.class::cast);
        kept.ifPresent(k -> reused.set(true));
        if (snapshotId != null && kept.isPresent()) {
            return CompletableFuture.completedFuture(kept.get());
        }
        if (snapshotId != null) {
            return ctx.call(RDS_DESCRIBE_SNAPSHOTS, ep, () -> Steps.orElseThrow(db.findSnapshot(region, snapshotId),
                            "snapshot '" + snapshotId + "' does not exist in " + region
                                    + "; copy it there first or name one that exists"))
                    .thenApply(s -> new Candidate(RestoreSource.SNAPSHOT_IN_REGION, s.id(), s.createdAt(),
                            s.id() + ", taken " + s.createdAt()));
        }
        List<RestoreSource> tried = source == RestoreSource.FRESHEST
                ? List.of(RestoreSource.READ_REPLICA, RestoreSource.REPLICATED_BACKUPS, RestoreSource.SNAPSHOT_IN_REGION)
                : List.of(source);
        List<CompletableFuture<Optional<Candidate>>> found = new ArrayList<>();
        for (RestoreSource s : tried) {
            Operation op = s == RestoreSource.REPLICATED_BACKUPS ? RDS_DESCRIBE_AUTOMATED_BACKUPS
                    : s == RestoreSource.READ_REPLICA ? RDS_DESCRIBE_INSTANCES : RDS_DESCRIBE_SNAPSHOTS;
            CompletionStage<Optional<Candidate>> c = s == RestoreSource.SNAPSHOT_IN_REGION && kept.isPresent()
                    ? CompletableFuture.completedFuture(kept)
                    : ctx.call(op, ep, () -> candidate(s, db, region, ctx.now()));
            if (source == RestoreSource.FRESHEST) {
                // one source that cannot be read (a policy without its action) leaves the others
                c = c.handle((v, e) -> {
                    if (e == null) {
                        return v;
                    }
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    ctx.note("could not read the " + name(s) + " of '" + sourceInstanceId + "' in " + region
                            + ", so they were not considered: " + cause.getMessage());
                    return Optional.empty();
                });
            }
            found.add(c.toCompletableFuture());
        }
        return CompletableFuture.allOf(found.toArray(CompletableFuture[]::new)).thenApply(x -> {
            Candidate best = null;
            for (CompletableFuture<Optional<Candidate>> f : found) {
                Candidate c = f.join().orElse(null);
                if (c != null && (best == null || c.restorePoint().isAfter(best.restorePoint()))) {
                    best = c;
                }
            }
            if (best == null) {
                throw new StepFailedException("nothing to restore '" + sourceInstanceId + "' from in " + region
                        + ": " + (source == RestoreSource.FRESHEST ? "no replicated automated backups, no read"
                        + " replica and no snapshot copied there" : "no " + name(source) + " there")
                        + "; turn on automated backups replication to " + region + " or copy a snapshot there"
                        + " (see the backup strategy)");
            }
            if (best.source() == RestoreSource.READ_REPLICA) {
                ctx.note("restore point of read replica " + best.id() + ": " + best.what());
            }
            return best;
        });
    }
}
