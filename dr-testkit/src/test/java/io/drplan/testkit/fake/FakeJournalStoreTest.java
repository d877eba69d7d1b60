package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.DrException;
import io.drplan.core.spi.Notifier.Notification;
import io.drplan.core.spi.Notifier.Severity;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import org.junit.jupiter.api.Test;

class FakeJournalStoreTest {
    private final FakeCloud cloud = FakeCloud.create(VirtualScheduler.create());
    private final FakeJournalStore journal = cloud.journal();

    @Test
    void append_keepsLinesInOrderPerExecution() {
        journal.append("e1", "{\"a\":1}");
        journal.append("e2", "{\"b\":1}");
        journal.append("e1", "{\"a\":2}");

        assertThat(journal.read("e1")).containsExactly("{\"a\":1}", "{\"a\":2}");
        assertThat(journal.read("none")).isEmpty();
        assertThat(journal.executionIds()).containsExactly("e1", "e2");
    }

    @Test
    void crashAfter_failsFurtherAppendsUntilRecovered() {
        journal.crashAfter(1);
        journal.append("e1", "{}");

        assertThatThrownBy(() -> journal.append("e1", "{\"lost\":true}"))
                .isInstanceOf(DrException.class)
                .hasMessage("journal of execution 'e1' is unavailable (simulated crash of the host);"
                        + " call cloud.journal().recover() and resume the execution");
        journal.recover().append("e1", "{\"resumed\":true}");
        assertThat(journal.read("e1")).containsExactly("{}", "{\"resumed\":true}");
    }

    @Test
    void notifier_keepsNotifications() {
        Notification n = new Notification("vibe-dr", Severity.CRITICAL, "on-call", "failed", "restore-db failed");

        cloud.notifier().notify(n);

        assertThat(cloud.notifier().notifications()).containsExactly(n);
    }
}
