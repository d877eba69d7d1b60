package io.drplan.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJournalStoreTest {

    @Test
    void read_lineTornInsideAMultiByteCharacter_returnsTheWholeLinesAndTheTornOne(@TempDir Path dir) throws IOException {
        FileJournalStore store = FileJournalStore.in(dir);
        store.append("x1", "{\"a\":\"première\"}");
        byte[] torn = "{\"b\":\"é".getBytes(StandardCharsets.UTF_8);
        Files.write(store.file("x1"), Arrays.copyOf(torn, torn.length - 1), StandardOpenOption.APPEND);

        assertThat(store.read("x1")).hasSize(2).first().isEqualTo("{\"a\":\"première\"}");
    }

    @Test
    void append_afterATornLine_startsOnAFreshLine(@TempDir Path dir) throws IOException {
        FileJournalStore store = FileJournalStore.in(dir);
        store.append("x1", "{\"a\":1}");
        Files.writeString(store.file("x1"), "{\"b\":", StandardOpenOption.APPEND);

        store.append("x1", "{\"c\":3}");

        assertThat(store.read("x1")).containsExactly("{\"a\":1}", "{\"c\":3}");
    }

    @Test
    void badIdsAndLines_areRejected(@TempDir Path dir) {
        FileJournalStore store = FileJournalStore.in(dir);
        assertThatThrownBy(() -> store.append("../etc", "{}")).hasMessage("execution id '../etc' is not valid; use"
                + " 1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit");
        assertThatThrownBy(() -> store.append("x1", "{}\n{}")).hasMessage("a journal line must not contain a line break");
        assertThat(store.read("nope")).isEmpty();
    }
}
