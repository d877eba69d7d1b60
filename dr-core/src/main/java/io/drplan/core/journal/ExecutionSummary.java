package io.drplan.core.journal;

import io.drplan.core.Durations;
import io.drplan.core.internal.Json;
import io.drplan.core.spi.JournalStore;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One execution as its journal tells it: id, plan, mode, state and when it started, for listing
 * the executions of a store and choosing one to resume.
 *
 * <pre>{@code
 * System.out.println(ExecutionSummary.table(ExecutionSummary.list(store)));
 * engine.resume(plan, "…id of an UNFINISHED one…");
 * }</pre>
 *
 * @param state the final state ({@code SUCCEEDED}, {@code FAILED}, ...), {@link #UNFINISHED} when the
 *              journal has no final line (running elsewhere, or crashed: resumable), or
 *              {@link #UNREADABLE} when its first line is not a start
 * @param finishedAt null unless finished
 */
public record ExecutionSummary(String executionId, String planName, String mode, String state, Instant startedAt,
                               Instant finishedAt, int lines) {
    /** The state of an execution whose journal has no final line. */
    public static final String UNFINISHED = "UNFINISHED";
    /** The state of a journal that does not start with an execution's start. */
    public static final String UNREADABLE = "UNREADABLE";

    public ExecutionSummary {
        Objects.requireNonNull(executionId, "executionId");
    }

    /** Whether the journal has no final line, so that {@code engine.resume(plan, id)} may continue it. */
    public boolean unfinished() {
        return UNFINISHED.equals(state);
    }

    /** Every execution of {@code store}, oldest first (those that cannot be read last). */
    public static List<ExecutionSummary> list(JournalStore store) {
        Objects.requireNonNull(store, "store");
        List<ExecutionSummary> out = new ArrayList<>();
        for (String id : store.executionIds()) {
            out.add(of(id, store.read(id)));
        }
        out.sort(Comparator.comparing(ExecutionSummary::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(ExecutionSummary::executionId));
        return List.copyOf(out);
    }

    /** The summary of the journal {@code lines} of {@code executionId}. */
    public static ExecutionSummary of(String executionId, List<String> lines) {
        String plan = null;
        String mode = null;
        String state = UNREADABLE;
        Instant started = null;
        Instant finished = null;
        for (int i = 0; i < lines.size(); i++) {
            Map<?, ?> line = parse(lines.get(i));
            if (line == null) {
                continue; // a line torn by a crash (the replay refuses or tolerates it on resume)
            }
            Object type = line.get("type");
            if (i == 0) {
                if (!"execution.started".equals(type)) {
                    break;
                }
                plan = text(line.get("planName"));
                mode = text(line.get("mode"));
                started = instant(line.get("at"));
                state = UNFINISHED;
            } else if ("execution.finished".equals(type)) {
                state = text(line.get("state"));
                finished = instant(line.get("at"));
            }
        }
        return new ExecutionSummary(executionId, plan, mode, state == null ? UNREADABLE : state, started, finished,
                lines.size());
    }

    /** The summaries as an aligned table: id, plan, mode, state, started, duration. */
    public static String table(List<ExecutionSummary> summaries) {
        StringBuilder sb = new StringBuilder();
        String format = "%-38s %-28s %-8s %-20s %-24s %s%n";
        sb.append(String.format(Locale.ROOT, format, "execution", "plan", "mode", "state", "started", "took"));
        for (ExecutionSummary s : summaries) {
            sb.append(String.format(Locale.ROOT, format, s.executionId(), orDash(s.planName()), orDash(s.mode()),
                    s.state(), s.startedAt() == null ? "-" : s.startedAt().toString(),
                    s.startedAt() == null || s.finishedAt() == null ? "-"
                            : Durations.format(Duration.between(s.startedAt(), s.finishedAt()))));
        }
        if (summaries.isEmpty()) {
            sb.append("(no executions)\n");
        }
        return sb.toString();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static Map<?, ?> parse(String line) {
        try {
            return Json.parse(line) instanceof Map<?, ?> m ? m : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(Object o) {
        return o instanceof String s ? s : null;
    }

    private static Instant instant(Object o) {
        try {
            return o instanceof String s ? Instant.parse(s) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return executionId + " " + planName + " " + state + " started " + startedAt;
    }
}
