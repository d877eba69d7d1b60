package io.drplan.core.journal;

import io.drplan.core.spi.JournalStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Journals in memory: for tests and for hosts that only want the events. */
public final class InMemoryJournalStore implements JournalStore {
    private final Map<String, List<String>> journals = new ConcurrentHashMap<>();

    /** An empty store. */
    public InMemoryJournalStore() { }

    @Override
    public void append(String executionId, String line) {
        StoreChecks.line(line);
        List<String> l = journals.computeIfAbsent(StoreChecks.executionId(executionId), k -> new ArrayList<>());
        synchronized (l) {
            l.add(line);
        }
    }

    @Override
    public List<String> read(String executionId) {
        List<String> l = journals.get(StoreChecks.executionId(executionId));
        if (l == null) {
            return List.of();
        }
        synchronized (l) {
            return List.copyOf(l);
        }
    }

    @Override
    public List<String> executionIds() {
        return List.copyOf(journals.keySet());
    }
}
