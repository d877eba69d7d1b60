package io.drplan.testkit.fake;

import io.drplan.core.DrException;
import io.drplan.core.spi.JournalStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A journal store in memory that can simulate the host dying: after {@link #crashAfter(int)}
 * appends, every further append throws, as if the process had gone; a new engine given the same
 * store then resumes from what was written.
 *
 * <pre>{@code
 * cloud.journal().crashAfter(5);
 * assertThatThrownBy(() -> engine.execute(plan));
 * cloud.journal().recover();
 * engine.resume(executionId);
 * }</pre>
 */
public final class FakeJournalStore implements JournalStore {
    private final Map<String, List<String>> journals = new LinkedHashMap<>();
    private int appendsLeft = -1;

    FakeJournalStore() { }

    /** Accepts {@code appends} more lines, then fails every append until {@link #recover()}. */
    public FakeJournalStore crashAfter(int appends) {
        if (appends < 0) {
            throw new IllegalArgumentException("appends must not be negative but was " + appends);
        }
        this.appendsLeft = appends;
        return this;
    }

    /** Accepts appends again. */
    public FakeJournalStore recover() {
        this.appendsLeft = -1;
        return this;
    }

    @Override
    public void append(String executionId, String line) {
        if (appendsLeft == 0) {
            throw new DrException("journal of execution '" + executionId + "' is unavailable (simulated crash of the"
                    + " host); call cloud.journal().recover() and resume the execution");
        }
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a journal line must not contain a line break but was: " + line);
        }
        if (appendsLeft > 0) {
            appendsLeft--;
        }
        journals.computeIfAbsent(executionId, k -> new ArrayList<>()).add(line);
    }

    @Override
    public List<String> read(String executionId) {
        return List.copyOf(journals.getOrDefault(executionId, List.of()));
    }

    /** The ids of every journal written. */
    public List<String> executionIds() {
        return List.copyOf(journals.keySet());
    }

    @Override
    public String toString() {
        return "FakeJournalStore" + journals.keySet();
    }
}
