package io.drplan.core.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.DrPlan;
import io.drplan.core.PlanValidationException;
import io.drplan.core.Refs;
import io.drplan.core.Secret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TerraformStepTest {

    private static DrPlan.PlanStage stage() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("tf")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)));
    }

    private static PlanValidationException invalid(java.util.function.Function<StepSpec, ? extends StepBuilder<?>> spec) {
        return (PlanValidationException) org.assertj.core.api.Assertions.catchThrowable(
                () -> stage().step("tf", spec).build());
    }

    @Test
    void applySavedPlan_dependsOnThePlanStep_andTakesNoVariables() {
        DrPlan plan = stage()
                .step("plan", s -> s.terraform("infra").target("module.database").var("db_instance_class", "small")
                        .planOnly())
                .step("apply", s -> s.terraform("infra").applySavedPlan(Refs.terraform("plan").planId()))
                .build();

        Step apply = plan.steps().get(1);
        assertThat(apply.dependencies()).containsExactly("plan");
        assertThat(apply.description()).isEqualTo("Terraform apply of the plan saved by plan (infra in workspace default)");
        assertThat(plan.steps().get(0).action().outputs()).containsExactly("summary", "changes", "planId");

        assertThatThrownBy(() -> stage()
                .step("plan", s -> s.terraform("infra").planOnly())
                .step("apply", s -> s.terraform("infra").var("x", "1").applySavedPlan(Refs.terraform("plan").planId()))
                .build())
                .isInstanceOfSatisfying(PlanValidationException.class, e -> assertThat(e.problems()).containsExactly(
                        "step 'apply': applySavedPlan(plan.planId) applies the saved plan as it is, with its own"
                                + " variables and targets; remove var(..), varFile(..) and target(..) from this step"));
    }

    @Test
    void output_declared_isReadableByReference_andUndeclaredIsAProblem() {
        DrPlan ok = stage()
                .step("infra", s -> s.terraform("infra").output("alb_dns_name"))
                .step("use", s -> s.updateSecret("dr-cluster", "ns", "s").key("ALB",
                        io.drplan.core.SecretTemplate.of("https://", Refs.terraform("infra").output("alb_dns_name"))))
                .build();
        assertThat(ok.steps().get(1).dependencies()).containsExactly("infra");

        assertThatThrownBy(() -> stage()
                .step("infra", s -> s.terraform("infra"))
                .step("use", s -> s.updateSecret("dr-cluster", "ns", "s").key("ALB",
                        io.drplan.core.SecretTemplate.of(Refs.terraform("infra").output("alb_dns_name"))))
                .build())
                .isInstanceOfSatisfying(PlanValidationException.class, e -> assertThat(e.problems()).containsExactly(
                        "step 'use' reads output 'infra.output.alb_dns_name', but step 'infra' (Terraform apply of infra"
                                + " in workspace default) produces [changes, summary]"));
    }

    @Test
    void badSettings_reportedTogether() {
        PlanValidationException e = invalid(s -> s.terraform("infra").var("pw", "x").var("pw", Secret.of("y"))
                .output("not a name"));

        assertThat(e.problems()).containsExactly(
                "step 'tf': var pw is given twice, once as a secret; keep one",
                "step 'tf': output 'not a name' is not a Terraform output name; use the name of an output block,"
                        + " e.g. \"alb_dns_name\"");
    }

    @Test
    void checkStateAvailableIn_onlyChecks() {
        DrPlan plan = stage().step("tf", s -> s.terraform("infra").workspace("dr").checkStateAvailableIn("us-west-2"))
                .build();
        assertThat(plan.steps().get(0).description())
                .isEqualTo("Check the Terraform state of infra (workspace dr) is available in us-west-2");
        assertThat(plan.steps().get(0).operations()).allMatch(io.drplan.core.spi.Operation::isReadOnly);

        assertThat(invalid(s -> s.terraform("infra").var("a", "b").checkStateAvailableIn("mars-1")).problems())
                .containsExactly(
                        "step 'tf': checkStateAvailableIn (region) 'mars-1' is not a known region code; use one such as"
                                + " us-east-1 or us-west-2",
                        "step 'tf': checkStateAvailableIn(mars-1) only checks the state; remove var(..), varFile(..),"
                                + " target(..), output(..), planOnly() and applySavedPlan(..), or give the run its own"
                                + " step");
    }

    @Test
    void secretVariable_shownMasked() {
        DrPlan plan = stage().step("tf", s -> s.terraform("infra").var("db_password", Secret.of("hunter2-secret"))
                .var("environment", "dr")).build();

        assertThat(plan.steps().get(0).description())
                .isEqualTo("Terraform apply of infra in workspace default with {db_password=****, environment=dr}");
        assertThat(plan.toString()).doesNotContain("hunter2-secret");
    }
}
