package io.drplan.testkit.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The file-backed fake cloud's audit trail: one line per real change, appended in one write and
 * forced. A line is the fake cloud's commit point (see {@link FileBackedDatabases}), so counting
 * lines counts the changes that really happened, whatever moment the client process was killed.
 */
final class ActionsLog {
    private final Path file;

    ActionsLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Appends one line; a single {@code write} so that a killed process leaves all of it or none. */
    synchronized void append(String line) {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("one action per line: " + line);
        }
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** Every complete line, in order. */
    synchronized List<String> lines() {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> all = text.lines().toList();
            // a line without its line break was being written when the process died: not an action
            return text.endsWith("\n") || all.isEmpty() ? all : all.subList(0, all.size() - 1);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** How many lines start with {@code prefix}. */
    long count(String prefix) {
        return lines().stream().filter(l -> l.startsWith(prefix)).count();
    }
}
