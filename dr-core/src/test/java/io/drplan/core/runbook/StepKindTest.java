package io.drplan.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrPlan;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.step.Step;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Pins the classifier to the descriptions the built-in steps really write: if a step builder
 * rewords its description, this fails instead of the checklist silently going MANUAL.
 */
class StepKindTest {
    @Test
    void of_everyBuiltInStep_classifiedByItsDescription() {
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("kinds")
                .objectives(o -> o.rto(java.time.Duration.ofHours(4)).rpo(java.time.Duration.ofHours(1)))
                .step("down", s -> s.verifySourceRegionDown())
                .step("up", s -> s.verifyRegionUp("us-west-2"))
                .step("tf", s -> s.terraform("infrastructure/terraform").workspace("dr").var("environment", "dr"))
                .step("restore", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr"))
                .step("restore-named", s -> s.restoreSnapshot("vibe-manual-snapshot-20260101-dr")
                        .as("vibe-postgres-dr2").subnetGroup("vibe-db-subnet-group-dr"))
                .step("snapshot", s -> s.createSnapshot("vibe-postgres-production").as("vibe-manual-snapshot-20260101"))
                .step("multi-az", s -> s.forceFailover("vibe-postgres-production"))
                .step("promote", s -> s.promoteReadReplica("vibe-postgres-replica"))
                .step("redis", s -> s.cacheFailover("vibe-redis-production"))
                .step("images", s -> s.checkImagesReplicated().image("vibe-backend", "1.42.0"))
                .step("bucket", s -> s.checkBucketProtection("vibe-files"))
                .step("nodes", s -> s.checkNodes("dr-cluster"))
                .step("api", s -> s.checkApiServer("dr-cluster"))
                .step("targets", s -> s.checkTargetHealth("arn:aws:elasticloadbalancing:us-west-2:1:targetgroup/t/0"))
                .step("pods", s -> s.checkPods("dr-cluster", "vibe-production").label("app", "backend"))
                .step("services", s -> s.checkServices("dr-cluster", "vibe-production").expect("vibe-backend"))
                .step("http", s -> s.checkHttp("https://api.vibe.dev/health"))
                .step("dns", s -> s.dnsFailover("Z0VIBEDEV0001", "api.vibe.dev").primary("dr.example.com"))
                .step("evidence", s -> s.preserveEvidence("dr-cluster", "vibe-production", Path.of("/tmp/evidence")))
                .step("restart", s -> s.rolloutRestart("dr-cluster", "vibe-production", "vibe-backend"))
                .step("custom-logs", s -> s.custom("Preserve logs of the primary region in S3",
                        ctx -> CompletableFuture.completedFuture(Map.of())))
                .build();

        Map<String, StepKind> kinds = new LinkedHashMap<>();
        for (Step step : plan.steps()) {
            kinds.put(step.id(), StepKind.of(new StepReport(step.id(), step.description(), StepOutcome.SUCCEEDED,
                    null, null, 1, Map.of(), null, List.of(), Map.of(), null, null, List.of())));
        }

        assertThat(kinds).containsExactly(
                Map.entry("down", StepKind.OTHER), Map.entry("up", StepKind.REGION_UP),
                Map.entry("tf", StepKind.TERRAFORM), Map.entry("restore", StepKind.DB_RESTORE),
                Map.entry("restore-named", StepKind.DB_RESTORE), Map.entry("snapshot", StepKind.OTHER),
                Map.entry("multi-az", StepKind.DB_FAILOVER), Map.entry("promote", StepKind.DB_FAILOVER),
                Map.entry("redis", StepKind.CACHE_FAILOVER), Map.entry("images", StepKind.IMAGES),
                Map.entry("bucket", StepKind.BUCKET), Map.entry("nodes", StepKind.NODES),
                Map.entry("api", StepKind.API_SERVER), Map.entry("targets", StepKind.TARGETS),
                Map.entry("pods", StepKind.PODS), Map.entry("services", StepKind.SERVICES),
                Map.entry("http", StepKind.HTTP), Map.entry("dns", StepKind.DNS_FAILOVER),
                Map.entry("evidence", StepKind.PRESERVE_LOGS), Map.entry("restart", StepKind.OTHER),
                Map.entry("custom-logs", StepKind.PRESERVE_LOGS));
    }

    @Test
    void of_backupFreshnessCheck_asSnapshotPolicyStepDescribesIt() {
        // SnapshotPolicyStep.checkBackupFreshness landed on main after this branch; its description, verbatim
        StepReport step = new StepReport("check-backups", "Verify backup integrity: the newest snapshot of"
                + " vibe-postgres-production in us-west-2 is at most 1h 00m old", StepOutcome.SUCCEEDED, null, null,
                1, Map.of(), null, List.of(), Map.of(), null, null, List.of());

        assertThat(StepKind.of(step)).isEqualTo(StepKind.BACKUP_FRESHNESS);
    }
}
