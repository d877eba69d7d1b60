package io.drplan.core.internal;

import io.drplan.core.DrException;
import io.drplan.core.DrPlan;
import io.drplan.core.Mode;
import io.drplan.core.journal.CorruptJournalException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a journal before resume uses any of it, so that resume acts only on a history this engine
 * wrote for this plan. In order: every line is strict JSON within {@link Json}'s limits (a torn
 * last line, left by a crash mid-write, is dropped); every field resume reads has the right type
 * and names a known line type, the execution and a step of the plan; the chain of checksums is
 * unbroken and every line carries the plan's fingerprint (see {@link JournalChain}); and the
 * history is possible: one mode throughout (EXECUTE or DRILL), no step started before its
 * dependencies succeeded, no time going backwards. The first problem is thrown as a
 * {@link CorruptJournalException} naming the execution, the line and what is wrong. Internal.
 */
public final class JournalVerifier {
    /** How far a resumed run's first line may be earlier than the last line before it (clocks of two hosts). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Set<String> TYPES = Set.of("execution.started", "execution.finished", "step.started",
            "step.progressed", "step.retried", "step.checkpointed", "step.succeeded", "step.failed", "step.compensated",
            "step.compensation-failed", "approval.requested", "approval.decided");

    /** What resume may read: the lines (without a torn last one) and where the chain goes on from. */
    public record Verified(List<String> lines, JournalChain.Position end) {
        /** The checksum of the last line. */
        public String lastChecksum() {
            return end.checksum();
        }
    }

    private final DrPlan plan;
    private final String executionId;
    private final List<String> lines;
    private final byte[] key;

    private JournalVerifier(DrPlan plan, String executionId, List<String> lines, byte[] key) {
        this.plan = plan;
        this.executionId = executionId;
        this.lines = lines;
        this.key = key;
    }

    /**
     * Verifies the journal of {@code executionId} for {@code plan}.
     *
     * @param key the engine's journal key, or {@code null} when it has none
     * @throws CorruptJournalException naming the line and the problem
     * @throws DrException             when there is no journal at all
     */
    public static Verified verify(DrPlan plan, String executionId, List<String> lines, byte[] key) {
        if (lines.isEmpty()) {
            throw new DrException("no journal for execution '" + executionId + "'; check the id and the journal store");
        }
        return new JournalVerifier(plan, executionId, lines, key).run();
    }

    private Verified run() {
        List<Map<String, Object>> entries = parse();
        for (int n = 0; n < entries.size(); n++) {
            fields(n, entries.get(n));
        }
        String last = chain(entries);
        history(entries);
        return new Verified(List.copyOf(lines.subList(0, entries.size())),
                new JournalChain.Position(executionId, entries.size(), last));
    }

    private String where(int n) {
        return "journal of execution '" + executionId + "' line " + (n + 1);
    }

    private CorruptJournalException refused(int n, String problem) {
        return new CorruptJournalException(executionId, n + 1, where(n) + " " + problem);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> parse() {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            Object parsed;
            try {
                parsed = Json.parse(lines.get(n));
            } catch (Json.TooLarge e) {
                throw refused(n, "is not valid: " + e.getMessage() + "; the journal is corrupted, nothing was resumed");
            } catch (IllegalArgumentException e) {
                if (n == lines.size() - 1 && n > 0) {
                    break; // a torn last line: the process died while writing it; the action it records never ran
                }
                throw refused(n, "is not valid: " + e.getMessage() + "; the journal is corrupted, nothing was resumed");
            }
            if (!(parsed instanceof Map)) {
                throw refused(n, "is not valid: expected a JSON object per line; the journal is corrupted,"
                        + " nothing was resumed");
            }
            entries.add((Map<String, Object>) parsed);
        }
        return entries;
    }

    /** The fields resume reads, each of the type it expects. */
    private void fields(int n, Map<String, Object> e) {
        Object v = e.get("v");
        if (!(v instanceof Long l) || l != JournalCodec.VERSION) {
            throw refused(n, "has format version " + Json.write(v) + "; this drplan reads version "
                    + JournalCodec.VERSION + ", nothing was resumed"
                    + (v instanceof Long l && l > JournalCodec.VERSION ? "; resume with the newer drplan that wrote it"
                    : ""));
        }
        if (!executionId.equals(e.get("executionId"))) {
            throw refused(n, "belongs to execution '" + e.get("executionId") + "'; nothing was resumed");
        }
        if (!(e.get("type") instanceof String type)) {
            throw refused(n, "has " + (e.containsKey("type") ? "type " + Json.write(e.get("type")) + ", which is not a"
                    + " string" : "no type") + "; the journal is corrupted, nothing was resumed");
        }
        if (!TYPES.contains(type)) {
            throw refused(n, "has type '" + type + "', which this drplan does not know; the journal is corrupted,"
                    + " nothing was resumed");
        }
        instant(n, e.get("at"));
        Object stepId = e.get("stepId");
        if (stepId != null && !(stepId instanceof String)) {
            throw refused(n, "has stepId " + Json.write(stepId) + ", which is not a string; the journal is corrupted,"
                    + " nothing was resumed");
        }
        if (stepId == null && type.startsWith("step.")) {
            throw refused(n, "is '" + type + "' without a stepId; the journal is corrupted, nothing was resumed");
        }
        if (stepId != null && plan.step((String) stepId).isEmpty()) {
            throw refused(n, "names step '" + stepId + "', which plan '" + plan.name()
                    + "' does not have; resume with the plan that started the execution");
        }
        if (n == 0 && !"execution.started".equals(type)) {
            throw refused(n, "is '" + type + "', not 'execution.started'; the journal is corrupted, nothing was resumed");
        }
        switch (type) {
            case "execution.started" -> {
                if (!plan.name().equals(e.get("planName"))) {
                    throw refused(n, "is of plan '" + e.get("planName") + "', not '" + plan.name()
                            + "'; resume with the plan that started the execution");
                }
                mode(n, e);
                if (e.get("incidentStartedAt") != null) {
                    instant(n, e.get("incidentStartedAt"));
                }
            }
            case "step.succeeded" -> {
                if (e.containsKey("outputs") && !(e.get("outputs") instanceof Map)) {
                    throw refused(n, "has outputs " + Json.write(e.get("outputs")) + ", which is not an object;"
                            + " the journal is corrupted, nothing was resumed");
                }
                if (e.get("outputs") instanceof Map<?, ?> o && o.get("restorePoint") instanceof String s) {
                    instant(n, s);
                }
            }
            case "step.checkpointed" -> {
                if (!(e.get("key") instanceof String)) {
                    throw refused(n, "has checkpoint key " + Json.write(e.get("key")) + ", which is not a string;"
                            + " the journal is corrupted, nothing was resumed");
                }
            }
            default -> {
                // the other lines carry only informative fields
            }
        }
    }

