package io.drplan.core.internal;

import io.drplan.core.DrPlan;
import io.drplan.core.Mode;
import io.drplan.core.Output;
import io.drplan.core.Region;
import io.drplan.core.RunOptions;
import io.drplan.core.StepFailedException;
import io.drplan.core.event.StepCheckpointedEvent;
import io.drplan.core.event.StepProgressedEvent;
import io.drplan.core.event.StepRetriedEvent;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Providers;
import io.drplan.core.step.Poll;
import io.drplan.core.step.StepContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a step's action (or compensation) sees of its run: guarded calls, polling, outputs of
 * earlier steps, progress, notes and checkpoints, each recorded on the step's record under the
 * run's lock and journaled through the run's event sink. One per action or compensation; cancelled
 * when the step must stop.
 */
final class RunStepContext implements StepContext {
    private static final Logger log = LoggerFactory.getLogger(RunStepContext.class);

    private final StepRecord record;
    private final RunState state;
    private final DrPlan plan;
    private final EngineSettings settings;
    private final RunOptions options;
    private final Mode mode;
    private final String executionId;
    private final EventSink events;
    private final Redactor redactor;
    private final GuardedCall calls;
    private final Poller poller;
    private volatile boolean cancelled;

    RunStepContext(StepRecord record, RunState state, DrPlan plan, EngineSettings settings, RunOptions options,
                   Mode mode, String executionId, EventSink events, Redactor redactor, Jitter jitter) {
        this.record = record;
        this.state = state;
        this.plan = plan;
        this.settings = settings;
        this.options = options;
        this.mode = mode;
        this.executionId = executionId;
        this.events = events;
        this.redactor = redactor;
        this.calls = new GuardedCall(plan.name() + "/" + record.id(), record.id(), record.step.retry(), jitter,
                settings.breakers(), settings.rateLimits(), settings.scheduler(), this::isCancelled, new CallRecorder());
        this.poller = new Poller(calls, settings.scheduler(), settings.maxPollInterval(), jitter, this::isCancelled,
                this::progress, () -> record.start, record.step.estimate());
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public String stepId() {
        return record.id();
    }

    /**
     * The execution's own id (the report's, the journal's, the same after a resume), so that what a
     * step creates is tagged with it and its final snapshots are named after it; the interface's
     * fallback token is for contexts that do not know it.
     */
    @Override
    public String executionId() {
        return executionId;
    }

    @Override
    public String planName() {
        return plan.name();
    }

    @Override
    public Region source() {
        return plan.source();
    }

    @Override
    public Region target() {
        return plan.target();
    }

    @Override
    public Providers providers() {
        return settings.providers();
    }

    @Override
    public Instant now() {
        return settings.scheduler().now();
    }

    @Override
    public boolean forced() {
        return options.force();
    }

    @Override
    public boolean drill() {
        return mode == Mode.DRILL;
    }

    @Override
    public <T> T output(Output<T> output) {
        StepRecord producer;
        Object v;
        synchronized (state) {
            producer = state.record(output.stepId());
            v = producer.outputs.get(output.name());
            if (v == null) {
                throw new StepFailedException("step '" + output.stepId() + "' has no value for output '"
                        + output.name() + "' (it is " + producer.status + ")");
            }
        }
        if (output.type() == Integer.class && v instanceof Number n) {
            return output.type().cast(n.intValue());
        }
        if (output.type() == Instant.class && v instanceof String str) {
            return output.type().cast(Instant.parse(str));
        }
        return output.type().cast(v);
    }

    @Override
    public Optional<Object> preflightFinding(String key, Duration maxAge) {
        Instant at = record.findingsAt;
        Object kept = record.findings.remove(key);
        if (kept == null || at == null || Duration.between(at, now()).compareTo(maxAge) > 0) {
            return Optional.empty();
        }
        return Optional.of(kept);
    }

    @Override
    public void progress(String message) {
        String m = redactor.redact(message);
        synchronized (state) {
            events.publish(new StepProgressedEvent(executionId, now(), record.id(), m));
        }
        events.flush();
        events.withMdc(record.id(), () -> log.debug("{}: {}", record.id(), m));
    }

    @Override
    public void checkpoint(String key, Object value) {
        long line;
        synchronized (state) {
            record.checkpoints.put(key, value);
            line = events.publish(new StepCheckpointedEvent(executionId, now(), record.id(), key,
                    value instanceof Instant at ? at.toString() : value));
        }
        // a decision journaled before acting on it: it must be in the journal when this returns
        events.awaitWritten(line);
    }

    /** The checkpoints that carry a step's inventory across a restart. */
    static final String INVENTORY = "drplan:inventory:";

    @Override
    public void created(io.drplan.core.Resource resource) {
        effect(io.drplan.core.InventoryEntry.Effect.CREATED, resource, null, null);
    }

    @Override
    public void changed(io.drplan.core.Resource resource, String before, String after) {
        effect(io.drplan.core.InventoryEntry.Effect.CHANGED, resource, before, after);
    }

    @Override
    public void deleted(io.drplan.core.Resource resource) {
        effect(io.drplan.core.InventoryEntry.Effect.DELETED, resource, null, null);
    }

    private void effect(io.drplan.core.InventoryEntry.Effect effect, io.drplan.core.Resource r, String before,
                        String after) {
        io.drplan.core.InventoryEntry e = new io.drplan.core.InventoryEntry(record.id(), effect, r,
                before == null ? null : redactor.redact(before), after == null ? null : redactor.redact(after), false);
        String key;
        synchronized (state) {
            record.inventory.add(e);
            key = INVENTORY + record.inventory.size();
        }
        checkpoint(key, encode(e));
    }

    static Map<String, Object> encode(io.drplan.core.InventoryEntry e) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("effect", e.effect().name());
        m.put("kind", e.resource().kind());
        m.put("id", e.resource().id());
        m.put("where", e.resource().where());
        m.put("inspect", e.resource().inspect());
        if (e.resource().remove() != null) {
            m.put("remove", e.resource().remove());
        }
        if (e.before() != null) {
            m.put("before", e.before());
        }
        if (e.after() != null) {
            m.put("after", e.after());
        }
        return m;
    }

