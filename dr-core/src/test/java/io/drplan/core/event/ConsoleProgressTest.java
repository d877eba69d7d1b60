package io.drplan.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.DrPlan;
import io.drplan.core.time.SystemScheduler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void events_printStepsWaitingRetriesApprovalsAndTheEnd_againstTheEstimates() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress progress = ConsoleProgress.to(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("p")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("restore-db", s -> s.restoreLatestSnapshot("db").as("db-dr").subnetGroup("sg")
                        .estimate(Duration.ofMinutes(25)))
                .build();
        progress.watch(plan);

        List.<ExecutionEvent>of(
                new ExecutionStartedEvent("e1", T0, "p", "EXECUTE", "us-east-1", "us-west-2", "me", false, List.of(), T0),
                new ApprovalRequestedEvent("e1", at(0), "restore-db", "DevOps Lead", Duration.ofMinutes(15)),
                new ApprovalDecidedEvent("e1", at(30), "restore-db", "DevOps Lead", true, "alice", ""),
                new StepStartedEvent("e1", at(30), "restore-db", "Restore db-dr"),
                new StepRetriedEvent("e1", at(31), "restore-db", "rds:RestoreDBInstanceFromDBSnapshot", 1,
                        Duration.ofSeconds(2), "Throttling"),
                new StepProgressedEvent("e1", at(330), "restore-db", "db-dr creating"),
                new StepSucceededEvent("e1", at(1530), "restore-db", Map.of(), false),
                new StepFailedEvent("e1", at(1531), "dns", "FAILED", "zone not found"),
                new StepCompensatedEvent("e1", at(1532), "restore-db"),
                new ExecutionFinishedEvent("e1", at(1533), "COMPENSATED", "FAILED"))
                .forEach(progress::onEvent);

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "[drplan +0ms] p: execution e1 started (execute, us-east-1 -> us-west-2)",
                "[drplan +0ms] restore-db needs approval by DevOps Lead (answer within 15m 00s)",
                "[drplan +30.0s] restore-db approved by alice",
                "[drplan +30.0s] restore-db started: Restore db-dr (estimate 25m 00s)",
                "[drplan +31.0s] restore-db retry: rds:RestoreDBInstanceFromDBSnapshot attempt 1 failed (Throttling),"
                        + " trying again in 2.0s",
                "[drplan +5m 30s] restore-db waiting 5m 00s of ~25m 00s: db-dr creating",
                "[drplan +25m 30s] restore-db succeeded after 25m 00s (estimate 25m 00s)",
                "[drplan +25m 31s] dns failed: zone not found",
                "[drplan +25m 32s] restore-db undone (compensated)",
                "[drplan +25m 33s] execution e1 finished: COMPENSATED, verdict FAILED");
    }

    @Test
    void every_rejectsANonPositiveInterval() {
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            assertThatThrownBy(() -> ConsoleProgress.to(System.out).every(Duration.ZERO, scheduler))
                    .hasMessage("interval must be positive but was PT0S; use a duration such as Duration.ofMinutes(1)");
        }
    }
}
