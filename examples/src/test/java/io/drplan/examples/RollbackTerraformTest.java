package io.drplan.examples;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Roles;
import io.drplan.core.spi.Approver.ApprovalRequest;
import io.drplan.testkit.DrTest;
import io.drplan.testkit.FakeCloud;
import org.junit.jupiter.api.Test;

/** The runbook's "Rollback after Terraform changes" on the fake cloud. */
@DrTest
class RollbackTerraformTest {

    @Test
    void rollbackTerraform_plansShowsTheChangeAsksThenAppliesThatPlan(FakeCloud cloud, DrEngine engine) {
        ExecutionReport report = engine.execute(VibePlans.rollbackTerraform());

        assertThat(report).succeeded().ranInOrder("plan-rollback", "approve-rollback", "apply-rollback");
        assertThat(report.step("plan-rollback").orElseThrow().notes()).containsExactly("planned: update module.database");
        assertThat(report.step("plan-rollback").orElseThrow().outputs())
                .containsEntry("summary", "Plan: 0 to add, 1 to change, 0 to destroy.").containsEntry("changes", 1);
        assertThat(cloud.approver().requests()).extracting(ApprovalRequest::role).containsExactly(Roles.DEVOPS_LEAD);
        assertThat(report.step("apply-rollback").orElseThrow().outputs())
                .containsEntry("summary", "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.");
    }

    @Test
    void rollbackTerraform_again_planShowsNoChanges_andNothingIsApplied(FakeCloud cloud, DrEngine engine) {
        assertThat(engine.execute(VibePlans.rollbackTerraform())).succeeded();

        ExecutionReport again = engine.execute(VibePlans.rollbackTerraform());

        assertThat(again).succeeded();
        assertThat(again.step("plan-rollback").orElseThrow().outputs()).containsEntry("changes", 0);
        assertThat(again.step("apply-rollback").orElseThrow().outputs())
                .containsEntry("summary", "No changes. Your infrastructure matches the configuration.")
                .containsEntry("changes", 0);
    }
}
