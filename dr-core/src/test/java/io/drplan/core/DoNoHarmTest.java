package io.drplan.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.journal.InMemoryJournalStore;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Providers;
import io.drplan.core.step.Poll;
import io.drplan.core.step.StepContext;
import io.drplan.core.time.DeterministicScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The engine on virtual time when things go wrong underneath a step: internal errors, late calls, blips. */
class DoNoHarmTest {
    private static final Operation OP = Operation.of("test", "Work");

    private final DeterministicScheduler time = new DeterministicScheduler();
    private final List<ExecutionEvent> events = new ArrayList<>();
    private final InMemoryJournalStore journal = new InMemoryJournalStore();

    private DrEngine.Builder engine() {
        return DrEngine.builder().providers(Providers.builder().build()).scheduler(time).seed(7)
                .listener(events::add).journal(journal);
    }

    private static DrPlan.PlanStage plan() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("test-plan")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)));
    }

    private static Function<StepContext, CompletionStage<Map<String, Object>>> work(String name, Duration d) {
        return ctx -> {
            Instant until = ctx.now().plus(d);
            return ctx.await(name, OP, "test/" + name, Duration.ofSeconds(5), () -> ctx.now().isBefore(until)
                    ? Poll.pending("working") : Poll.done(Map.<String, Object>of("done", name)));
        };
    }

    @Test
    void internalErrorAfterActionsStarted_stillReportsFailedAndJournalsTheEnd() {
        // an output map with a null value cannot be kept (Map.copyOf throws): an engine-side error
        // once step 'a' has acted and while 'slow' is still running
        DrPlan p = plan()
                .step("a", s -> s.custom("a", work("a", Duration.ofMinutes(1))))
                .step("slow", s -> s.custom("slow", work("slow", Duration.ofMinutes(30))))
                .step("b", s -> s.custom("b", ctx -> {
                    Map<String, Object> out = new HashMap<>();
                    out.put("endpoint", null);
                    return CompletableFuture.completedFuture(out);
                }).after("a"))
                .step("c", s -> s.custom("c", work("c", Duration.ofMinutes(1))).after("b"))
                .build();

        ExecutionReport r = engine().build().execute(p);

        assertThat(r.state()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("internal error: NullPointerException")
                .endsWith("the run stopped there and undid nothing: check by hand what its steps changed"));
        assertThat(r.step("a").orElseThrow().outcome()).isEqualTo(StepOutcome.SUCCEEDED);
        assertThat(r.step("slow").orElseThrow().outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(r.step("slow").orElseThrow().error()).startsWith("internal error: NullPointerException");
        assertThat(r.step("c").orElseThrow().outcome()).isEqualTo(StepOutcome.NOT_RUN);
        List<String> lines = journal.read(r.executionId());
        assertThat(lines.get(lines.size() - 1)).contains("\"type\":\"execution.finished\"")
                .contains("\"state\":\"FAILED\"");
        assertThat(lines).filteredOn(l -> l.contains("\"type\":\"step.failed\"") && l.contains("\"stepId\":\"slow\""))
                .hasSize(1);
    }

    @Test
    void changeInFlightWhenTheStepTimesOut_isWaitedForBeforeUndoing() throws Exception {
        // Real threads: whether the slow create was dispatched before the 1 s timeout depends on the
        // machine's load, so the test checks the property both ways: an undo never runs while a dispatched
        // call is in flight, and a call not dispatched by the timeout is never sent afterwards. The create
        // answers as soon as its step has failed, well inside the timeout the run waits for late answers.
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean created = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> undone = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        DrPlan p = plan().step("create", s -> s.custom("create", ctx -> ctx.call(Operation.of("test", "CreateThing"),
                "test/x", () -> {
                    started.set(true);
                    try {
                        release.await(10, java.util.concurrent.TimeUnit.SECONDS);   // a slow create call
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    created.set(true);
                    return Map.<String, Object>of();
                })).timeout(Duration.ofSeconds(1)).compensateWith((ctx, out) -> {
                    undone.add(started.get() && !created.get() ? "undo while the create was in flight"
                            : started.get() ? "undo after the create landed" : "undo before any create was sent");
                    return CompletableFuture.completedFuture(null);
                })).build();

        try (io.drplan.core.time.SystemScheduler real = io.drplan.core.time.SystemScheduler.create()) {
            Execution e = DrEngine.builder().providers(Providers.builder().build()).scheduler(real)
                    .listener(ev -> {
                        if (ev instanceof io.drplan.core.event.StepFailedEvent) {
                            release.countDown();
                        }
                    }).build()
                    .start(p, Mode.EXECUTE, RunOptions.defaults());
            ExecutionReport r = e.result().get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(r.state()).isEqualTo(ExecutionState.COMPENSATED);
            assertThat(undone).hasSize(1).doesNotContain("undo while the create was in flight");
            if (undone.get(0).equals("undo after the create landed")) {
                assertThat(r.step("create").orElseThrow().calls()).containsEntry("test:CreateThing", 1);
            } else {
                release.countDown();
                Thread.sleep(300);
                assertThat(started).as("a call not sent before its step ended is never sent").isFalse();
            }
        }
    }
}
