package io.drplan.core.event;

import io.drplan.core.DrPlan;
import io.drplan.core.Durations;
import io.drplan.core.step.Step;
import io.drplan.core.time.Scheduler;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live progress of executions on a console, for the on-call engineer watching a run from JShell
 * or a terminal: each step started, waiting (elapsed time against the step's estimate, repeated
 * every interval while a 25-minute restore is polled), retried, succeeded or failed, approvals
 * asked and answered, compensation, and the end. Every time shown comes from the events and the
 * engine's {@link Scheduler}, so a run in virtual time shows virtual time.
 *
 * <pre>{@code
 * ConsoleProgress progress = ConsoleProgress.to(System.out).every(Duration.ofMinutes(1), scheduler);
 * DrEngine engine = DrEngine.builder().scheduler(scheduler).listener(progress)...build();
 * progress.watch(plan);                 // so that "waiting" lines can name the estimate
 * engine.execute(plan);
 * }</pre>
 *
 * <pre>
 * [drplan +0s] restore-db started: Restore vibe-postgres-dr from the newest snapshot of ... (estimate 25m)
 * [drplan +5m 00s] restore-db waiting 5m 00s of ~25m 00s: vibe-postgres-dr creating
 * [drplan +25m 10s] restore-db succeeded after 25m 10s (estimate 25m 00s)
 * </pre>
 *
 * <p>Lives in dr-core next to the {@code ConsoleApprover} (the other half of a console session)
 * because it needs nothing but the events and the scheduler, so any host can use it.
 */
public final class ConsoleProgress implements ExecutionListener {
    /** How often a running step is reported when nothing else happens, unless told otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final PrintStream out;
    private final Duration interval;
    private final Scheduler scheduler;
    private final Map<String, Map<String, Duration>> estimatesByPlan = new ConcurrentHashMap<>();
    // what is running now, per execution
    private final Map<String, Run> runs = new LinkedHashMap<>();

    private static final class Run {
        final Instant startedAt;
        final Map<String, Duration> estimates;
        final Map<String, Instant> running = new LinkedHashMap<>();
        final Map<String, String> lastStatus = new LinkedHashMap<>();
        Scheduler.Cancellable tick;

        Run(Instant startedAt, Map<String, Duration> estimates) {
            this.startedAt = startedAt;
            this.estimates = estimates;
        }
    }

    private ConsoleProgress(PrintStream out, Duration interval, Scheduler scheduler) {
        this.out = out;
        this.interval = interval;
        this.scheduler = scheduler;
    }

    /** Progress printed to {@code out} as events arrive (no periodic "waiting" lines). */
    public static ConsoleProgress to(PrintStream out) {
        return new ConsoleProgress(Objects.requireNonNull(out, "out"), null, null);
    }

