package io.drplan.core.internal;

import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.event.ExecutionListener;
import io.drplan.core.spi.JournalStore;
import io.drplan.core.spi.Notifier;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Where a run's events go: the journal, then the listeners, in the order the run published them;
 * notifications; and the MDC of its log lines.
 *
 * <p>The run {@linkplain #publish publishes} under its lock, which fixes the order and costs no
 * I/O; the journal is written by {@link #flush()}, called once the lock is released, so that a
 * slow S3 or ConfigMap write never holds up the engine. One thread writes at a time, in order.
 * What must be durable before it proceeds (an action, a checkpoint) waits for its own line with
 * {@link #awaitWritten(long)}. After a line could not be written the journal has a gap, so no
 * later line is written either: every later flush fails with the same error.
 */
final class EventSink {
    private static final Logger log = LoggerFactory.getLogger(EventSink.class);

    private record Published(long sequence, ExecutionEvent event, String line) { }

    private final String executionId;
    private final String planName;
    private final JournalStore journal;
    private final List<ExecutionListener> listeners;
    private final List<Notifier> notifiers;
    private final Executor executor;
    private final Redactor redactor;
    private final Object runLock;
    private final Object writing = new Object();
    private final ArrayDeque<Published> queue = new ArrayDeque<>();
    private long published;
    private long written;
    private RuntimeException broken;
    private Thread writer;

    EventSink(String executionId, String planName, JournalStore journal, List<ExecutionListener> listeners,
              List<Notifier> notifiers, Executor executor, Redactor redactor, Object runLock) {
        this.executionId = executionId;
        this.planName = planName;
        this.journal = journal;
        this.listeners = List.copyOf(listeners);
        this.notifiers = List.copyOf(notifiers);
        this.executor = executor;
        this.redactor = redactor;
        this.runLock = runLock;
    }

    /** Queues an event behind those published before it; returns its place for {@link #awaitWritten}. */
    synchronized long publish(ExecutionEvent e) {
        String line = journal == null ? null : JournalCodec.encode(e, redactor);
        queue.add(new Published(++published, e, line));
        return published;
    }

    /**
     * Writes every published event to the journal and tells the listeners, in order. A call made
     * under the run's lock (bookkeeping nested in bookkeeping), or while this thread is already
     * writing (a listener that cancels the run), returns at once: the outer call writes the events.
     *
     * @throws RuntimeException the journal's error when a line could not be written, now or before
     */
    void flush() {
        if (Thread.holdsLock(runLock)) {
            return;
        }
        synchronized (writing) {
            if (writer == Thread.currentThread()) {
                return;
            }
            writer = Thread.currentThread();
            try {
                writeQueued();
            } finally {
                writer = null;
            }
        }
    }

    private void writeQueued() {
        while (true) {
            Published p;
            synchronized (this) {
                if (broken != null) {
                    queue.clear();
                    throw broken;
                }
                p = queue.poll();
                if (p == null) {
                    return;
                }
            }
            if (p.line() != null) {
                try {
                    journal.append(executionId, p.line());
                } catch (RuntimeException e) {
                    synchronized (this) {
                        broken = e;
                    }
                    continue;
                }
            }
            synchronized (this) {
                written = p.sequence();
            }
            for (ExecutionListener l : listeners) {
                try {
                    l.onEvent(p.event());
                } catch (RuntimeException ex) {
                    log.warn("listener {} failed on {}: {}", l, p.event().type(), redactor.redact(ex.toString()));
                }
            }
        }
    }

    /** Returns once the event published as {@code sequence} is in the journal. */
    void awaitWritten(long sequence) {
        flush();
        synchronized (this) {
            if (written < sequence && broken != null) {
                throw broken;
            }
        }
    }

    /** Delivered off the caller's thread: a slow or dead webhook must not hold up the failover. */
    void notify(Notifier.Severity severity, String role, String title, String text) {
        Notifier.Notification n = new Notifier.Notification(planName, severity, role, title, redactor.redact(text));
        for (Notifier notifier : notifiers) {
            executor.execute(() -> {
                try {
                    notifier.notify(n);
                } catch (RuntimeException e) {
                    log.warn("notifier {} failed: {}", notifier, redactor.redact(e.toString()));
                }
            });
        }
    }

    /** Runs {@code r} with the plan, execution and (when not null) step in the logging MDC. */
    void withMdc(String stepId, Runnable r) {
        MDC.put("drplan.plan", planName);
        MDC.put("drplan.execution", executionId);
        if (stepId != null) {
            MDC.put("drplan.step", stepId);
        }
        try {
            r.run();
        } finally {
            MDC.remove("drplan.plan");
            MDC.remove("drplan.execution");
            MDC.remove("drplan.step");
        }
    }
}