    private Mode mode(int n, Map<String, Object> e) {
        Object m = e.get("mode");
        if (!(m instanceof String s) || !(s.equals("EXECUTE") || s.equals("DRILL"))) {
            throw refused(n, "has mode " + Json.write(m) + "; an execution's journal has mode EXECUTE or DRILL"
                    + " (a preview writes none), nothing was resumed");
        }
        return Mode.valueOf(s);
    }

    private Instant instant(int n, Object o) {
        try {
            if (o instanceof String s) {
                return Instant.parse(s);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw refused(n, "has time " + Json.write(o) + ", which is not an ISO-8601 instant; nothing was resumed");
    }

    /** The chain of checksums and the plan's fingerprint, line by line; the checksum of the last line. */
    private String chain(List<Map<String, Object>> entries) {
        String fingerprint = PlanFingerprint.of(plan);
        String previous = "";
        for (int n = 0; n < entries.size(); n++) {
            String line = lines.get(n);
            int at = line.lastIndexOf(JournalChain.CHECKSUM_FIELD);
            Object chk = entries.get(n).get("chk");
            if (at < 0 || !line.endsWith("\"}") || !(chk instanceof String sum)
                    || !line.substring(at + JournalChain.CHECKSUM_FIELD.length(), line.length() - 2).equals(sum)) {
                throw refused(n, "carries no checksum as its last field; the engine did not write it, nothing was"
                        + " resumed");
            }
            if (key != null && !sum.startsWith(JournalChain.HMAC)) {
                throw refused(n, "is not signed with a journal key, but this engine has one: the journal was written"
                        + " without it or rewritten; nothing was resumed");
            }
            if (key == null && sum.startsWith(JournalChain.HMAC)) {
                throw refused(n, "is signed with a journal key; resume with an engine built with the same"
                        + " DrEngine.builder().journalKey(..), nothing was resumed");
            }
            Object fp = entries.get(n).get("fp");
            if (!fingerprint.equals(fp)) {
                throw refused(n, "was written for a plan with fingerprint " + Json.write(fp) + ", but plan '"
                        + plan.name() + "' has fingerprint \"" + fingerprint + "\": its steps or their settings changed;"
                        + " resume with the plan that started the execution");
            }
            Object seq = entries.get(n).get("seq");
            if (!(seq instanceof Long number) || number != n + 1) {
                throw refused(n, "has number " + Json.write(seq) + " where " + (n + 1) + " was expected: "
                        + (seq instanceof Long number && number > n + 1 ? (number - n - 1) + " line(s) before it were lost"
                        : "lines were repeated, reordered or edited") + "; nothing was resumed");
            }
            String content = line.substring(0, at) + "}";
            if (!JournalChain.checksum(key, previous, content).equals(sum)) {
                throw refused(n, "does not match its checksum: it was edited, or a line before it was changed; the"
                        + " journal is not the one the engine wrote, nothing was resumed");
            }
            previous = sum;
        }
        return previous;
    }

    /** What the engine could have written: one mode, steps after their dependencies, time going forward. */
    private void history(List<Map<String, Object>> entries) {
        Mode mode = null;
        Instant previous = null;
        Set<String> succeeded = new HashSet<>();
        for (int n = 0; n < entries.size(); n++) {
            Map<String, Object> e = entries.get(n);
            String type = (String) e.get("type");
            Instant at = instant(n, e.get("at"));
            boolean resumedHere = n > 0 && "execution.started".equals(type);
            Instant floor = previous == null ? null : resumedHere ? previous.minus(MAX_CLOCK_SKEW) : previous;
            if (floor != null && at.isBefore(floor)) {
                throw refused(n, "has time " + at + ", before " + previous + " on the line before it: time does not go"
                        + " backwards in a journal the engine wrote, nothing was resumed");
            }
            previous = at;
            switch (type) {
                case "execution.started" -> {
                    Mode m = mode(n, e);
                    if (mode != null && m != mode) {
                        throw refused(n, "changes the execution's mode from " + mode + " to " + m + "; an execution"
                                + " keeps the mode it started with, nothing was resumed");
                    }
                    mode = m;
                }
                case "step.started" -> {
                    String id = (String) e.get("stepId");
                    for (String d : new TreeSet<>(plan.step(id).orElseThrow().dependencies())) {
                        if (!succeeded.contains(d)) {
                            throw refused(n, "starts step '" + id + "' before its dependency '" + d + "' succeeded;"
                                    + " the engine never does that, nothing was resumed");
                        }
                    }
                }
                case "step.succeeded" -> succeeded.add((String) e.get("stepId"));
                default -> {
                    // no ordering rule
                }
            }
        }
    }
}
