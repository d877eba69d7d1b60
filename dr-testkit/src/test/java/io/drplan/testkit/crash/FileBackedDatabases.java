package io.drplan.testkit.crash;

import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.time.Scheduler;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A {@link DatabaseProvider} whose state is files, so it outlives a killed process: snapshots the
 * test seeds, instances restored from them, and one line in {@code actions.log} per real restore.
 *
 * <p>A real cloud does not die with its client; this fake lives in the client's process, so it
 * makes each restore crash-atomic itself: the {@code actions.log} line is the commit point, written
 * before the instance file, and any committed restore whose instance file is missing (the process
 * died between the two writes) is materialised on the next call. The instance file itself is
 * written to a temporary file and moved into place atomically. An instance is {@code creating}
 * until {@code creationTime} after its creation (scheduler time, persisted in the file), then
 * {@code available} with an endpoint.
 *
 * <pre>{@code
 * FileBackedDatabases db = new FileBackedDatabases(folder, scheduler, Duration.ofMillis(300));
 * db.seedSnapshot(Region.of("us-west-2"), "crash-db", "crash-db-snap-1", Instant.parse(..));
 * }</pre>
 */
final class FileBackedDatabases implements DatabaseProvider {
    static final String RESTORE = "restore";

    private final Path folder;
    private final Scheduler scheduler;
    private final Duration creationTime;
    private final ActionsLog actions;

    FileBackedDatabases(Path folder, Scheduler scheduler, Duration creationTime) {
        this.folder = folder;
        this.scheduler = scheduler;
        this.creationTime = creationTime;
        this.actions = new ActionsLog(folder.resolve("actions.log"));
        try {
            Files.createDirectories(folder.resolve("snapshots"));
            Files.createDirectories(folder.resolve("instances"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ActionsLog actions() {
        return actions;
    }

    /** Adds an available automated snapshot of {@code instanceId} (test setup). */
    void seedSnapshot(Region region, String instanceId, String snapshotId, Instant createdAt) {
        Properties p = new Properties();
        p.setProperty("id", snapshotId);
        p.setProperty("instanceId", instanceId);
        p.setProperty("region", region.code());
        p.setProperty("createdAt", createdAt.toString());
        writeAtomically(snapshotFile(region, snapshotId), p);
    }

    @Override
    public synchronized Optional<DbInstance> findInstance(Region region, String instanceId) {
        recover();
        Path f = instanceFile(region, instanceId);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        Properties p = read(f);
        Instant createdAt = Instant.ofEpochMilli(Long.parseLong(p.getProperty("createdAtMillis")));
        boolean available = !scheduler.now().isBefore(createdAt.plus(creationTime));
        java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("tag.")).forEach(k -> tags.put(k.substring(4),
                p.getProperty(k)));
        return Optional.of(new DbInstance(instanceId, region, available ? "available" : "creating",
                available ? instanceId + "." + region.code() + ".rds.fake" : null, 5432,
                region.code() + "a", null, false, "postgres", p.getProperty("instanceClass"), tags, null, null));
    }

    @Override
    public synchronized Optional<DbSnapshot> findSnapshot(Region region, String snapshotId) {
        Path f = snapshotFile(region, snapshotId);
        return Files.exists(f) ? Optional.of(snapshot(read(f))) : Optional.empty();
    }

    @Override
    public synchronized List<DbSnapshot> listSnapshots(Region region, String instanceId, SnapshotType type) {
        List<DbSnapshot> out = new ArrayList<>();
        Path dir = folder.resolve("snapshots");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".properties")).toList()) {
                DbSnapshot s = snapshot(read(f));
                if (s.region().equals(region) && s.instanceId().equals(instanceId)
                        && (type == SnapshotType.ANY || type == s.type())) {
                    out.add(s);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(DbSnapshot::createdAt).reversed());
        return out;
    }

    @Override
    public synchronized DbInstance restoreFromSnapshot(DbRestore restore) {
        recover();
        String op = "rds:RestoreDBInstanceFromDBSnapshot";
        String ep = "rds/" + restore.region().code();
        if (findSnapshot(restore.region(), restore.snapshotId()).isEmpty()) {
            throw new ProviderException(ProviderException.Reason.NOT_FOUND, op, ep,
                    "snapshot " + restore.snapshotId() + " does not exist in " + restore.region());
        }
        if (Files.exists(instanceFile(restore.region(), restore.instanceId()))) {
            throw new ProviderException(ProviderException.Reason.CONFLICT, op, ep,
                    "DB instance " + restore.instanceId() + " already exists in " + restore.region());
        }
        long createdAt = scheduler.now().toEpochMilli();
        List<String> words = new ArrayList<>(List.of(RESTORE, restore.region().code(), restore.instanceId(),
                restore.snapshotId(), Long.toString(createdAt)));
        restore.tags().forEach((k, v) -> words.add(k + "=" + v));   // the ownership tags, as RDS keeps them
        actions.append(String.join(" ", words));
        materialise(restore.region().code(), restore.instanceId(), restore.snapshotId(), createdAt,
                words.subList(5, words.size()));
        return findInstance(restore.region(), restore.instanceId()).orElseThrow();
    }

    /** Finishes restores committed to the log whose instance file a killed process did not write. */
    private void recover() {
        for (String line : actions.lines()) {
            String[] w = line.split(" ");
            if (w[0].equals(RESTORE) && !Files.exists(instanceFile(Region.of(w[1]), w[2]))) {
                materialise(w[1], w[2], w[3], Long.parseLong(w[4]), List.of(w).subList(5, w.length));
            }
        }
    }

    private void materialise(String region, String instanceId, String snapshotId, long createdAtMillis,
                             List<String> tags) {
        Properties p = new Properties();
        for (String t : tags) {
            p.setProperty("tag." + t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1));
        }
        p.setProperty("id", instanceId);
        p.setProperty("region", region);
        p.setProperty("snapshotId", snapshotId);
        p.setProperty("createdAtMillis", Long.toString(createdAtMillis));
        p.setProperty("instanceClass", "db.t4g.medium");
        writeAtomically(instanceFile(Region.of(region), instanceId), p);
    }

