package io.drplan.testkit.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.Execution;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.FailbackPlan;
import io.drplan.core.Mode;
import io.drplan.core.RunOptions;
import io.drplan.core.Secret;
import io.drplan.core.StepFailedException;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.event.StepCheckpointedEvent;
import io.drplan.core.journal.InMemoryJournalStore;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.step.SecretUpdateStep;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import io.drplan.testkit.fake.FakeCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The secret update keeps the previous values by reference, in a backup Secret made before its first
 * change: undo after a crash, fail-back without the host giving the old values, and the values in no
 * journal line, report or event.
 */
class SecretUpdateStepTest {
    private static final String NS = "vibe-production";
    private static final String SECRET = "vibe-secrets";
    private static final String EXECUTION = "5e1f0c3a-9b7d-4c2e-8f10-2a3b4c5d6e7f";
    private static final String BACKUP = "vibe-secrets-drplan-prev-5e1f0c3a-update-config";
    private static final String OLD_URL = "postgresql://vibe:0ld-Pr1mary-pw@vibe-postgres-production:5432/vibe";
    private static final String NEW_URL = "postgresql://vibe:N3w-Dr-pw@vibe-postgres-dr:5432/vibe";
    private static final String REDIS = "redis://vibe-redis.us-east-1:6379";

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);
    private final FakeCluster dr = cloud.addCluster("dr-cluster", io.drplan.core.Region.of("us-west-2"));
    private final List<ExecutionEvent> events = new ArrayList<>();
    private final InMemoryJournalStore journal = new InMemoryJournalStore();

    SecretUpdateStepTest() {
        dr.addSecret(NS, SECRET, Map.of("DATABASE_URL", OLD_URL, "REDIS_URL", REDIS));
    }

    private DrEngine engine() {
        return DrEngine.builder().providers(cloud.providers()).scheduler(time).journal(journal).seed(7)
                .listener(events::add).build();
    }

    /**
     * The engine of the process that dies: its execution never ends, and its lock is its own (the lease a
     * dead host held has expired by the time the next one resumes).
     */
    private DrEngine dying(io.drplan.core.event.ExecutionListener listener) {
        return DrEngine.builder().providers(cloud.providers()).scheduler(time).journal(journal).seed(7)
                .lock(FakeCloud.create(time).lock()).listener(listener).build();
    }

    private static DrPlan.PlanStage stage() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("secret-test")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("update-config", s -> s.updateSecret("dr-cluster", NS, SECRET)
                        .key("DATABASE_URL", Secret.named("dr-url", NEW_URL))
                        .key("FEATURE_DR", Secret.of("on")));
    }

    private static RunOptions options() {
        return RunOptions.defaults().executionId(EXECUTION);
    }

    private String value(String secret, String key) {
        return dr.secretValue(NS, secret, key).map(Secret::reveal).orElse(null);
    }

    @Test
    void execute_secretThatDoesNotExist_isRefusedInPreflightBeforeAnyChange() {
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("secret-typo")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("update-config", s -> s.updateSecret("dr-cluster", NS, "vibe-secretz")
                        .key("DATABASE_URL", Secret.named("dr-url", NEW_URL)))
                .build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine().execute(plan, options()))
                .isInstanceOf(io.drplan.core.ExecutionRefusedException.class)
                .hasMessage("plan 'secret-typo' cannot start; nothing was changed:\n"
                        + "  - step 'update-config': secret 'vibe-production/vibe-secretz' does not exist on cluster"
                        + " dr-cluster; check the names: kubectl --context dr-cluster -n vibe-production get secrets");
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(OLD_URL);
        assertThat(cloud.calls()).allMatch(c -> c.operation().startsWith("k8s:get"), "only read-only calls");
    }

    @Test
    void execute_backupMadeBeforeTheFirstChange_holdsThePreviousValuesAndNamesTheAbsentKeys() {
        List<String> order = new ArrayList<>();
        DrEngine engine = DrEngine.builder().providers(cloud.providers()).scheduler(time).journal(journal).seed(7)
                .listener(e -> {
                    if (e instanceof StepCheckpointedEvent c && (c.key().equals("backup") || c.key().startsWith("changing."))) {
                        order.add(c.key() + (dr.secretMetadata(NS, BACKUP).isPresent() ? " (backup exists)" : ""));
                    }
                }).build();

        ExecutionReport r = engine.execute(stage().build(), options());

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(order).containsExactly("backup (backup exists)", "changing.DATABASE_URL (backup exists)",
                "changing.FEATURE_DR (backup exists)");
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(NEW_URL);
        assertThat(value(SECRET, "FEATURE_DR")).isEqualTo("on");
        assertThat(value(BACKUP, "DATABASE_URL")).isEqualTo(OLD_URL);
        ClusterProvider.SecretInfo backup = dr.secretMetadata(NS, BACKUP).orElseThrow();
        assertThat(backup.keys()).containsExactly("DATABASE_URL");   // exactly the keys it changes that existed
        assertThat(backup.labels()).isEqualTo(Map.of("drplan.io/managed", "true"));
        assertThat(backup.annotations()).containsEntry("drplan.io/execution", EXECUTION)
                .containsEntry("drplan.io/step", "update-config").containsEntry("drplan.io/secret", SECRET)
                .containsEntry("drplan.io/absent-keys", "FEATURE_DR").containsKey("drplan.io/created-at");
        StepReport step = r.step("update-config").orElseThrow();
        assertThat(step.outputs()).containsEntry(SecretUpdateStep.BACKUP_OUTPUT, BACKUP);
        assertThat(step.calls()).containsEntry("k8s:create secrets", 1).containsEntry("k8s:patch secrets", 2);
        // the backup stays after a success, listed with the command that removes it
        assertThat(r.inventory()).filteredOn(e -> e.effect() == io.drplan.core.InventoryEntry.Effect.CREATED)
                .singleElement().satisfies(e -> {
                    assertThat(e.resource().id()).isEqualTo(NS + "/" + BACKUP);
                    assertThat(e.resource().remove()).isEqualTo("kubectl --context dr-cluster -n " + NS
                            + " delete secret " + BACKUP);
                    assertThat(e.undone()).isFalse();
                });
        assertThat(journal.read(EXECUTION)).filteredOn(l -> l.contains("\"key\":\"backup\"")).singleElement()
                .asString().contains("\"name\":\"" + BACKUP + "\"").contains("\"keys\":[\"DATABASE_URL\",\"FEATURE_DR\"]")
                .contains("\"absent\":[\"FEATURE_DR\"]");
    }

    @Test
    void crashAfterThePatch_resumeThenFailure_undoPutsTheOldValuesBackFromTheBackupAndDeletesIt() {
        // given: the first process changed the secret, then died while the next step ran
        DrPlan plan = holdingPlan(new AtomicInteger());
        Execution first = dying(events::add).start(plan, Mode.EXECUTE, options());
        time.advance(Duration.ofMinutes(1));
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(NEW_URL);
        InMemoryJournalStore survived = new InMemoryJournalStore();
        journal.read(first.id()).forEach(l -> survived.append(first.id(), l));   // what the crash left

        // when: a new process resumes; the next step fails, so the secret update is undone
        ExecutionReport r = DrEngine.builder().providers(cloud.providers()).scheduler(time).journal(survived)
                .seed(8).listener(events::add).build().resume(plan, EXECUTION);

        // then: the values come back from the backup (no process kept them), and the backup is gone
        assertThat(r.state()).isEqualTo(ExecutionState.COMPENSATED);
        StepReport step = r.step("update-config").orElseThrow();
        assertThat(step.outcome()).isEqualTo(StepOutcome.COMPENSATED);
        assertThat(step.compensationError()).isNull();
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(OLD_URL);
        assertThat(dr.secretValue(NS, SECRET, "FEATURE_DR")).isEmpty();      // absent before: removed
        assertThat(value(SECRET, "REDIS_URL")).isEqualTo(REDIS);
        assertThat(dr.secretMetadata(NS, BACKUP)).isEmpty();
        assertThat(cloud.calls("k8s:delete secrets")).hasSize(1);
        assertThat(r.inventory()).filteredOn(e -> e.resource().id().equals(NS + "/" + BACKUP)).singleElement()
                .satisfies(e -> assertThat(e.undone()).isTrue());
        assertThat(r.leftBehind()).isEmpty();
        // the second process never held the old value in memory, and neither the journal nor the report has it
        assertNoValueIn(String.join("\n", survived.read(EXECUTION)));
        assertNoValueIn(r.toString() + r.toJson() + r.toMarkdown() + r.toHtml());
    }

    @Test
    void resume_ownBackupExists_isAdoptedNotRecreated_andItsValuesAreTheOnesPutBack() {
        // given: the first process made the backup and changed both keys, but the journal it left ends
        // before the second change was recorded; then it died while the next step ran
        AtomicInteger holds = new AtomicInteger();
        InMemoryJournalStore survived = new InMemoryJournalStore();
        DrEngine dying = dying(e -> {
            if (e instanceof StepCheckpointedEvent c && c.key().equals("changing.FEATURE_DR")) {
                journal.read(c.executionId()).forEach(l -> survived.append(c.executionId(), l));
            }
        });
        DrPlan plan = holdingPlan(holds);
        dying.start(plan, Mode.EXECUTE, options());
        time.advance(Duration.ofMinutes(1));
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(NEW_URL);
        assertThat(value(BACKUP, "DATABASE_URL")).isEqualTo(OLD_URL);

        // when: the step, in flight in that journal, runs again; then the next step fails
        ExecutionReport r = DrEngine.builder().providers(cloud.providers()).scheduler(time).journal(survived)
                .seed(8).build().resume(plan, EXECUTION);

        // then: it adopted its backup (not a copy of its own new values) and was undone from it
        StepReport step = r.step("update-config").orElseThrow();
        assertThat(step.notes()).contains("adopted backup Secret " + NS + "/" + BACKUP + ", made before the crash");
        assertThat(step.calls()).doesNotContainKey("k8s:create secrets");
        assertThat(cloud.calls("k8s:create secrets")).hasSize(1);
        assertThat(step.outcome()).isEqualTo(StepOutcome.COMPENSATED);
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(OLD_URL);
        assertThat(dr.secretValue(NS, SECRET, "FEATURE_DR")).isEmpty();
        assertThat(dr.secretMetadata(NS, BACKUP)).isEmpty();
    }

    /** update-config, then a step that never ends the first time (the host dies meanwhile) and fails the second. */
    private static DrPlan holdingPlan(AtomicInteger holds) {
        return stage().step("hold", s -> s.custom("wait for the apps", ctx -> holds.incrementAndGet() == 1
                        ? new CompletableFuture<>()
                        : CompletableFuture.failedFuture(new StepFailedException("the apps did not come up")))
                .after("update-config").timeout(Duration.ofDays(7))).build();
    }

    @Test
    void execute_backupNameTakenByAnotherExecution_refusedBeforeAnyChange_namingWhoCreatedIt() {
        dr.addSecret(NS, BACKUP, Map.of("DATABASE_URL", "someone-elses"), Map.of("drplan.io/managed", "true"),
                Map.of("drplan.io/execution", "5e1f0c3a-0000-other", "drplan.io/step", "update-config",
                        "drplan.io/created-at", "2026-11-01T10:00:00Z"));

        ExecutionReport r = engine().execute(stage().build(), options());

        assertThat(r.state()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.step("update-config").orElseThrow().error()).isEqualTo("the backup Secret " + NS + "/" + BACKUP
                + " that this step keeps the previous values of DATABASE_URL, FEATURE_DR in already exists, created by"
                + " execution 5e1f0c3a-0000-other (step update-config) at 2026-11-01T10:00:00Z; nothing was changed."
                + " Look at it (kubectl --context dr-cluster -n " + NS + " describe secret " + BACKUP + ") and delete"
                + " it if it is stale (kubectl --context dr-cluster -n " + NS + " delete secret " + BACKUP + "), or"
                + " give the step another id");
        assertThat(cloud.calls("k8s:patch secrets")).isEmpty();
        assertThat(cloud.calls("k8s:create secrets")).isEmpty();
        assertThat(cloud.calls("k8s:delete secrets")).isEmpty();
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(OLD_URL);
        assertThat(value(BACKUP, "DATABASE_URL")).isEqualTo("someone-elses");
    }

    /**
     * The DR cluster with {@code beforeCreate} run when a Secret is about to be created, and the create's
     * answer replaced by {@code answer} (null: the real one), as a flaky network or a racing tool would.
     */
    private DrEngine engineWithCreate(Runnable beforeCreate, RuntimeException answer) {
        ClusterProvider flaky = (ClusterProvider) java.lang.reflect.Proxy.newProxyInstance(
                ClusterProvider.class.getClassLoader(), new Class<?>[] {ClusterProvider.class}, (proxy, m, args) -> {
                    boolean create = m.getName().equals("createSecret");
                    if (create) {
                        beforeCreate.run();
                    }
                    try {
                        Object result = m.invoke(dr, args);
                        if (create && answer != null && cloud.calls("k8s:create secrets").size() == 1) {
                            throw answer;    // it landed, but its answer was lost
                        }
                        return result;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return DrEngine.builder().providers(io.drplan.core.spi.Providers.builder().cluster(flaky).build())
                .scheduler(time).journal(journal).seed(7).build();
    }

    @Test
    void execute_backupCreatedByAnotherWhileOursWasOnItsWay_refusedNamingThem() {
        ExecutionReport r = engineWithCreate(() -> {
            if (dr.secretMetadata(NS, BACKUP).isEmpty()) {
                dr.addSecret(NS, BACKUP, Map.of("X", "y"), Map.of(),
                        Map.of("drplan.io/execution", "someone", "drplan.io/step", "s", "drplan.io/created-at", "then"));
            }
        }, null).execute(stage().build(), options());

        assertThat(r.step("update-config").orElseThrow().error()).startsWith("the backup Secret " + NS + "/" + BACKUP
                + " that this step keeps the previous values of DATABASE_URL, FEATURE_DR in already exists, created by"
                + " execution someone (step s) at then; nothing was changed.");
        assertThat(cloud.calls("k8s:patch secrets")).isEmpty();
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(OLD_URL);
        assertThat(value(BACKUP, "X")).isEqualTo("y");
    }

    @Test
    void execute_createLandedButItsAnswerWasLost_theRetryRefusedAsTaken_adoptsItsOwn() {
        ExecutionReport r = engineWithCreate(() -> { }, new io.drplan.core.spi.ProviderException(
                io.drplan.core.spi.ProviderException.Reason.SERVER_ERROR, "k8s:create secrets", "k8s/dr-cluster",
                "connection reset")).execute(stage().build(), options());

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(cloud.calls("k8s:create secrets")).hasSize(2);
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(NEW_URL);
        assertThat(value(BACKUP, "DATABASE_URL")).isEqualTo(OLD_URL);
        assertThat(r.inventory()).extracting(e -> e.resource().id()).contains(NS + "/" + BACKUP);
    }

    @Test
    void execute_backupNameTakenByHand_refusedBeforeAnyChange() {
        dr.addSecret(NS, BACKUP, Map.of("X", "y"));

        ExecutionReport r = engine().execute(stage().build(), options());

        assertThat(r.step("update-config").orElseThrow().error()).contains("already exists, not created by drplan (it"
                + " has no drplan.io/execution annotation: made by hand or by another tool); nothing was changed.");
        assertThat(cloud.calls("k8s:patch secrets")).isEmpty();
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(OLD_URL);
    }

    @Test
    void failback_withoutRestoreSecret_putsThePreviousValuesBackFromTheFailoversBackup() {
        // given: a failover that changed the secret
        DrPlan failover = stage().build();
        ExecutionReport done = engine().execute(failover, options());
        assertThat(done.state()).isEqualTo(ExecutionState.SUCCEEDED);
        FailbackPlan back = FailbackPlan.of(failover);
        assertThat(back.problems()).isEmpty();

        // when
        DrPlan failbackPlan = back.plan(done);
        ExecutionReport r = engine().execute(failbackPlan);

        // then: the values are those from before the failover; the key the failover added is gone
        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(failbackPlan.step("failback-update-config").orElseThrow().description())
                .isEqualTo("Set DATABASE_URL, FEATURE_DR in secret " + NS + "/" + SECRET + " on dr-cluster (back to the"
                        + " values kept in " + BACKUP + ")");
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(OLD_URL);
        assertThat(dr.secretValue(NS, SECRET, "FEATURE_DR")).isEmpty();
        assertThat(value(SECRET, "REDIS_URL")).isEqualTo(REDIS);
        // the failover's backup is the failover's: the fail-back does not delete it
        assertThat(value(BACKUP, "DATABASE_URL")).isEqualTo(OLD_URL);
        assertNoValueIn(r.toString() + r.toJson() + r.toMarkdown() + r.toHtml());
        assertNoValueIn(String.join("\n", journal.read(r.executionId())));
    }

    @Test
    void failback_restoreSecretGiven_overridesTheBackupForThatKey() {
        DrPlan failover = stage().build();
        ExecutionReport done = engine().execute(failover, options());

        ExecutionReport r = engine().execute(FailbackPlan.of(failover)
                .restoreSecret("DATABASE_URL", io.drplan.core.SecretTemplate.of(Secret.of("postgresql://elsewhere")))
                .plan(done));

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo("postgresql://elsewhere");
        assertThat(dr.secretValue(NS, SECRET, "FEATURE_DR")).isEmpty();
    }

    @Test
    void failback_backupMadeByAnotherExecution_refusedInPreflightBeforeAnyChange() {
        DrPlan failover = stage().build();
        ExecutionReport done = engine().execute(failover, options());
        DrPlan failbackPlan = FailbackPlan.of(failover).plan(done);
        // someone replaces the backup with one of their own between the failover and the fail-back
        dr.addSecret(NS, BACKUP, Map.of("DATABASE_URL", "forged"), Map.of(), Map.of("drplan.io/execution", "other"));
        int patches = cloud.calls("k8s:patch secrets").size();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine().execute(failbackPlan))
                .isInstanceOf(io.drplan.core.ExecutionRefusedException.class)
                .hasMessage("plan 'secret-test-failback' cannot start; nothing was changed:\n  - step"
                        + " 'failback-update-config': backup Secret " + NS + "/" + BACKUP + " on dr-cluster is created by"
                        + " execution other (step ?) at an unknown time, not a backup of " + SECRET + " made by execution "
                        + EXECUTION);
        assertThat(cloud.calls("k8s:patch secrets")).hasSize(patches);
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(NEW_URL);
    }

    @Test
    void failback_reportNamesNoBackup_refusedNamingTheKeyAndTheOverride() {
        DrPlan failover = stage().build();
        ExecutionReport done = engine().execute(failover, options());
        ExecutionReport withoutBackup = withoutOutput(done, "update-config", SecretUpdateStep.BACKUP_OUTPUT);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FailbackPlan.of(failover).plan(withoutBackup))
                .isInstanceOf(io.drplan.core.PlanValidationException.class)
                .hasMessageContaining("fail-back of step 'update-config': its report names no backup Secret (output"
                        + " backupSecret) holding the previous value of DATABASE_URL, FEATURE_DR in secret vibe-secrets;"
                        + " give it with FailbackPlan.restoreSecret(\"DATABASE_URL\", SecretTemplate.of(..))");
    }

    @Test
    void valuesOldAndNew_inNoJournalLineReportOrEvent() {
        ExecutionReport r = engine().execute(stage().step("smoke", s -> s.custom("smoke test",
                ctx -> CompletableFuture.failedFuture(new StepFailedException("smoke test failed")))
                .after("update-config")).build(), options());

        assertThat(r.state()).isEqualTo(ExecutionState.COMPENSATED);
        assertThat(value(SECRET, "DATABASE_URL")).isEqualTo(OLD_URL);
        assertNoValueIn(String.join("\n", journal.read(EXECUTION)));
        assertNoValueIn(r.toString() + r.toJson() + r.toMarkdown() + r.toHtml());
        for (ExecutionEvent e : events) {
            assertNoValueIn(e.toString() + e.fields());
        }
        assertThat(events).filteredOn(e -> e instanceof StepCheckpointedEvent c && c.key().equals("backup"))
                .hasSize(1);
    }

    /** {@code r} as if step {@code stepId} had not reported output {@code output} (a report of an older version, say). */
    private static ExecutionReport withoutOutput(ExecutionReport r, String stepId, String output) {
        List<StepReport> steps = r.steps().stream().map(s -> {
            if (!s.id().equals(stepId)) {
                return s;
            }
            Map<String, Object> outputs = new java.util.LinkedHashMap<>(s.outputs());
            outputs.remove(output);
            return new StepReport(s.id(), s.description(), s.outcome(), s.startedAt(), s.finishedAt(), s.attempts(),
                    s.calls(), s.error(), s.notes(), outputs, s.compensatedAt(), s.compensationError(),
                    s.dependencies(), s.kind(), s.phase(), s.idempotent(), s.compensable());
        }).toList();
        return new ExecutionReport(r.executionId(), r.planName(), r.mode(), r.source(), r.target(), r.tier(),
                r.objectives(), r.incidentStartedAt(), r.startedAt(), r.finishedAt(), r.recoveredAt(), r.state(),
                r.verdict(), r.achievedRto(), r.restorePoint(), r.rpo(), r.criticalPath(), r.failedBack(), steps,
                r.notes(), r.measuredDataLoss(), r.phases(), r.inventory());
    }

    private static void assertNoValueIn(String text) {
        for (String v : List.of(OLD_URL, NEW_URL, "0ld-Pr1mary-pw", "N3w-Dr-pw",
                java.util.Base64.getEncoder().encodeToString(OLD_URL.getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
            assertThat(text).doesNotContain(v);
        }
    }
}