    /**
     * A copy that also prints a "waiting" line for every running step each {@code interval} of
     * {@code scheduler}'s time (give it the engine's scheduler).
     */
    public ConsoleProgress every(Duration interval, Scheduler scheduler) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(scheduler, "scheduler");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive but was " + interval
                    + "; use a duration such as Duration.ofMinutes(1)");
        }
        return new ConsoleProgress(out, interval, scheduler);
    }

    /** Learns the step estimates of {@code plan}, shown against the elapsed time of its steps. */
    public ConsoleProgress watch(DrPlan plan) {
        Map<String, Duration> m = new LinkedHashMap<>();
        for (Step s : plan.steps()) {
            m.put(s.id(), s.estimate());
        }
        estimatesByPlan.put(plan.name(), Map.copyOf(m));
        return this;
    }

    @Override
    public synchronized void onEvent(ExecutionEvent event) {
        Run run = runs.get(event.executionId());
        if (event instanceof ExecutionStartedEvent e) {
            run = new Run(e.at(), estimatesByPlan.getOrDefault(e.planName(), Map.of()));
            runs.put(e.executionId(), run);
            print(run, e.at(), e.planName() + ": execution " + e.executionId() + (e.resumed() ? " resumed" : " started")
                    + " (" + e.mode().toLowerCase(Locale.ROOT) + ", " + e.source() + " -> " + e.target() + ")");
            return;
        }
        if (run == null) {
            // an execution started before this listener saw it: use its first event as the origin
            run = new Run(event.at(), Map.of());
            runs.put(event.executionId(), run);
        }
        if (event instanceof StepStartedEvent e) {
            run.running.put(e.stepId(), e.at());
            Duration est = run.estimates.get(e.stepId());
            print(run, e.at(), e.stepId() + " started: " + e.description()
                    + (est == null ? "" : " (estimate " + Durations.format(est) + ")"));
            scheduleTick(event.executionId(), run);
        } else if (event instanceof StepProgressedEvent e) {
            run.lastStatus.put(e.stepId(), e.message());
            print(run, e.at(), e.stepId() + " " + waiting(run, e.stepId(), e.at()) + ": " + e.message());
        } else if (event instanceof StepRetriedEvent e) {
            print(run, e.at(), e.stepId() + " retry: " + e.operation() + " attempt " + e.attempt() + " failed ("
                    + e.error() + "), trying again in " + Durations.format(e.delay()));
        } else if (event instanceof ApprovalRequestedEvent e) {
            print(run, e.at(), e.stepId() + " needs approval by " + e.role() + " (answer within "
                    + Durations.format(e.timeout()) + ")");
        } else if (event instanceof ApprovalDecidedEvent e) {
            print(run, e.at(), e.stepId() + (e.approved() ? " approved" : " rejected") + " by " + e.by()
                    + (e.comment() == null || e.comment().isBlank() ? "" : ": " + e.comment()));
        } else if (event instanceof StepSucceededEvent e) {
            Instant started = run.running.remove(e.stepId());
            run.lastStatus.remove(e.stepId());
            Duration est = run.estimates.get(e.stepId());
            print(run, e.at(), e.stepId() + " succeeded" + (e.adopted() ? " (adopted after a crash)" : "")
                    + (started == null ? "" : " after " + Durations.format(Duration.between(started, e.at())))
                    + (est == null ? "" : " (estimate " + Durations.format(est) + ")"));
        } else if (event instanceof StepFailedEvent e) {
            Instant started = run.running.remove(e.stepId());
            run.lastStatus.remove(e.stepId());
            print(run, e.at(), e.stepId() + " " + e.outcome().toLowerCase(Locale.ROOT)
                    + (started == null ? "" : " after " + Durations.format(Duration.between(started, e.at())))
                    + (e.error() == null ? "" : ": " + e.error()));
        } else if (event instanceof StepCompensatedEvent e) {
            print(run, e.at(), e.stepId() + " undone (compensated)");
        } else if (event instanceof StepCompensationFailedEvent e) {
            print(run, e.at(), e.stepId() + " could NOT be undone: " + e.error());
        } else if (event instanceof ExecutionFinishedEvent e) {
            if (run.tick != null) {
                run.tick.cancel();
            }
            runs.remove(e.executionId());
            print(run, e.at(), "execution " + e.executionId() + " finished: " + e.state() + ", verdict " + e.verdict());
        }
        // StepCheckpointedEvent: a journal matter, nothing for the console
    }

    private String waiting(Run run, String stepId, Instant now) {
        Instant started = run.running.get(stepId);
        Duration est = run.estimates.get(stepId);
        if (started == null) {
            return "waiting";
        }
        return "waiting " + Durations.format(Duration.between(started, now))
                + (est == null ? "" : " of ~" + Durations.format(est));
    }

    private void scheduleTick(String executionId, Run run) {
        if (scheduler == null || run.tick != null) {
            return;
        }
        run.tick = scheduler.schedule(interval, () -> tick(executionId));
    }

    private synchronized void tick(String executionId) {
        Run run = runs.get(executionId);
        if (run == null) {
            return;
        }
        run.tick = null;
        if (run.running.isEmpty()) {
            return; // nothing to report; the next step's start schedules the next tick
        }
        Instant now = scheduler.now();
        for (String stepId : run.running.keySet()) {
            String status = run.lastStatus.get(stepId);
            print(run, now, stepId + " " + waiting(run, stepId, now) + (status == null ? "" : ": " + status));
        }
        scheduleTick(executionId, run);
    }

    private void print(Run run, Instant at, String line) {
        out.println("[drplan +" + Durations.format(Duration.between(run.startedAt, at)) + "] " + line);
        out.flush();
    }

    @Override
    public String toString() {
        return "ConsoleProgress" + (interval == null ? "" : "[every " + Durations.format(interval) + "]");
    }
}
