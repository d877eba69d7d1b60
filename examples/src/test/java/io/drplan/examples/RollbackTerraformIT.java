package io.drplan.examples;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.IncidentTier;
import io.drplan.core.Refs;
import io.drplan.core.Secret;
import io.drplan.core.journal.InMemoryJournalStore;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.Approver.Decision;
import io.drplan.core.spi.InfrastructureProvider.IacRun;
import io.drplan.core.spi.InfrastructureProvider.Kind;
import io.drplan.core.spi.InfrastructureProvider.State;
import io.drplan.core.spi.Providers;
import io.drplan.terraform.TerraformProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Rollback after Terraform changes" and a Terraform step with a secret variable, run by the engine
 * on the real terraform binary, on dr-terraform's {@code infra} fixture copied to
 * {@code infrastructure/terraform}.
 */
class RollbackTerraformIT {
    private static final Path FIXTURE = Path.of("../dr-terraform/src/test/resources/fixtures/infra");

    @TempDir
    Path root;
    private TerraformProvider tf;
    private final List<String> approvals = new ArrayList<>();
    private final InMemoryJournalStore journal = new InMemoryJournalStore();

    @BeforeEach
    void setUp() throws IOException {
        Path dir = root.resolve(VibePlans.TERRAFORM_DIR);
        try (Stream<Path> files = Files.walk(FIXTURE)) {
            for (Path f : files.toList()) {
                Path to = dir.resolve(FIXTURE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        Files.writeString(root.resolve("terraformrc"), "");
        tf = TerraformProvider.builder().workingDirectory(root)
                .environment("TF_CLI_CONFIG_FILE", root.resolve("terraformrc").toString())
                .environment("AWS_REGION", "us-west-2")
                .lockTimeout(Duration.ZERO).stopGrace(Duration.ofSeconds(3)).build();
    }

    private DrEngine engine() {
        Approver approver = r -> {
            approvals.add(r.stepId() + " by " + r.role());
            return CompletableFuture.completedFuture(Decision.approve("test"));
        };
        return DrEngine.builder().providers(Providers.builder().infrastructure(tf).build()).approver(approver)
                .scheduler(io.drplan.core.time.SystemScheduler.create()).journal(journal)
                .maxPollInterval(Duration.ofMillis(100)).build();
    }

    private List<String> appliedLog() throws IOException {
        return Files.readAllLines(root.resolve(VibePlans.TERRAFORM_DIR).resolve("applied.log"));
    }

    private void applyAsDeployed() {
        tf.selectWorkspace(VibePlans.TERRAFORM_DIR, "default", true);
        String id = tf.start(new IacRun(Kind.APPLY, VibePlans.TERRAFORM_DIR, "default", Map.of(), List.of()));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!tf.status(id).state().isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(tf.status(id).state()).isEqualTo(State.SUCCEEDED);
    }

    @Test
    void rollbackTerraform_plansAsksAndAppliesOnlyTheTargetedModule() throws IOException {
        applyAsDeployed();

        ExecutionReport report = engine().execute(VibePlans.rollbackTerraform());

        assertThat(report).succeeded().ranInOrder("plan-rollback", "approve-rollback", "apply-rollback");
        assertThat(report.step("plan-rollback").orElseThrow().notes())
                .containsExactly("planned: replace module.database.terraform_data.db");
        assertThat(approvals).containsExactly("approve-rollback by DevOps Lead");
        assertThat(report.step("apply-rollback").orElseThrow().outputs())
                .containsEntry("summary", "Apply complete! Resources: 1 added, 0 changed, 1 destroyed.");
        assertThat(appliedLog()).containsExactlyInAnyOrder("network-production", "db-db.t4g.medium", "db-db.t4g.small")
                .endsWith("db-db.t4g.small");

        ExecutionReport again = engine().execute(VibePlans.rollbackTerraform());

        assertThat(again).succeeded();
        assertThat(again.step("apply-rollback").orElseThrow().outputs())
                .containsEntry("summary", "No changes. Your infrastructure matches the configuration.");
        assertThat(appliedLog()).hasSize(3);
    }

    @Test
    void secretVariable_isInNoReportAndNoJournal_andOutputsFlowToLaterSteps() {
        String value = "Pa55-" + System.nanoTime();
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("tf-secret")
                .tier(IncidentTier.MINOR).objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("activate-dr-infra", s -> s.terraform(VibePlans.TERRAFORM_DIR).workspace("dr")
                        .var("environment", "dr").var("db_password", Secret.named("db_password", value))
                        .output("alb_dns_name"))
                .step("use-alb", s -> s.custom("Read the ALB name", ctx -> CompletableFuture.completedFuture(
                        Map.<String, Object>of("alb", ctx.output(Refs.terraform("activate-dr-infra")
                                .output("alb_dns_name"))))).after("activate-dr-infra"))
                .build();

        ExecutionReport report = engine().execute(plan);

        assertThat(report).succeeded();
        assertThat(report.step("use-alb").orElseThrow().outputs()).containsEntry("alb", "vibe-alb-dr.example.com");
        assertThat(report.toJson()).contains("Apply complete! Resources: 3 added").doesNotContain(value);
        assertThat(report.toMarkdown()).doesNotContain(value);
        assertThat(report.toHtml()).doesNotContain(value);
        assertThat(String.join("\n", journal.read(report.executionId()))).isNotEmpty().doesNotContain(value);
    }
}
