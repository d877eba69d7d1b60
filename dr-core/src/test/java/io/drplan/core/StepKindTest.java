package io.drplan.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.step.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each DSL method gives its step a typed kind; descriptions play no part. */
class StepKindTest {
    @Test
    void kind_everyBuiltInStep_typedByTheMethodThatDeclaredIt() {
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("kinds")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("down", s -> s.verifySourceRegionDown())
                .step("up", s -> s.verifyRegionUp("us-west-2"))
                .step("tf", s -> s.terraform("infrastructure/terraform").workspace("dr").var("environment", "dr"))
                .step("restore", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr"))
                .step("snapshot", s -> s.createSnapshot("vibe-postgres-production").as("vibe-manual-snapshot-20260101"))
                .step("multi-az", s -> s.forceFailover("vibe-postgres-production"))
                .step("redis", s -> s.cacheFailover("vibe-redis-production"))
                .step("images", s -> s.checkImagesReplicated().image("vibe-backend", "1.42.0"))
                .step("pods", s -> s.checkPods("dr-cluster", "vibe-production").label("app", "backend"))
                .step("http", s -> s.checkHttp("https://api.vibe.dev/health"))
                .step("dns", s -> s.dnsFailover("Z0VIBEDEV0001", "api.vibe.dev").primary("dr.example.com"))
                .step("evidence", s -> s.preserveEvidence("dr-cluster", "vibe-production", Path.of("/tmp/evidence")))
                .step("approve", s -> s.approval("DevOps lead", "go?"))
                // a custom step described like a built-in one stays CUSTOM: the text is not the kind
                .step("custom-logs", s -> s.custom("Restore vibe-postgres-dr in us-west-2 from snapshot x",
                        ctx -> CompletableFuture.completedFuture(Map.of())))
                .build();

        Map<String, StepKind> kinds = new LinkedHashMap<>();
        for (Step step : plan.steps()) {
            kinds.put(step.id(), step.kind());
        }

        assertThat(kinds).containsExactly(
                Map.entry("down", StepKind.VERIFY_REGION_DOWN), Map.entry("up", StepKind.VERIFY_REGION_UP),
                Map.entry("tf", StepKind.TERRAFORM), Map.entry("restore", StepKind.RESTORE_DATABASE),
                Map.entry("snapshot", StepKind.CREATE_SNAPSHOT), Map.entry("multi-az", StepKind.FORCE_DATABASE_FAILOVER),
                Map.entry("redis", StepKind.CACHE_FAILOVER), Map.entry("images", StepKind.CHECK_IMAGES_REPLICATED),
                Map.entry("pods", StepKind.CHECK_PODS), Map.entry("http", StepKind.CHECK_HTTP),
                Map.entry("dns", StepKind.DNS_FAILOVER), Map.entry("evidence", StepKind.PRESERVE_EVIDENCE),
                Map.entry("approve", StepKind.APPROVAL), Map.entry("custom-logs", StepKind.CUSTOM));
        assertThat(plan.step("restore").orElseThrow().mutating()).isTrue();
        assertThat(plan.step("http").orElseThrow().mutating()).isFalse();
        assertThat(plan.step("approve").orElseThrow().mutating()).isFalse();
    }
}
