package io.drplan.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a report says when the data measured lost is more than the restore point's age. */
class MeasuredLossTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration RPO = Duration.ofMinutes(5);

    /** Restored to {@code T0 - 5 min}; verify-data measured {@code loss} when it finished at {@code T0 + checkedAt}. */
    private static ExecutionReport report(Mode mode, Duration loss, Duration checkedAt) {
        StepReport verify = new StepReport("verify-data", "Check the data", StepOutcome.SUCCEEDED,
                T0.plus(checkedAt).minusSeconds(1), T0.plus(checkedAt), 1, Map.of(), null, List.of(),
                Map.of("measuredLoss", loss.toString()), null, null, List.of());
        return new ExecutionReport("exec-1", "plan", mode, Region.of("us-east-1"), Region.of("us-west-2"),
                IncidentTier.CRITICAL, Objectives.RUNBOOK_DEFAULTS, T0, T0, T0.plus(checkedAt), T0.plus(checkedAt),
                ExecutionState.SUCCEEDED, Verdict.MET, checkedAt, T0.minus(RPO), RPO, checkedAt, mode == Mode.DRILL,
                List.of(verify), List.of(), loss, List.of());
    }

    @Test
    void drill_lossWithinTheTimeSinceTheIncident_isThePrimarysWritesMeanwhile() {
        ExecutionReport r = report(Mode.DRILL, Duration.ofMinutes(30), Duration.ofMinutes(25));

        assertThat(r.measuredLossBeyondRpo()).hasValue("25m 00s more than the restore point's age: the primary kept"
                + " taking writes in the 25m 00s between the incident's start and verify-data; a drill leaves it running");
        assertThat(r.toString()).contains("Measured data loss: 30m 00s against objective 1h 00m -> met (25m 00s more");
    }

    @Test
    void lossBeyondTheTimeSinceTheIncident_isDataTheCopyLacks() {
        ExecutionReport r = report(Mode.DRILL, Duration.ofMinutes(100), Duration.ofMinutes(25));

        assertThat(r.measuredLossBeyondRpo()).hasValue("1h 35m more than the restore point's age, more than the"
                + " 25m 00s between the incident's start and verify-data: the restored copy lacks data from before its"
                + " restore point");
    }

    @Test
    void execution_lossWithinTheTimeSinceTheIncident_namesBothCauses() {
        ExecutionReport r = report(Mode.EXECUTE, Duration.ofMinutes(10), Duration.ofMinutes(25));

        assertThat(r.measuredLossBeyondRpo()).hasValue("5m 00s more than the restore point's age: writes the primary"
                + " took in the 25m 00s between the incident's start and verify-data, or data the copy lacks from"
                + " before its restore point");
        assertThat(r.toMarkdown()).contains("(5m 00s more than the restore point's age: writes the primary took");
        assertThat(r.toHtml()).contains("; 5m 00s more than the restore point&#39;s age");
    }

    @Test
    void lossWithinTheRestorePointsAge_saysNothingMore() {
        assertThat(report(Mode.DRILL, RPO, Duration.ofMinutes(25)).measuredLossBeyondRpo()).isEmpty();
        assertThat(report(Mode.DRILL, Duration.ofMinutes(3), Duration.ofMinutes(25)).measuredLossBeyondRpo()).isEmpty();
    }
}
