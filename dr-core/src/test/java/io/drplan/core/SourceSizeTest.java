package io.drplan.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** dr-core stays readable: no main source file over 400 lines (Run is a coordinator, not the engine). */
class SourceSizeTest {
    private static final int MAX_LINES = 400;

    @Test
    void everyMainSourceFile_hasAtMost400Lines() throws IOException {
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        try (Stream<Path> files = Files.walk(main)) {
            List<String> tooLong = files.filter(p -> p.toString().endsWith(".java")).filter(p -> lines(p) > MAX_LINES)
                    .map(p -> main.relativize(p) + " (" + lines(p) + " lines)").sorted().toList();
            assertThat(tooLong).as("split these: each piece one job").isEmpty();
        }
    }

    private static long lines(Path p) {
        try (Stream<String> l = Files.lines(p)) {
            return l.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
