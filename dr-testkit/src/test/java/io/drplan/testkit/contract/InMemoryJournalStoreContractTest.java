package io.drplan.testkit.contract;

import io.drplan.core.journal.InMemoryJournalStore;
import io.drplan.core.spi.JournalStore;

/** The journal-store contract for memory: a "new process" is the same store, since memory is all it has. */
class InMemoryJournalStoreContractTest extends JournalStoreContract {
    private final InMemoryJournalStore store = new InMemoryJournalStore();

    @Override
    protected JournalStore newProcess() {
        return store;
    }
}
