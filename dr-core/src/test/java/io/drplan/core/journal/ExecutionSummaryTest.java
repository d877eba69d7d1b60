package io.drplan.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.spi.JournalStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionSummaryTest {
    private static final String STARTED = "{\"v\":1,\"type\":\"execution.started\",\"at\":\"2026-01-01T00:00:00Z\","
            + "\"executionId\":\"%s\",\"planName\":\"vibe-region-failover\",\"mode\":\"DRILL\"}";
    private static final String STEP = "{\"v\":1,\"type\":\"step.started\",\"at\":\"2026-01-01T00:01:00Z\","
            + "\"executionId\":\"%s\",\"stepId\":\"restore-db\"}";
    private static final String FINISHED = "{\"v\":1,\"type\":\"execution.finished\",\"at\":\"2026-01-01T00:30:00Z\","
            + "\"executionId\":\"%s\",\"state\":\"SUCCEEDED\",\"verdict\":\"MET\"}";

    private static void write(JournalStore store, String id, String... lines) {
        for (String l : lines) {
            store.append(id, String.format(l, id));
        }
    }

    @Test
    void fileStore_listsItsJournals_withPlanStateAndStart(@TempDir Path dir) throws IOException {
        FileJournalStore store = FileJournalStore.in(dir);
        write(store, "b-finished", STARTED, STEP, FINISHED);
        write(store, "a-crashed", STARTED, STEP);
        Files.writeString(dir.resolve("notes.txt"), "not a journal");
        store.append("c-odd", "{\"v\":1,\"type\":\"step.started\",\"at\":\"2026-01-01T00:00:00Z\"}");

        assertThat(store.executionIds()).containsExactly("a-crashed", "b-finished", "c-odd");
        List<ExecutionSummary> list = ExecutionSummary.list(store);

        assertThat(list).containsExactly(
                new ExecutionSummary("a-crashed", "vibe-region-failover", "DRILL", "UNFINISHED",
                        Instant.parse("2026-01-01T00:00:00Z"), null, 2),
                new ExecutionSummary("b-finished", "vibe-region-failover", "DRILL", "SUCCEEDED",
                        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:30:00Z"), 3),
                new ExecutionSummary("c-odd", null, null, "UNREADABLE", null, null, 1));
        assertThat(list.get(0).unfinished()).isTrue();
        assertThat(ExecutionSummary.table(list)).contains(
                "a-crashed                              vibe-region-failover         DRILL    UNFINISHED"
                        + "           2026-01-01T00:00:00Z     -",
                "b-finished                             vibe-region-failover         DRILL    SUCCEEDED"
                        + "            2026-01-01T00:00:00Z     30m 00s");
    }

    @Test
    void fileStore_missingFolderContents_listsNothing(@TempDir Path dir) {
        assertThat(FileJournalStore.in(dir.resolve("new")).executionIds()).isEmpty();
        assertThat(ExecutionSummary.table(List.of())).endsWith("(no executions)\n");
    }

    @Test
    void inMemoryStore_listsItsJournals() {
        InMemoryJournalStore store = new InMemoryJournalStore();
        write(store, "x", STARTED, STEP, "{torn");

        assertThat(store.executionIds()).containsExactly("x");
        assertThat(ExecutionSummary.list(store).get(0).state()).isEqualTo("UNFINISHED");
    }

    @Test
    void storeThatCannotList_saysSoAndWhatToDo() {
        JournalStore store = new JournalStore() {
            @Override
            public void append(String executionId, String line) { }

            @Override
            public List<String> read(String executionId) {
                return List.of();
            }
        };

        assertThatThrownBy(store::executionIds).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageEndingWith(" cannot list its executions; find the execution id in the report, the log"
                        + " or the notification of the run, and read it with read(id)");
    }
}
