package io.drplan.testkit.crash;

import io.drplan.core.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a journal file says, read the way the test needs it (not the engine's own reader). */
final class JournalLines {
    private final List<Map<String, Object>> entries;
    private final List<String> invalid;
    private final boolean exists;

    private JournalLines(boolean exists, List<Map<String, Object>> entries, List<String> invalid) {
        this.exists = exists;
        this.entries = entries;
        this.invalid = invalid;
    }

    @SuppressWarnings("unchecked")
    static JournalLines read(Path file) {
        if (!Files.exists(file)) {
            return new JournalLines(false, List.of(), List.of());
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String l : lines) {
            if (l.isBlank()) {
                continue;
            }
            try {
                entries.add((Map<String, Object>) Json.parse(l));
            } catch (IllegalArgumentException | ClassCastException e) {
                invalid.add(l);
            }
        }
        return new JournalLines(true, entries, invalid);
    }

    boolean exists() {
        return exists;
    }

    /** Whether there is at least one readable line (the engine resumes nothing else). */
    boolean hasEntries() {
        return !entries.isEmpty();
    }

    /** Lines that are not JSON objects (a torn line, or corruption). */
    List<String> invalid() {
        return invalid;
    }

    List<Map<String, Object>> entries() {
        return entries;
    }

    long count(String type, String stepId) {
        return entries.stream().filter(e -> type.equals(e.get("type")) && stepId.equals(e.get("stepId"))).count();
    }

    long count(String type) {
        return entries.stream().filter(e -> type.equals(e.get("type"))).count();
    }

    List<String> stepsWith(String type) {
        return entries.stream().filter(e -> type.equals(e.get("type"))).map(e -> (String) e.get("stepId")).toList();
    }

    boolean started(String stepId) {
        return count("step.started", stepId) > 0;
    }

    boolean succeeded(String stepId) {
        return count("step.succeeded", stepId) > 0;
    }

    /** Whether the {@code step.succeeded} line of {@code stepId} says it was adopted after a crash. */
    boolean adopted(String stepId) {
        return entries.stream().filter(e -> "step.succeeded".equals(e.get("type")) && stepId.equals(e.get("stepId")))
                .anyMatch(e -> Boolean.TRUE.equals(e.get("adopted")));
    }

    /** The state of the {@code execution.finished} line, if there is one. */
    Optional<String> finishedState() {
        return entries.stream().filter(e -> "execution.finished".equals(e.get("type")))
                .map(e -> String.valueOf(e.get("state"))).findFirst();
    }
}
