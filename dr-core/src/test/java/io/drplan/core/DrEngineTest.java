package io.drplan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.event.StepRetriedEvent;
import io.drplan.core.journal.InMemoryJournalStore;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.core.spi.Providers;
import io.drplan.core.step.Poll;
import io.drplan.core.step.StepContext;
import io.drplan.core.time.DeterministicScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The engine on virtual time with custom steps: scheduling, retries, compensation, approvals, locks, resume. */
class DrEngineTest {
    private static final Operation OP = Operation.of("test", "Work");

    private final DeterministicScheduler time = new DeterministicScheduler();
    private final List<String> log = new ArrayList<>();
    private final List<ExecutionEvent> events = new ArrayList<>();

    private DrEngine.Builder engine() {
        return DrEngine.builder().providers(Providers.builder().build()).scheduler(time).seed(7)
                .listener(events::add);
    }

    /** A step that waits {@code d} of virtual time, logging its start and end. */
    private Function<StepContext, CompletionStage<Map<String, Object>>> work(String name, Duration d) {
        return ctx -> {
            log.add("start " + name + " @" + offset());
            Instant until = ctx.now().plus(d);
            return ctx.await(name, OP, "test/" + name, Duration.ofSeconds(5), () -> ctx.now().isBefore(until)
                    ? Poll.pending("working") : Poll.done(Map.<String, Object>of("done", name)))
                    .thenApply(m -> {
                        log.add("end " + name + " @" + offset());
                        return m;
                    });
        };
    }

    private long offset() {
        return Duration.between(DeterministicScheduler.START, time.now()).toSeconds();
    }