    private Path instanceFile(Region region, String instanceId) {
        return folder.resolve("instances").resolve(region.code() + "__" + instanceId + ".properties");
    }

    private Path snapshotFile(Region region, String snapshotId) {
        return folder.resolve("snapshots").resolve(region.code() + "__" + snapshotId + ".properties");
    }

    private static DbSnapshot snapshot(Properties p) {
        Region region = Region.of(p.getProperty("region"));
        String id = p.getProperty("id");
        return new DbSnapshot(id, "arn:aws:rds:" + region.code() + ":000000000000:snapshot:" + id,
                p.getProperty("instanceId"), region, "available", Instant.parse(p.getProperty("createdAt")),
                SnapshotType.AUTOMATED, false, null);
    }

    private static Properties read(Path f) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Temp file, forced, then an atomic rename: readers see no file or a whole one. */
    static void writeAtomically(Path target, Properties p) {
        try {
            Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, null);
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IllegalStateException("the crash test needs a file system with atomic renames: " + target, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    // ---- not used by the crash plan ----

    @Override
    public DbSnapshot createSnapshot(Region region, String instanceId, String snapshotId,
                                     java.util.Map<String, String> tags) {
        throw new UnsupportedOperationException("createSnapshot is not used by the crash plan");
    }

    @Override
    public DbSnapshot copySnapshot(SnapshotCopy copy) {
        throw new UnsupportedOperationException("copySnapshot is not used by the crash plan");
    }

    @Override
    public DbInstance rebootWithFailover(Region region, String instanceId) {
        throw new UnsupportedOperationException("rebootWithFailover is not used by the crash plan");
    }

    @Override
    public DbInstance promoteReadReplica(Region region, String instanceId) {
        throw new UnsupportedOperationException("promoteReadReplica is not used by the crash plan");
    }

    @Override
    public void deleteInstance(Region region, String instanceId, String finalSnapshotId) {
        throw new UnsupportedOperationException("deleteInstance is not used by the crash plan (it must not fail)");
    }

    @Override
    public List<AutomatedBackup> listAutomatedBackups(Region region, String sourceInstanceId) {
        return List.of();   // the crash plan restores from snapshots; this provider has no backups
    }

    @Override
    public DbInstance restoreToPointInTime(PointInTimeRestore restore) {
        throw new UnsupportedOperationException("restoreToPointInTime is not used by the crash plan");
    }

    @Override
    public List<DbInstance> listReadReplicas(Region region, String sourceInstanceId) {
        return List.of();
    }

    @Override
    public void deleteSnapshot(Region region, String snapshotId) {
        throw new UnsupportedOperationException("deleteSnapshot is not used by the crash plan");
    }
}
