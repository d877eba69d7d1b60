package io.drplan.core.journal;

import io.drplan.core.DrException;
import io.drplan.core.spi.JournalStore;
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
import java.util.stream.Stream;

/**
 * Journals as files, one {@code <executionId>.jsonl} per execution in a folder. Every append is
 * forced to disk before it returns, so a line in the journal means the transition it records
 * happened (or was about to). Put the folder on storage that outlives the host, or use a store in
 * another region.
 *
 * <pre>{@code
 * DrEngine.builder().journal(FileJournalStore.in(Path.of("/var/lib/drplan/journal")))
 * }</pre>
 */
public final class FileJournalStore implements JournalStore {
    private final Path folder;

    private FileJournalStore(Path folder) {
        this.folder = folder;
    }

    /** A store in {@code folder}, created when missing. */
    public static FileJournalStore in(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DrException("cannot create the journal folder " + folder + ": " + e.getMessage()
                    + "; choose a folder the process can write", e);
        }
        return new FileJournalStore(folder);
    }

    /** The file holding the journal of {@code executionId}. */
    public Path file(String executionId) {
        return folder.resolve(StoreChecks.executionId(executionId) + ".jsonl");
    }

    @Override
    public synchronized void append(String executionId, String line) {
        StoreChecks.line(line);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file(executionId), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            // Every line is written whole with its line break, so a file that does not end with one
            // holds a line torn by a crash: readers ignore it, and appending onto it would glue it to
            // the next line and corrupt the journal for good. Cut it off first.
            long end = endOfLastWholeLine(ch);
            if (end < ch.size()) {
                ch.truncate(end);
            }
            ch.position(end);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal " + file(executionId) + ": " + e.getMessage(), e);
        }
    }

    private static long endOfLastWholeLine(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer last = ByteBuffer.allocate(1);
        if (size == 0 || ch.read(last, size - 1) == 1 && last.get(0) == '\n') {
            return size; // the usual case: nothing torn
        }
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        for (long pos = size; pos > 0; ) {
            long from = Math.max(0, pos - chunk.capacity());
            chunk.clear().limit((int) (pos - from));
            while (chunk.hasRemaining() && ch.read(chunk, from + chunk.position()) >= 0) {
                // read the whole window
            }
            for (int i = chunk.position() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            pos = from;
        }
        return 0;
    }

    @Override
    public List<String> read(String executionId) {
        try {
            // Decoded leniently: a line torn by a crash in the middle of a multi-byte character must reach
            // the replay (which tolerates a torn last line) instead of failing the whole read.
            String text = new String(Files.readAllBytes(file(executionId)), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.isBlank()).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file(executionId) + ": " + e.getMessage(), e);
        }
    }

    /** The execution ids of the {@code <executionId>.jsonl} files in the folder, sorted. */
    @Override
    public List<String> executionIds() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".jsonl"))
                    .map(n -> n.substring(0, n.length() - ".jsonl".length()))
                    .filter(StoreChecks::isExecutionId)
                    .sorted()
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the journal folder " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "FileJournalStore[" + folder + "]";
    }
}
