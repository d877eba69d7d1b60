package io.drplan.testkit.contract;

import io.drplan.core.journal.FileJournalStore;
import io.drplan.core.spi.JournalStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The journal-store contract for files: every new process opens the same folder. */
class FileJournalStoreContractTest extends JournalStoreContract {
    @TempDir
    Path folder;

    @Override
    protected JournalStore newProcess() {
        return FileJournalStore.in(folder);
    }
}
