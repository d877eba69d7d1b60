package io.drplan.testkit.steps;

import io.drplan.core.step.*;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.PlanValidationException;
import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider.SnapshotCopy;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.testkit.DrTest;
import io.drplan.testkit.FakeCloud;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pruneSnapshots deletes only the plan's own (prefixed), available, expired manual snapshots. */
@DrTest
class SnapshotPruneTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final String DB = "vibe-postgres-production";

    private static DrPlan prune() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("prune")
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("prune", s -> s.pruneSnapshots(DB).in("us-west-2").prefix("vibe-manual-snapshot-")
                        .olderThan(Duration.ofDays(30)))
                .build();
    }

    @Test
    void pruneSnapshots_keepsOthersSnapshotsAndOnesNotAvailable(FakeCloud cloud, DrEngine engine) {
        var old = cloud.time().now().minus(Duration.ofDays(40));
        cloud.databases().addSnapshot(WEST, DB, "vibe-manual-snapshot-20251022-dr", SnapshotType.MANUAL, old);
        cloud.databases().addSnapshot(WEST, DB, "dba-before-upgrade", SnapshotType.MANUAL, old);
        cloud.databases().addSnapshot(EAST, DB, "vibe-manual-snapshot-20251021", SnapshotType.MANUAL, old);
        // a copy keeps its source's age and is not available for the 15 minutes it takes
        cloud.databases().copySnapshot(new SnapshotCopy(EAST, "vibe-manual-snapshot-20251021", null, WEST,
                "vibe-manual-snapshot-20251021-dr", null));

        ExecutionReport r = engine.execute(prune());

        assertThat(r).succeeded();
        assertThat(r.step("prune").orElseThrow().outputs().get("deleted"))
                .isEqualTo(List.of("vibe-manual-snapshot-20251022-dr"));
        assertThat(r.step("prune").orElseThrow().notes()).anySatisfy(n -> assertThat(n)
                .startsWith("kept vibe-manual-snapshot-20251021-dr: it is ").endsWith(", not available"));
        assertThat(cloud.databases().findSnapshot(WEST, "dba-before-upgrade")).isPresent();
        assertThat(cloud.databases().findSnapshot(WEST, "vibe-manual-snapshot-20251021-dr")).isPresent();
        assertThat(cloud.databases().findSnapshot(WEST, "vibe-manual-snapshot-20251022-dr")).isEmpty();
        assertThat(cloud.calls("rds:DeleteDBSnapshot")).hasSize(1);
    }

    @Test
    void pruneSnapshots_withoutPrefix_isRefusedBeforeAnyAction() {
        assertThatThrownBy(() -> DrPlan.region("us-east-1").failoverTo("us-west-2").named("prune")
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("prune", s -> s.pruneSnapshots(DB).olderThan(Duration.ofDays(30)))
                .build())
                .isInstanceOf(PlanValidationException.class)
                .hasMessageContaining("pruneSnapshots prefix is missing; set the id prefix of the snapshots this plan"
                        + " creates, e.g. .prefix(\"vibe-manual-snapshot-\"), so that snapshots others took are never"
                        + " deleted");
    }
}
