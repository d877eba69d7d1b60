package io.drplan.testkit.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DatabaseProvider.DbRestore;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.ProviderException;
import io.drplan.testkit.VirtualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash test's file-backed fake: state in files, one log line per real restore, crash-atomic. */
class FileBackedDatabasesTest {
    private static final Region WEST = Region.of("us-west-2");
    private static final DbRestore RESTORE = new DbRestore(WEST, "snap-2", "db-dr", "subnets", List.of(), null, false);

    @TempDir
    Path folder;
    private final VirtualScheduler time = VirtualScheduler.create();
    private FileBackedDatabases db;

    @BeforeEach
    void seed() {
        db = new FileBackedDatabases(folder, time, Duration.ofMillis(300));
        db.seedSnapshot(WEST, "db", "snap-1", Instant.parse("2026-01-01T00:00:00Z"));
        db.seedSnapshot(WEST, "db", "snap-2", Instant.parse("2026-01-02T00:00:00Z"));
        db.seedSnapshot(WEST, "other", "snap-3", Instant.parse("2026-01-03T00:00:00Z"));
    }

    @Test
    void listSnapshots_newestFirst_onlyOfTheInstance() {
        assertThat(db.listSnapshots(WEST, "db", SnapshotType.AUTOMATED)).extracting(s -> s.id())
                .containsExactly("snap-2", "snap-1");
    }

    @Test
    void restoreFromSnapshot_creatingUntilTheCreationTimePassed_thenAvailableWithEndpoint() {
        DbInstance started = db.restoreFromSnapshot(RESTORE);
        assertThat(started.status()).isEqualTo("creating");
        assertThat(started.endpoint()).isNull();

        time.advance(Duration.ofMillis(299));
        assertThat(db.findInstance(WEST, "db-dr").orElseThrow().status()).isEqualTo("creating");
        time.advance(Duration.ofMillis(1));
        DbInstance ready = db.findInstance(WEST, "db-dr").orElseThrow();

        assertThat(ready.status()).isEqualTo("available");
        assertThat(ready.endpoint()).isEqualTo("db-dr.us-west-2.rds.fake");
        assertThat(db.actions().lines()).containsExactly("restore us-west-2 db-dr snap-2 "
                + VirtualScheduler.DEFAULT_START.toEpochMilli());
    }

    @Test
    void restoreFromSnapshot_instanceExists_conflictAndNoSecondLogLine() {
        db.restoreFromSnapshot(RESTORE);

        assertThatThrownBy(() -> db.restoreFromSnapshot(RESTORE)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("DB instance db-dr already exists in us-west-2")
                .extracting(e -> ((ProviderException) e).reason()).isEqualTo(ProviderException.Reason.CONFLICT);
        assertThat(db.actions().count("restore ")).isEqualTo(1);
    }

    @Test
    void state_survivesANewProviderOnTheSameFolder() {
        db.restoreFromSnapshot(RESTORE);
        time.advance(Duration.ofSeconds(1));

        FileBackedDatabases afterRestart = new FileBackedDatabases(folder, time, Duration.ofMillis(300));

        assertThat(afterRestart.findInstance(WEST, "db-dr").orElseThrow().isAvailable()).isTrue();
        assertThatThrownBy(() -> afterRestart.restoreFromSnapshot(RESTORE)).isInstanceOf(ProviderException.class);
    }

    @Test
    void findInstance_restoreCommittedButInstanceFileMissing_isMaterialisedFromTheLog() throws Exception {
        // the client died between the log line (the commit) and the instance file
        db.restoreFromSnapshot(RESTORE);
        Path instances = folder.resolve("instances");
        try (var files = Files.list(instances)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }

        assertThat(db.findInstance(WEST, "db-dr")).isPresent();
        assertThatThrownBy(() -> db.restoreFromSnapshot(RESTORE)).isInstanceOf(ProviderException.class);
        assertThat(db.actions().count("restore ")).isEqualTo(1);
    }

    @Test
    void actionsLog_tornLastLine_isNotAnAction() throws Exception {
        db.restoreFromSnapshot(RESTORE);
        Files.writeString(db.actions().file(), "announce crash-1 half", java.nio.file.StandardOpenOption.APPEND);

        assertThat(db.actions().lines()).hasSize(1);
    }
}
