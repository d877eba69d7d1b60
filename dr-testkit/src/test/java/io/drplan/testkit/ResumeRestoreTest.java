package io.drplan.testkit;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.CompensationStrategy;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.Execution;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Mode;
import io.drplan.core.Region;
import io.drplan.core.RunOptions;
import io.drplan.core.journal.InMemoryJournalStore;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A restore interrupted by a crash is adopted, with the snapshot it chose before the crash. */
class ResumeRestoreTest {
    private static final Region WEST = Region.of("us-west-2");

    @Test
    void resume_adoptsTheRestoredInstance_andKeepsTheSnapshotChosenBeforeTheCrash() {
        VirtualScheduler time = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.vibePlatform(time);
        InMemoryJournalStore journal = new InMemoryJournalStore();
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("restore-only")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .compensation(CompensationStrategy.NEVER)   // the stand-in crash below must not undo anything
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr"))
                .build();
        Execution first = DrEngine.builder().providers(cloud.providers()).scheduler(time).journal(journal).seed(1)
                .build().start(plan, Mode.EXECUTE, RunOptions.defaults());
        time.advance(Duration.ofMinutes(5));
        InMemoryJournalStore survived = new InMemoryJournalStore();
        journal.read(first.id()).forEach(l -> survived.append(first.id(), l));
        first.cancel("the host died");            // stands for the crash; the journal copy is what survived
        time.await(first.result());
        Instant chosen = Instant.parse("2025-12-25T00:00:00Z");
        // a new copy lands in the DR region while the host is down: "latest" is now a different one
        cloud.databases().addSnapshot(WEST, "vibe-postgres-production", "vibe-manual-snapshot-20260101-dr",
                SnapshotType.MANUAL, time.now());

        ExecutionReport report = DrEngine.builder().providers(cloud.providers()).scheduler(time).journal(survived)
                .seed(2).build().resume(plan, first.id());

        assertThat(report).succeeded();
        assertThat(report.restorePoint()).isEqualTo(chosen);
        assertThat(report.step("restore-db").orElseThrow().outputs()).containsEntry("snapshotId",
                "vibe-manual-snapshot-20251225-dr");
        assertThat(report.step("restore-db").orElseThrow().notes())
                .contains("its effect was found after the crash; adopted, not redone");
        assertThat(cloud.calls("rds:RestoreDBInstanceFromDBSnapshot")).hasSize(1);
    }
}