    private static DrPlan.PlanStage plan() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("test-plan")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)));
    }

    @Test
    void execute_independentStepsOverlap_dependentsWait() {
        DrPlan p = plan()
                .step("a", s -> s.custom("a", work("a", Duration.ofMinutes(10))).estimate(Duration.ofMinutes(10)))
                .step("b", s -> s.custom("b", work("b", Duration.ofMinutes(5))).estimate(Duration.ofMinutes(5)))
                .step("c", s -> s.custom("c", work("c", Duration.ofMinutes(1))).estimate(Duration.ofMinutes(1))
                        .after("a", "b"))
                .build();

        ExecutionReport r = engine().build().execute(p);

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.verdict()).isEqualTo(Verdict.MET);
        assertThat(r.step("a").orElseThrow().startedAt()).isEqualTo(r.step("b").orElseThrow().startedAt());
        assertThat(r.step("c").orElseThrow().startedAt()).isAfterOrEqualTo(r.step("a").orElseThrow().finishedAt());
        assertThat(r.criticalPath()).isEqualTo(Duration.ofMinutes(11));
        // polling overshoot stays small: within 5% of the critical path
        assertThat(r.achievedRto()).isBetween(Duration.ofMinutes(11), Duration.ofMinutes(11).plusSeconds(33));
    }

    @Test
    void execute_maxParallelismOne_runsOneAtATime() {
        DrPlan p = plan()
                .step("a", s -> s.custom("a", work("a", Duration.ofMinutes(2))))
                .step("b", s -> s.custom("b", work("b", Duration.ofMinutes(2))))
                .build();

        ExecutionReport r = engine().maxParallelism(1).build().execute(p);

        assertThat(r.step("b").orElseThrow().startedAt()).isAfterOrEqualTo(r.step("a").orElseThrow().finishedAt());
    }

    @Test
    void call_throttledThenOk_retriesWithBackoffAndCountsAttempts() {
        AtomicInteger calls = new AtomicInteger();
        DrPlan p = plan().step("flaky", s -> s.custom("flaky", ctx -> ctx.call(OP, "test/x", () -> {
            if (calls.incrementAndGet() <= 3) {
                throw new ProviderException(Reason.THROTTLED, "test:Work", "test/x", "Rate exceeded");
            }
            return Map.<String, Object>of();
        }))).build();

        ExecutionReport r = engine().build().execute(p);

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(calls).hasValue(4);
        StepReport s = r.step("flaky").orElseThrow();
        assertThat(s.attempts()).isEqualTo(4);
        assertThat(s.calls()).containsEntry("test:Work", 4);
        assertThat(events).filteredOn(StepRetriedEvent.class::isInstance).hasSize(3);
        // 1 s, 2 s, 4 s with +-20 % jitter
        assertThat(s.duration()).isBetween(Duration.ofMillis(5600), Duration.ofMillis(8400));
    }

    @Test
    void rateLimit_spacesCallsToOneEndpoint() {
        List<Instant> calledAt = new ArrayList<>();
        DrPlan.PlanStage stage = plan();
        for (String id : List.of("a", "b", "c", "d")) {
            stage = stage.step(id, s -> s.custom(id, ctx -> ctx.call(OP, id.equals("d") ? "test/other" : "test/x", () -> {
                calledAt.add(time.now());
                return Map.<String, Object>of();
            })));
        }

        ExecutionReport r = engine().rateLimit("test/x", 2).build().execute(stage.build());

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        Instant t0 = DeterministicScheduler.START;
        assertThat(calledAt).containsExactlyInAnyOrder(t0, t0.plusMillis(500), t0.plusMillis(1000), t0);
    }

    @Test
    void call_accessDenied_failsAtOnceWithoutRetry() {
        AtomicInteger calls = new AtomicInteger();
        DrPlan p = plan().step("denied", s -> s.custom("denied", ctx -> ctx.call(OP, "test/x", () -> {
            calls.incrementAndGet();
            throw new ProviderException(Reason.ACCESS_DENIED, "rds:RestoreDBInstanceFromDBSnapshot", "rds/us-west-2",
                    "rds:RestoreDBInstanceFromDBSnapshot", "not authorized to perform rds:RestoreDBInstanceFromDBSnapshot",
                    null);
        }))).build();

        ExecutionReport r = engine().build().execute(p);

        assertThat(calls).hasValue(1);
        assertThat(r.state()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.step("denied").orElseThrow().error())
                .isEqualTo("not authorized to perform rds:RestoreDBInstanceFromDBSnapshot");
    }

    @Test
    void failureInParallelBranch_compensatesCompletedStepsInReverseOrder() {
        List<String> undone = new ArrayList<>();
        DrPlan p = plan()
                .step("a", s -> s.custom("a", work("a", Duration.ofMinutes(1)))
                        .compensateWith((ctx, out) -> done(undone, "a")))
                .step("b", s -> s.custom("b", work("b", Duration.ofMinutes(2))).after("a")
                        .compensateWith((ctx, out) -> done(undone, "b")))
                .step("c", s -> s.custom("c", ctx -> ctx.now() == null ? null
                        : CompletableFuture.<Map<String, Object>>failedFuture(new StepFailedException("c broke")))
                        .after("a"))
                .step("d", s -> s.custom("d", work("d", Duration.ofMinutes(1))).after("b", "c")
                        .compensateWith((ctx, out) -> done(undone, "d")))
                .build();

        InMemoryJournalStore journal = new InMemoryJournalStore();
        ExecutionReport r = engine().journal(journal).build().execute(p);

        assertThat(r.state()).isEqualTo(ExecutionState.COMPENSATED);
        assertThat(undone).containsExactly("b", "a");
        assertThat(journal.read(r.executionId())).filteredOn(l -> l.contains("\"type\":\"step.compensated\""))
                .extracting(l -> l.replaceAll(".*\"stepId\":\"([a-z]+)\".*", "$1")).containsExactly("b", "a");
        assertThat(r.step("b").orElseThrow().outcome()).isEqualTo(StepOutcome.COMPENSATED);
        assertThat(r.step("c").orElseThrow().outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(r.step("c").orElseThrow().error()).isEqualTo("c broke");
        assertThat(r.step("d").orElseThrow().outcome()).isEqualTo(StepOutcome.NOT_RUN);
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
    }

    private static CompletionStage<Void> done(List<String> undone, String name) {
        undone.add(name);
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void failedCompensation_isReportedAndStopsUndoing() {
        DrPlan p = plan()
                .step("a", s -> s.custom("a", work("a", Duration.ofMinutes(1)))
                        .compensateWith((ctx, out) -> CompletableFuture.completedFuture(null)))
                .step("b", s -> s.custom("b", work("b", Duration.ofMinutes(1))).after("a")
                        .compensateWith((ctx, out) -> CompletableFuture.failedFuture(new StepFailedException("cannot undo b"))))
                .step("c", s -> s.custom("c", ctx -> CompletableFuture.failedFuture(new StepFailedException("c broke")))
                        .after("b"))
                .build();

        ExecutionReport r = engine().build().execute(p);

        assertThat(r.state()).isEqualTo(ExecutionState.COMPENSATION_FAILED);
        assertThat(r.step("b").orElseThrow().outcome()).isEqualTo(StepOutcome.COMPENSATION_FAILED);
        assertThat(r.step("b").orElseThrow().compensationError()).isEqualTo("cannot undo b");
        assertThat(r.step("a").orElseThrow().outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(r.step("a").orElseThrow().notes())
                .contains("not undone: the compensation of 'b' failed first, so undoing stopped");
    }

    @Test
    void timeout_failsTheStepWithAClearMessage() {
        DrPlan p = plan().step("slow", s -> s.custom("slow", work("slow", Duration.ofHours(2)))
                .timeout(Duration.ofMinutes(30))).build();

        ExecutionReport r = engine().build().execute(p);

        assertThat(r.step("slow").orElseThrow().error())
                .isEqualTo("step 'slow' timed out after 30m 00s; raise its timeout(..) if the cloud is slow");
        assertThat(r.step("slow").orElseThrow().duration()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void cancel_stopsRunningStepsAndCompensates() {
        List<String> undone = new ArrayList<>();
        DrPlan p = plan()
                .step("a", s -> s.custom("a", work("a", Duration.ofMinutes(1)))
                        .compensateWith((ctx, out) -> done(undone, "a")))
                .step("b", s -> s.custom("b", work("b", Duration.ofHours(1))).after("a"))
                .build();
        Execution e = engine().build().start(p, Mode.EXECUTE, RunOptions.defaults());
        time.advance(Duration.ofMinutes(5));

        e.cancel("operator pressed stop");
        ExecutionReport r = time.await(e.result());

        assertThat(r.step("b").orElseThrow().outcome()).isEqualTo(StepOutcome.CANCELLED);
        assertThat(r.step("b").orElseThrow().error()).isEqualTo("cancelled: operator pressed stop");
        assertThat(undone).containsExactly("a");
        assertThat(r.state()).isEqualTo(ExecutionState.COMPENSATED);
    }

    @Test
    void lock_secondExecutionOfSamePlan_isRefusedNamingTheHolder() {
        DrPlan p = plan().step("a", s -> s.custom("a", work("a", Duration.ofMinutes(10)))).build();
        DrEngine first = engine().holder("ops-service-1").build();
        DrEngine second = engine().holder("ops-service-2").build();
        Execution running = first.start(p, Mode.EXECUTE, RunOptions.defaults());

        assertThatThrownBy(() -> second.start(p, Mode.EXECUTE, RunOptions.defaults()))
                .isInstanceOf(ExecutionRefusedException.class)
                .hasMessage("plan 'test-plan' is already being executed by ops-service-1; wait for it to finish or"
                        + " stop it first (nothing was changed)");

        time.await(running.result());
        assertThat(time.await(second.start(p, Mode.EXECUTE, RunOptions.defaults()).result()).state())
                .isEqualTo(ExecutionState.SUCCEEDED);
    }

    @Test
    void approval_timeoutEscalatesToNextRole() {
        List<String> asked = new ArrayList<>();
        Approver approver = req -> {
            asked.add(req.role());
            return req.role().equals(Roles.DEVOPS_LEAD)
                    ? CompletableFuture.completedFuture(Approver.Decision.approve("dana"))
                    : new CompletableFuture<>();
        };
        DrPlan p = plan().step("gate", s -> s.approval(Roles.ON_CALL, "fail over the database?")).build();

        ExecutionReport r = engine().approver(approver).approvalTimeout(Duration.ofMinutes(10)).build().execute(p);

        assertThat(asked).containsExactly(Roles.ON_CALL, Roles.DEVOPS_LEAD);
        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.step("gate").orElseThrow().notes()).containsExactly(
                Roles.ON_CALL + " did not answer within PT10M; escalated to " + Roles.DEVOPS_LEAD,
                "approved by dana (" + Roles.DEVOPS_LEAD + ")");
    }

    @Test
    void approval_missingApprover_refusesBeforeAnyAction() {
        AtomicInteger ran = new AtomicInteger();
        DrPlan p = plan()
                .step("a", s -> s.custom("a", ctx -> {
                    ran.incrementAndGet();
                    return CompletableFuture.completedFuture(Map.of());
                }))
                .step("gate", s -> s.approval(Roles.DEVOPS_LEAD, "go?")).build();

        assertThatThrownBy(() -> engine().build().execute(p))
                .isInstanceOf(ExecutionRefusedException.class)
                .hasMessageContaining("step 'gate' needs approval by DevOps Lead but the engine has no approver");
        assertThat(ran).hasValue(0);
    }

    @Test
    void sameSeed_sameTimeline() {
        DrPlan p = plan()
                .step("a", s -> s.custom("a", work("a", Duration.ofMinutes(7))))
                .step("b", s -> s.custom("b", work("b", Duration.ofMinutes(3))).after("a"))
                .build();

        String one = engine().build().execute(p).toJson();
        DeterministicScheduler again = new DeterministicScheduler();
        String two = DrEngine.builder().providers(Providers.builder().build()).scheduler(again).seed(7).build()
                .execute(p).toJson();

        assertThat(two).isEqualTo(one);
    }

    @Test
    void resume_skipsCompletedSteps_adoptsOrRedoesInFlight() {
        InMemoryJournalStore journal = new InMemoryJournalStore();
        AtomicInteger aRuns = new AtomicInteger();
        DrPlan p = plan()
                .step("a", s -> s.custom("a", ctx -> {
                    aRuns.incrementAndGet();
                    return work("a", Duration.ofMinutes(1)).apply(ctx);
                }))
                .step("b", s -> s.custom("b", work("b", Duration.ofMinutes(10))).after("a"))
                .build();
        Execution first = engine().journal(journal).build().start(p, Mode.EXECUTE, RunOptions.defaults());
        time.advance(Duration.ofMinutes(3));
        // the process "dies": abandon it (its lock is in-process, so release it by cancelling without waiting)
        List<String> lines = journal.read(first.id());
        assertThat(lines).anyMatch(l -> l.contains("\"type\":\"step.succeeded\"") && l.contains("\"stepId\":\"a\""));
        InMemoryJournalStore copy = new InMemoryJournalStore();
        lines.forEach(l -> copy.append(first.id(), l));
        first.cancel("simulated crash");
        time.await(first.result());

        ExecutionReport r = engine().journal(copy).build().resume(p, first.id());

        assertThat(aRuns).hasValue(1);
        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.step("a").orElseThrow().notes())
                .containsExactly("completed before the restart; restored from the journal, not run again");
        assertThat(r.notes()).anyMatch(n -> n.startsWith("resumed from the journal"));
    }

    @Test
    void resume_interruptedStepThatCannotTellItsEffect_isNotRepeatedUnlessTheOperatorSaysSo() {
        InMemoryJournalStore journal = new InMemoryJournalStore();
        AtomicInteger posts = new AtomicInteger();
        DrPlan p = plan().step("announce", s -> s.custom("announce", ctx -> {
            posts.incrementAndGet();
            return work("announce", Duration.ofMinutes(10)).apply(ctx);
        }).notIdempotent()).build();
        Execution first = engine().journal(journal).build().start(p, Mode.EXECUTE, RunOptions.defaults());
        time.advance(Duration.ofMinutes(2));
        InMemoryJournalStore crashed = new InMemoryJournalStore();
        journal.read(first.id()).forEach(l -> crashed.append(first.id(), l));
        first.cancel("simulated crash");
        time.await(first.result());
        InMemoryJournalStore again = new InMemoryJournalStore();
        crashed.read(first.id()).forEach(l -> again.append(first.id(), l));

        ExecutionReport refused = engine().journal(crashed).build().resume(p, first.id());

        assertThat(posts).hasValue(1);
        assertThat(refused.step("announce").orElseThrow().error()).isEqualTo("step 'announce' (announce) was running"
                + " when the previous process stopped, and drplan cannot tell whether it took effect; it must not run"
                + " twice, so it was not run again. Check by hand, then resume with"
                + " RunOptions.defaults().rerunAfterCrash(\"announce\") if it did not");

        ExecutionReport rerun = engine().journal(again).build().resume(p, first.id(),
                RunOptions.defaults().rerunAfterCrash("announce"));

        assertThat(posts).hasValue(2);
        assertThat(rerun.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(rerun.step("announce").orElseThrow().notes()).contains("run again after the crash, as the operator asked");
    }

    @Test
    void actionThatWaitsOnItsOwnCall_withRealThreads_doesNotDeadlock() {
        DrPlan p = plan().step("blocking", s -> s.custom("blocking", ctx -> {
            Object answer = ctx.call(OP, "test/x", () -> "pong").toCompletableFuture().join();
            return CompletableFuture.completedFuture(Map.<String, Object>of("answer", answer));
        })).build();

        try (io.drplan.core.time.SystemScheduler real = io.drplan.core.time.SystemScheduler.create()) {
            ExecutionReport r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> DrEngine.builder().providers(Providers.builder().build()).scheduler(real).build().execute(p));
            assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
            assertThat(r.step("blocking").orElseThrow().outputs()).containsEntry("answer", "pong");
        }
    }

    @Test
    void timeoutWhileAChangeIsInFlight_undoesItToBeSafe() throws Exception {
        List<String> undone = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        DrPlan p = plan().step("create", s -> s.custom("create", ctx -> ctx.call(Operation.of("test", "CreateThing"),
                "test/x", () -> {
                    try {
                        release.await(10, java.util.concurrent.TimeUnit.SECONDS);   // a slow create call
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Map.<String, Object>of();
                })).timeout(Duration.ofMillis(300)).compensateWith((ctx, out) -> done(undone, "create"))).build();

        try (io.drplan.core.time.SystemScheduler real = io.drplan.core.time.SystemScheduler.create()) {
            Execution e = DrEngine.builder().providers(Providers.builder().build()).scheduler(real).build()
                    .start(p, Mode.EXECUTE, RunOptions.defaults());
            ExecutionReport r = e.result().get(10, java.util.concurrent.TimeUnit.SECONDS);
            release.countDown();

            assertThat(r.step("create").orElseThrow().error()).startsWith("step 'create' timed out after");
            assertThat(r.step("create").orElseThrow().notes())
                    .contains("a change was still in flight when the step timed out; it is undone to be safe");
            assertThat(undone).containsExactly("create");
        }
    }

    @Test
    void compensationThatNeverEnds_timesOutAndIsReported() {
        DrPlan p = plan()
                .step("a", s -> s.custom("a", work("a", Duration.ofMinutes(1))).timeout(Duration.ofMinutes(10))
                        .compensateWith((ctx, out) -> new CompletableFuture<>()))
                .step("b", s -> s.custom("b", ctx -> CompletableFuture.failedFuture(new StepFailedException("b broke")))
                        .after("a"))
                .build();

        ExecutionReport r = engine().build().execute(p);

        assertThat(r.state()).isEqualTo(ExecutionState.COMPENSATION_FAILED);
        assertThat(r.step("a").orElseThrow().compensationError()).isEqualTo("undoing step 'a' timed out after 10m 00s");
    }

    /** A lock that always grants, and renews as {@code renew} says. */
    private static io.drplan.core.spi.ExecutionLock lock(java.util.function.BooleanSupplier renew) {
        return new io.drplan.core.spi.ExecutionLock() {
            @Override
            public java.util.Optional<Lease> tryAcquire(String planName, String holder, Duration d) {
                return java.util.Optional.of(new Lease() {
                    public String holder() {
                        return holder;
                    }

                    public boolean renew() {
                        return renew.getAsBoolean();
                    }

                    public void close() { }
                });
            }

            @Override
            public java.util.Optional<String> currentHolder(String planName) {
                return java.util.Optional.of("someone-else");
            }
        };
    }

    @Test
    void lostLock_stopsWithoutUndoing() {
        List<String> undone = new ArrayList<>();
        AtomicInteger renewals = new AtomicInteger();
        io.drplan.core.spi.ExecutionLock stolen = lock(() -> renewals.incrementAndGet() < 3);
        DrPlan p = plan()
                .step("a", s -> s.custom("a", work("a", Duration.ofSeconds(30))).compensateWith((ctx, out) -> done(undone, "a")))
                .step("b", s -> s.custom("b", work("b", Duration.ofHours(1))).after("a"))
                .build();

        ExecutionReport r = engine().lock(stolen).build().execute(p);

        assertThat(undone).isEmpty();
        assertThat(r.step("b").orElseThrow().outcome()).isEqualTo(StepOutcome.CANCELLED);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("lost the execution lock of plan 'test-plan' (another holder"
                + " took it over); stopped so that two executions never act at once, and nothing was undone"));
    }

    @Test
    void renewalError_withinTheLease_isRetriedNotFatal() {
        AtomicInteger renewals = new AtomicInteger();
        io.drplan.core.spi.ExecutionLock flaky = lock(() -> {
            if (renewals.incrementAndGet() == 2) {
                throw new ProviderException(Reason.SERVER_ERROR, "k8s:update leases", "k8s/x", "503");
            }
            return true;
        });
        DrPlan p = plan().step("a", s -> s.custom("a", work("a", Duration.ofMinutes(5)))).build();

        ExecutionReport r = engine().lock(flaky).build().execute(p);

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(renewals.get()).isGreaterThan(3);
    }

    @Test
    void resume_crashWhileWaitingForApproval_asksAgainInsteadOfRefusing() {
        InMemoryJournalStore journal = new InMemoryJournalStore();
        AtomicInteger ran = new AtomicInteger();
        DrPlan p = plan().step("failover", s -> s.custom("failover", ctx -> {
            ran.incrementAndGet();
            return CompletableFuture.completedFuture(Map.<String, Object>of());
        }).notIdempotent().requireApproval(Roles.ON_CALL)).build();
        Execution first = engine().journal(journal).approver(req -> new CompletableFuture<>()).build()
                .start(p, Mode.EXECUTE, RunOptions.defaults());
        time.advance(Duration.ofMinutes(5));
        InMemoryJournalStore survived = new InMemoryJournalStore();
        journal.read(first.id()).forEach(l -> survived.append(first.id(), l));
        first.cancel("simulated crash");
        time.await(first.result());

        ExecutionReport r = engine().journal(survived)
                .approver(req -> CompletableFuture.completedFuture(Approver.Decision.approve("dana"))).build()
                .resume(p, first.id());

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(ran).hasValue(1);
    }

    @Test
    void resume_ofADrill_staysADrillAndFailsBack() {
        InMemoryJournalStore journal = new InMemoryJournalStore();
        List<String> undone = new ArrayList<>();
        DrPlan p = plan()
                .compensation(CompensationStrategy.NEVER)
                .step("a", s -> s.custom("a", work("a", Duration.ofMinutes(1))).compensateWith((ctx, out) -> done(undone, "a")))
                .step("b", s -> s.custom("b", work("b", Duration.ofMinutes(10))).after("a"))
                .build();
        Execution first = engine().journal(journal).build().start(p, Mode.DRILL, RunOptions.defaults());
        time.advance(Duration.ofMinutes(3));
        InMemoryJournalStore survived = new InMemoryJournalStore();
        journal.read(first.id()).forEach(l -> survived.append(first.id(), l));
        first.cancel("simulated crash");
        time.await(first.result());
        undone.clear();

        ExecutionReport r = engine().journal(survived).build().resume(p, first.id());

        assertThat(r.mode()).isEqualTo(Mode.DRILL);
        assertThat(r.failedBack()).isTrue();
        assertThat(undone).containsExactly("a");
        assertThat(r.incidentStartedAt()).isEqualTo(DeterministicScheduler.START);
    }

    @Test
    void resume_crashWhileUndoing_finishesTheUndoWithoutRepeatingIt() {
        InMemoryJournalStore journal = new InMemoryJournalStore();
        List<String> undone = new ArrayList<>();
        DrPlan p = plan()
                .step("a", s -> s.custom("a", work("a", Duration.ofMinutes(1))).compensateWith((ctx, out) -> {
                    undone.add("a");
                    Instant until = ctx.now().plus(Duration.ofMinutes(10));
                    return ctx.await("undo a", OP, "test/a", Duration.ofSeconds(5), () -> ctx.now().isBefore(until)
                            ? Poll.<Void>pending("undoing") : Poll.<Void>done(null));
                }))
                .step("b", s -> s.custom("b", work("b", Duration.ofMinutes(1))).after("a")
                        .compensateWith((ctx, out) -> done(undone, "b")))
                .step("c", s -> s.custom("c", ctx -> CompletableFuture.failedFuture(new StepFailedException("c broke")))
                        .after("b"))
                .build();
        Execution first = engine().journal(journal).build().start(p, Mode.EXECUTE, RunOptions.defaults());
        time.advance(Duration.ofMinutes(5));     // b undone, a being undone
        assertThat(undone).containsExactly("b", "a");
        InMemoryJournalStore survived = new InMemoryJournalStore();
        journal.read(first.id()).forEach(l -> survived.append(first.id(), l));
        first.cancel("simulated crash");
        time.await(first.result());
        undone.clear();

        ExecutionReport r = engine().journal(survived).build().resume(p, first.id());

        assertThat(undone).containsExactly("a");
        assertThat(r.state()).isEqualTo(ExecutionState.COMPENSATED);
        assertThat(r.step("b").orElseThrow().outcome()).isEqualTo(StepOutcome.COMPENSATED);
        assertThat(r.step("b").orElseThrow().notes()).contains("undone before the restart");
        assertThat(r.step("c").orElseThrow().error()).isEqualTo("c broke");
    }

    @Test
    void resume_corruptedJournal_failsClearlyAndRunsNothing() {
        InMemoryJournalStore journal = new InMemoryJournalStore();
        journal.append("x1", "{\"v\":1,\"type\":\"execution.started\",\"at\":\"2026-01-01T00:00:00Z\","
                + "\"executionId\":\"x1\",\"planName\":\"test-plan\"}");
        journal.append("x1", "{not json");
        journal.append("x1", "{\"v\":1,\"type\":\"step.started\",\"at\":\"2026-01-01T00:00:00Z\",\"executionId\":\"x1\","
                + "\"stepId\":\"a\"}");
        AtomicInteger ran = new AtomicInteger();
        DrPlan p = plan().step("a", s -> s.custom("a", ctx -> {
            ran.incrementAndGet();
            return CompletableFuture.completedFuture(Map.of());
        })).build();

        assertThatThrownBy(() -> engine().journal(journal).build().resume(p, "x1"))
                .isInstanceOf(DrException.class)
                .hasMessageStartingWith("journal of execution 'x1' line 2 is not valid: invalid JSON at position 1");
        assertThatThrownBy(() -> engine().journal(journal).build().resume(p, "nope"))
                .hasMessage("no journal for execution 'nope'; check the id and the journal store");
        assertThat(ran).hasValue(0);
    }
}
