package io.drplan.core.internal;

import io.drplan.core.DrPlan;
import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.journal.InMemoryJournalStore;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.DeterministicScheduler;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What the run's pieces are built from in their tests: a plan of custom steps, settings, a sink. */
final class RunFixtures {
    final DeterministicScheduler time = new DeterministicScheduler();
    final InMemoryJournalStore journal = new InMemoryJournalStore();
    final List<ExecutionEvent> events = new ArrayList<>();
    final Object runLock = new Object();
    final EventSink sink;

    RunFixtures() {
        sink = new EventSink("e1", "test-plan", journal, List.of(events::add), List.of(), time.executor(),
                new Redactor(), runLock);
    }

    /** Steps a -> b -> c and d, each doing nothing and undoing nothing. */
    static DrPlan chain() {
        return plan().step("a", s -> s.custom("a", RunFixtures::nothing).compensateWith(RunFixtures::undoNothing))
                .step("b", s -> s.custom("b", RunFixtures::nothing).after("a").compensateWith(RunFixtures::undoNothing))
                .step("c", s -> s.custom("c", RunFixtures::nothing).after("b").compensateWith(RunFixtures::undoNothing))
                .step("d", s -> s.custom("d", RunFixtures::nothing).compensateWith(RunFixtures::undoNothing))
                .build();
    }

    static CompletableFuture<Void> undoNothing(Object ctx, Map<String, Object> outputs) {
        return CompletableFuture.completedFuture(null);
    }

    static DrPlan.PlanStage plan() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("test-plan")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofMinutes(15)));
    }

    static CompletableFuture<Map<String, Object>> nothing(Object ctx) {
        return CompletableFuture.completedFuture(Map.of());
    }

    EngineSettings settings(Approver approver) {
        return new EngineSettings(Providers.builder().build(), time, 4, List.of(), journal, new InProcessLock(),
                Duration.ofMinutes(3), "tester", approver, Duration.ofMinutes(10), List.of(), () -> 7L,
                Duration.ofMinutes(1), CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                        .slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .waitDurationInOpenState(Duration.ofSeconds(30)).build()),
                new EndpointRateLimits(time, 0, Map.of()));
    }

    /** A context for {@code stepId}'s action in a run of {@code plan} on these settings. */
    RunStepContext context(RunState state, DrPlan plan, String stepId, Approver approver) {
        StepRecord s = state.record(stepId);
        s.context = new RunStepContext(s, state, plan, settings(approver), io.drplan.core.RunOptions.defaults(),
                io.drplan.core.Mode.EXECUTE, "e1", sink, new Redactor(), new Jitter(new java.util.SplittableRandom(7)));
        return s.context;
    }

    /** Runs bookkeeping under the run's lock, then writes the events, as the run does. */
    void underLock(Runnable r) {
        synchronized (runLock) {
            r.run();
        }
        sink.flush();
    }

    /** The types of the events the listeners got, in order. */
    List<String> eventTypes() {
        return events.stream().map(ExecutionEvent::type).toList();
    }
}
