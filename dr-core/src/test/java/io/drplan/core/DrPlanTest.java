package io.drplan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.step.Step;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrPlanTest {

    private static DrPlan.PlanStage base() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)).mttr(Duration.ofHours(2)));
    }

    @Test
    void build_validPlan_ordersStepsByDependencies() {
        DrPlan plan = base()
                .step("health", s -> s.checkHttp("https://api.vibe.dev/health").after("restore-db"))
                .step("verify-primary", s -> s.verifySourceRegionDown())
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr").after("verify-primary"))
                .build();

        assertThat(plan.orderedSteps()).extracting(Step::id).containsExactly("verify-primary", "restore-db", "health");
        assertThat(plan.name()).isEqualTo("failover-us-east-1-to-us-west-2");
        assertThat(plan.tier()).isEqualTo(IncidentTier.CRITICAL);
        assertThat(plan.objectives().rto()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void build_manyMistakes_reportsEveryProblemAtOnce() {
        DrPlan.PlanStage stage = DrPlan.region("us-east-9").failoverTo("us-east-9")
                .objectives(o -> o.rto(Duration.ofHours(-1)).rpo(Duration.ZERO))
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr"))
                .step("restore-db", s -> s.checkHttp("https://api.vibe.dev/health"))
                .step("dns", s -> s.dnsFailover("Z1", "api.vibe.dev").primary("alb").after("nope"))
                .step("slow", s -> s.checkPods("dr-cluster", "vibe-production").timeout(Duration.ofSeconds(-5)));

        assertThatThrownBy(stage::build)
                .isInstanceOf(PlanValidationException.class)
                .satisfies(e -> assertThat(((PlanValidationException) e).problems()).containsExactly(
                        "region (source) 'us-east-9' is not a known region code; use one such as us-east-1 or us-west-2",
                        "failoverTo (target) 'us-east-9' is not a known region code; use one such as us-east-1 or us-west-2",
                        "failoverTo 'us-east-9' is the same region as the source; fail over to another region, e.g. us-west-2",
                        "objectives rto must be positive but was PT-1H; use a duration such as Duration.ofMinutes(30)",
                        "objectives rpo must be positive but was PT0S; use a duration such as Duration.ofMinutes(30)",
                        "step 'restore-db': subnetGroup is missing; set it, e.g. .subnetGroup(\"vibe-db-subnet-group-dr\")",
                        "step 'restore-db': in (region) 'us-east-9' is not a known region code; use one such as us-east-1 or us-west-2",
                        "step id 'restore-db' is used twice; give each step its own id",
                        "step 'slow' timeout must be positive but was PT-5S; use a duration such as Duration.ofMinutes(30)",
                        "step 'dns' depends on step 'nope', which does not exist; known steps are [restore-db, dns, slow]"))
                .hasMessageStartingWith("plan 'failover-us-east-9-to-us-east-9' is invalid (10 problems):\n  - region (source)");
    }

    @Test
    void build_cycle_printsTheCycle() {
        DrPlan.PlanStage stage = base()
                .step("a", s -> s.verifySourceRegionDown().after("c"))
                .step("b", s -> s.checkHttp("https://x.example/health").after("a"))
                .step("c", s -> s.checkHttp("https://y.example/health").after("b"));

        assertThatThrownBy(stage::build)
                .isInstanceOf(PlanValidationException.class)
                .hasMessageContaining("steps form a dependency cycle (each waits for the next): a -> c -> b -> a;"
                        + " remove one of these dependencies");
    }

    @Test
    void build_missingObjectivesAndSteps_namesBoth() {
        assertThatThrownBy(() -> DrPlan.region("us-east-1").failoverTo("us-west-2").build())
                .isInstanceOf(PlanValidationException.class)
                .satisfies(e -> assertThat(((PlanValidationException) e).problems()).containsExactly(
                        "objectives are missing; add .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))",
                        "the plan has no steps; add one with .step(\"verify-primary\", s -> s.verifySourceRegionDown())"));
    }

    @Test
    void build_stepThatDoesNothingOrTwoThings_isRejected() {
        assertThatThrownBy(() -> base()
                .step("empty", s -> null)
                .step("double", s -> {
                    s.verifySourceRegionDown();
                    return s.checkHttp("https://api.vibe.dev/health");
                }).build())
                .isInstanceOf(PlanValidationException.class)
                .satisfies(e -> assertThat(((PlanValidationException) e).problems()).containsExactly(
                        "step 'empty' does nothing; choose what it does, e.g. s -> s.restoreLatestSnapshot(..)",
                        "step 'double' chose 2 kinds of step; give each its own step(..)"));
    }

    @Test
    void build_specThatChoosesButReturnsNothing_isRejectedNamingTheFix() {
        assertThatThrownBy(() -> base()
                .step("lost", s -> {
                    s.checkHttp("https://api.vibe.dev/health").expectStatus(200);
                    return null;
                }).build())
                .isInstanceOf(PlanValidationException.class)
                .satisfies(e -> assertThat(((PlanValidationException) e).problems()).containsExactly(
                        "step 'lost' must return the builder its spec chose, e.g. s -> s.restoreLatest(..).as(..),"
                                + " but returned null"));
    }

    @Test
    void build_outputOfWrongKind_namesWhatTheProducerHas() {
        assertThatThrownBy(() -> base()
                .step("probe", s -> s.verifySourceRegionDown())
                .step("secret", s -> s.updateSecret("dr-cluster", "vibe-production", "vibe-secrets")
                        .key("DATABASE_URL", SecretTemplate.of("postgresql://", Refs.database("probe").endpoint())))
                .build())
                .isInstanceOf(PlanValidationException.class)
                .hasMessageContaining("step 'secret' reads output 'probe.endpoint', but step 'probe' (Verify region"
                        + " us-east-1 is down) produces [healthy]");
    }

    @Test
    void outputReference_addsDependency() {
        DrPlan plan = base()
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr"))
                .step("secret", s -> s.updateSecret("dr-cluster", "vibe-production", "vibe-secrets")
                        .key("DATABASE_URL", SecretTemplate.of("postgresql://vibe:", Secret.of("s3cr3t-pw"), "@",
                                Refs.database("restore-db").endpoint(), ":5432/vibe")))
                .build();

        assertThat(plan.step("secret").orElseThrow().dependencies()).containsExactly("restore-db");
        assertThat(plan.toString()).doesNotContain("s3cr3t-pw");
    }

    @Test
    void terraformSecretVar_isShownMaskedEverywhere() {
        DrPlan plan = base().step("infra", s -> s.terraform("infrastructure/terraform").workspace("dr")
                .var("environment", "dr").var("db_password", Secret.of("tf-s3cret-value"))).build();

        assertThat(plan.step("infra").orElseThrow().description())
                .isEqualTo("Terraform apply of infrastructure/terraform in workspace dr with {db_password=****,"
                        + " environment=dr}");
        assertThat(plan.toString()).doesNotContain("tf-s3cret-value");
        assertThat(plan.step("infra").orElseThrow().action().secrets()).extracting(Secret::reveal)
                .containsExactly("tf-s3cret-value");
    }

    @Test
    void stages_areImmutable_aSavedStageContinuesTwoWays() {
        DrPlan.PlanStage common = base().step("verify", s -> s.verifySourceRegionDown());

        DrPlan one = common.step("a", s -> s.checkHttp("https://a.example/health")).build();
        DrPlan two = common.named("other").step("b", s -> s.checkHttp("https://b.example/health")).build();

        assertThat(one.steps()).extracting(Step::id).containsExactly("verify", "a");
        assertThat(two.steps()).extracting(Step::id).containsExactly("verify", "b");
        assertThat(one.name()).isNotEqualTo(two.name());
    }

    @Test
    void preview_criticalPathAndRtoFeasibility() {
        DrPlan plan = base()
                .step("verify", s -> s.verifySourceRegionDown())
                .step("infra", s -> s.terraform("infrastructure/terraform").workspace("dr").after("verify"))
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr").after("verify"))
                .step("restart", s -> s.rolloutRestart("dr-cluster", "vibe-production", "vibe-backend")
                        .after("restore-db", "infra"))
                .build();

        PlanPreview p = plan.preview();

        assertThat(p.criticalPath()).containsExactly("verify", "restore-db", "restart");
        assertThat(p.criticalPathDuration()).isEqualTo(Duration.ofMinutes(28).plusSeconds(5));
        assertThat(p.rtoReachable()).isTrue();
        assertThat(p.toString()).contains("Critical path: verify -> restore-db -> restart = 28m 05s",
                "RTO 4h 00m: reachable");
        assertThat(p.steps()).filteredOn(s -> s.step().id().equals("infra")).singleElement()
                .satisfies(s -> assertThat(s.critical()).isFalse());
    }

    @Test
    void preview_rtoShorterThanCriticalPath_isNotReachable() {
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2")
                .objectives(o -> o.rto(Duration.ofMinutes(10)).rpo(Duration.ofHours(1)))
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr"))
                .build();

        assertThat(plan.preview().rtoReachable()).isFalse();
        assertThat(plan.preview().toString()).contains("RTO 10m 00s: NOT reachable (critical path 25m 00s)");
    }

    @Test
    void largePlan_buildsAndSorts() {
        DrPlan.PlanStage stage = base();
        for (int i = 0; i < 2000; i++) {
            int n = i;
            stage = stage.step("s" + i, s -> n == 0 ? s.verifySourceRegionDown()
                    : s.checkHttp("https://h" + n + ".example/health").after("s" + (n - 1)));
        }
        DrPlan plan = stage.build();
        List<Step> ordered = plan.orderedSteps();
        assertThat(ordered).hasSize(2000);
        assertThat(ordered.get(1999).id()).isEqualTo("s1999");
    }
}