    /** An inventory entry journaled by {@link #encode}, or null when {@code value} is not one. */
    static io.drplan.core.InventoryEntry decode(String stepId, Object value) {
        if (!(value instanceof Map<?, ?> m) || !(m.get("effect") instanceof String effect)) {
            return null;
        }
        try {
            return new io.drplan.core.InventoryEntry(stepId, io.drplan.core.InventoryEntry.Effect.valueOf(effect),
                    new io.drplan.core.Resource(str(m.get("kind")), str(m.get("id")), str(m.get("where")),
                            str(m.get("inspect")), (String) m.get("remove")), (String) m.get("before"),
                    (String) m.get("after"), false);
        } catch (RuntimeException notOne) {
            return null;
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    @Override
    public Optional<Object> checkpointed(String key) {
        synchronized (state) {
            return Optional.ofNullable(record.checkpoints.get(key));
        }
    }

    @Override
    public void note(String message) {
        synchronized (state) {
            record.notes.add(redactor.redact(message));
        }
    }

    @Override
    public <T> CompletionStage<T> call(Operation operation, String endpoint, Supplier<T> call) {
        return calls.call(operation, endpoint, call);
    }

    @Override
    public <T> CompletionStage<T> await(String what, Operation operation, String endpoint, Duration firstInterval,
                                        Supplier<Poll<T>> probe) {
        return poller.await(what, operation, endpoint, firstInterval, probe);
    }

    /** Counts the step's calls and the changes in flight on its record; journals retries. */
    private final class CallRecorder implements GuardedCall.Observer {
        @Override
        public void rejected(Operation op) {
            synchronized (state) {
                record.countCall(op.toString());
            }
        }

        @Override
        public void dispatched(Operation op) {
            synchronized (state) {
                record.callsInFlight++;
            }
        }

        @Override
        public void abandoned(Operation op) {
            synchronized (state) {
                if (!op.isReadOnly()) {
                    record.notes.add(op + " was not sent: the step had stopped before its turn came");
                }
            }
            callDone();
        }

        @Override
        public void sending(Operation op) {
            if (!op.isReadOnly()) {
                synchronized (state) {
                    record.changesInFlight++;
                }
            }
        }

        @Override
        public void failed(Operation op, String endpoint, Throwable error) {
            // only faults of the endpoint (unreachable, 5xx, throttled) hide behind what follows; a refusal is its own cause
            if (!(Failures.unwrap(error) instanceof io.drplan.core.spi.ProviderException pe && pe.isRetryable())) {
                return;
            }
            synchronized (state) {
                if (record.failingError == null) {
                    record.failingError = Failures.describe(Failures.unwrap(error), redactor);
                    record.failingSince = now();
                    record.failingEndpoint = endpoint;
                }
            }
        }

        @Override
        public void answered(Operation op, boolean succeeded) {
            synchronized (state) {
                if (succeeded) {
                    record.failingError = null;
                }
                record.countCall(op.toString());
                if (!op.isReadOnly()) {
                    record.changesInFlight--;
                    record.changedSomething |= succeeded;
                }
            }
            callDone();
        }

        /** The run waits for a stopped step's calls before it undoes anything: tell it when the last one is done. */
        private void callDone() {
            Runnable settled = null;
            synchronized (state) {
                if (--record.callsInFlight == 0 && record.onCallsSettled != null) {
                    settled = record.onCallsSettled;
                    record.onCallsSettled = null;
                }
            }
            if (settled != null) {
                settings.scheduler().executor().execute(settled);
            }
        }

        @Override
        public void retrying(Operation op, int nextAttempt, Duration delay, Throwable error) {
            synchronized (state) {
                record.attempts++;
                events.publish(new StepRetriedEvent(executionId, now(), record.id(), op.toString(), nextAttempt, delay,
                        Failures.describe(error, redactor)));
            }
            events.flush();
        }
    }
}
