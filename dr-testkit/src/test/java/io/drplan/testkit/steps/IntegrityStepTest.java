package io.drplan.testkit.steps;

import io.drplan.core.step.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.PlanValidationException;
import io.drplan.core.Refs;
import io.drplan.core.Secret;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.integrity.Baseline;
import io.drplan.core.integrity.Database;
import io.drplan.core.integrity.Finding;
import io.drplan.core.integrity.IntegrityReport;
import io.drplan.core.integrity.TableCheck;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The {@code checkIntegrity} step after a restore, on the fake cloud and the fake integrity probe. */
class IntegrityStepTest {
    private static final Secret PASSWORD = Secret.named("db-password", "pg-pass-1234");
    private static final Database PRIMARY = Database.of(
            "jdbc:postgresql://vibe-postgres-production.c1.us-east-1.rds.amazonaws.com:5432/vibe", "vibe_ro", PASSWORD);
    private static final TableCheck ORDERS = TableCheck.of("orders").key("id").columns("id", "total")
            .watermark("updated_at").ranges(1000);

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.vibePlatform(time);

    private DrPlan.PlanStage restoreThen(UnaryOperator<IntegrityStep> options) {
        return DrPlan.region("us-east-1").failoverTo("us-west-2")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr").securityGroups("sg-0vibedr"))
                .step("verify-data", s -> options.apply(s.checkIntegrity(Refs.database("restore-db").endpoint())
                        .database("vibe").user("vibe_ro").password(PASSWORD).table(ORDERS)));
    }

    private ExecutionReport run(DrPlan plan) {
        return DrEngine.builder().providers(cloud.providers()).scheduler(time).seed(3).build().execute(plan);
    }

    @Test
    void laggingButIntactCopy_succeeds_withTheMeasuredLossInItsOutputs() {
        cloud.integrity().answer("vibe-postgres-dr", new IntegrityReport(List.of(), List.of(), Duration.ofMinutes(4), 37));

        ExecutionReport r = run(restoreThen(i -> i.reference(PRIMARY)).build());

        StepReport s = r.step("verify-data").orElseThrow();
        assertThat(s.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(s.outputs()).containsEntry("intact", true).containsEntry("measuredLoss", "PT4M")
                .containsEntry("rowsLost", 37L).containsEntry("reference", "primary")
                .containsEntry("findings", List.of());
        assertThat(cloud.integrity().compared()).singleElement().asString()
                .startsWith("vibe_ro@jdbc:postgresql://vibe-postgres-dr.").endsWith(":5432/vibe against primary");
        assertThat(s.description()).isEqualTo("Verify data integrity of the database restored by restore-db against"
                + " the primary: orders");
    }

    @Test
    void findings_failTheStep_namingThem() {
        cloud.integrity().answer("vibe-postgres-dr", new IntegrityReport(List.of(new Finding("orders",
                Finding.Kind.ROW_COUNT, "id in [1000, 2000): 999 rows restored, 1000 in the reference")),
                List.of(), Duration.ZERO, 0));

        StepReport s = run(restoreThen(i -> i.reference(PRIMARY)).build()).step("verify-data").orElseThrow();

        assertThat(s.outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(s.error()).contains("differs from the primary: orders ROW_COUNT: id in [1000, 2000): 999 rows"
                + " restored, 1000 in the reference").doesNotContain("pg-pass-1234");
    }

    @Test
    void primaryUnreachable_fallsBackToTheBaseline() {
        cloud.integrity().answer("vibe-postgres-dr", new IntegrityReport(List.of(), List.of(), Duration.ZERO, 0))
                .primaryUnreachable();

        StepReport s = run(restoreThen(i -> i.reference(PRIMARY).baseline(new Baseline(List.of()))).build())
                .step("verify-data").orElseThrow();

        assertThat(s.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(s.outputs()).containsEntry("reference", "baseline");
    }

    @Test
    void primaryUnreachable_withoutBaseline_fails() {
        cloud.integrity().answer("vibe-postgres-dr", new IntegrityReport(List.of(), List.of(), Duration.ZERO, 0))
                .primaryUnreachable();

        StepReport s = run(restoreThen(i -> i.reference(PRIMARY)).build()).step("verify-data").orElseThrow();

        assertThat(s.outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(s.error()).contains("cannot reach the reference database vibe_ro@jdbc:postgresql://"
                + "vibe-postgres-production.c1.us-east-1.rds.amazonaws.com:5432/vibe");
    }

    @Test
    void build_missingSettings_areAllNamed() {
        DrPlan.PlanStage stage = DrPlan.region("us-east-1").failoverTo("us-west-2")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr"))
                .step("verify-data", s -> s.checkIntegrity(Refs.database("restore-db").endpoint()).port(0));

        assertThatThrownBy(stage::build).isInstanceOfSatisfying(PlanValidationException.class, e ->
                assertThat(e.problems()).containsExactly(
                        "step 'verify-data': checkIntegrity database is missing; set it, e.g. .database(\"vibe\")",
                        "step 'verify-data': checkIntegrity user is missing; set it, e.g. .user(\"vibe_readonly\")",
                        "step 'verify-data': checkIntegrity password is missing; set it, e.g."
                                + " .password(Secret.fromEnv(\"DB_PASSWORD\"))",
                        "step 'verify-data': checkIntegrity port must be 1-65535 but was 0",
                        "step 'verify-data': checkIntegrity has nothing to compare with; add .reference(primary)"
                                + " and/or .baseline(recorded)",
                        "step 'verify-data': checkIntegrity names no table; add one, e.g."
                                + " .table(TableCheck.of(\"orders\").key(\"id\").columns(\"id\", \"total\"))"));
    }
}
