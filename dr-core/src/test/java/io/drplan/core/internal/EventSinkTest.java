package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.event.StepProgressedEvent;
import io.drplan.core.spi.JournalStore;
import io.drplan.core.time.DeterministicScheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSinkTest {
    private final DeterministicScheduler time = new DeterministicScheduler();
    private final Object runLock = new Object();
    private final List<String> written = new ArrayList<>();
    private final List<String> told = new ArrayList<>();
    private boolean journalDown;

    /** A journal that records whether it was written under the run's lock. */
    private final JournalStore journal = new JournalStore() {
        @Override
        public void append(String executionId, String line) {
            if (journalDown) {
                throw new IllegalStateException("S3 is down");
            }
            written.add((Thread.holdsLock(runLock) ? "UNDER THE RUN'S LOCK " : "") + message(line));
        }

        @Override
        public List<String> read(String executionId) {
            return List.of();
        }
    };

    private final EventSink sink = new EventSink("e1", "test-plan", journal,
            List.of(e -> told.add(((StepProgressedEvent) e).message() + (written.isEmpty() ? " before the journal" : ""))),
            List.of(), time.executor(), new Redactor(), runLock);

    private static String message(String line) {
        return line.replaceAll(".*\"message\":\"([^\"]*)\".*", "$1");
    }

    private static ExecutionEvent progress(String message) {
        return new StepProgressedEvent("e1", Instant.EPOCH, "a", message);
    }

    @Test
    void publishUnderTheLock_writesOnlyOnFlushAfterIt_inOrder() {
        synchronized (runLock) {
            sink.publish(progress("one"));
            sink.publish(progress("two"));
            sink.flush();   // under the lock: no I/O
            assertThat(written).isEmpty();
        }

        sink.flush();

        assertThat(written).containsExactly("one", "two");
        assertThat(told).containsExactly("one", "two");
    }

    @Test
    void awaitWritten_returnsOnceTheLineIsInTheJournal() {
        long line;
        synchronized (runLock) {
            line = sink.publish(progress("one"));
        }

        sink.awaitWritten(line);

        assertThat(written).containsExactly("one");
    }

    @Test
    void aLineThatCannotBeWritten_failsItsWaiterAndEveryLaterFlush_andTellsNoListener() {
        journalDown = true;
        long line = sink.publish(progress("one"));

        assertThatThrownBy(() -> sink.awaitWritten(line)).hasMessage("S3 is down");
        journalDown = false;
        long later = sink.publish(progress("two"));

        assertThatThrownBy(() -> sink.awaitWritten(later)).hasMessage("S3 is down");
        assertThat(written).isEmpty();   // a journal with a gap is not written on
        assertThat(told).isEmpty();
    }

    @Test
    void aListenerThatPublishes_isWrittenAfterTheEventItWasToldAbout() {
        List<String> order = new ArrayList<>();
        EventSink nested = new EventSink("e1", "test-plan", journal, List.of(e -> {
            String m = ((StepProgressedEvent) e).message();
            order.add("told " + m);
            if (m.equals("one")) {
                EventSinkTest.this.nestedPublish(order);
            }
        }), List.of(), time.executor(), new Redactor(), runLock);
        this.nestedSink = nested;

        nested.publish(progress("one"));
        nested.flush();

        assertThat(order).containsExactly("told one", "flush returned", "told two");
        assertThat(written).containsExactly("one", "two");
    }

    private EventSink nestedSink;

    private void nestedPublish(List<String> order) {
        nestedSink.publish(progress("two"));
        nestedSink.flush();   // this thread is writing: returns, the outer flush writes it
        order.add("flush returned");
    }
}
