package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrException;
import io.drplan.core.event.ApprovalDecidedEvent;
import io.drplan.core.event.ApprovalRequestedEvent;
import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.event.ExecutionStartedEvent;
import io.drplan.core.event.StepCheckpointedEvent;
import io.drplan.core.event.StepProgressedEvent;
import io.drplan.core.event.StepRetriedEvent;
import io.drplan.core.event.StepStartedEvent;
import io.drplan.core.event.StepSucceededEvent;
import io.drplan.core.spi.JournalStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutated journals (seeded, so a failure names its case and reproduces): reading one for resume
 * throws nothing but a {@link DrException}, never a raw JVM exception, whatever the mutation.
 * Half the cases have their checksums computed again after the mutation, so that the field and
 * history checks and the replay behind them are exercised too, not only the chain.
 */
class JournalFuzzTest {
    private static final int CASES = 2_000;
    private static final String[] VALUES = {"42", "\"x\"", "null", "[]", "{}", "7", "true", "-1", "1e999", "0.5",
        "\"2026-13-01T00:00:00Z\"", "\"a\"", "\"b\"", "\"zz\"", "{\"restorePoint\":5}", "{\"restorePoint\":\"soon\"}",
        "[[[[[[[[]]]]]]]]", "\"EXECUTE\"", "\"DRILL\"", "\"PREVIEW\"", "\"step.succeeded\"", "\"execution.finished\"",
        "\"step.compensation-failed\"", "\"step.failed\"", "\"exec-2\"", "2", "3"};
    private static final String NOISE = "[]{}\",:0+-.eE\\ntfa1\u0000\u00e9";

    static List<String> unsealedJournal() {
        Instant t = JournalVerifierTest.T0;
        String id = JournalVerifierTest.ID;
        List<ExecutionEvent> events = new ArrayList<>(JournalVerifierTest.crashedRun("EXECUTE"));
        events.add(new StepRetriedEvent(id, t.plusSeconds(4), "b", "rds:Describe", 2, Duration.ofSeconds(1), "503"));
        events.add(new StepCheckpointedEvent(id, t.plusSeconds(5), "b", "restoreId", "r-1"));
        events.add(new StepProgressedEvent(id, t.plusSeconds(6), "b", "half way"));
        events.add(new ApprovalRequestedEvent(id, t.plusSeconds(7), "b", "incident-commander", Duration.ofMinutes(5)));
        events.add(new ApprovalDecidedEvent(id, t.plusSeconds(8), "b", "incident-commander", true, "ann", "ok"));
        events.add(new ExecutionStartedEvent(id, t.plusSeconds(9), "verify-plan", "EXECUTE", "us-east-1", "us-west-2",
                "host/2", true, List.of("resumed"), t));
        events.add(new StepSucceededEvent(id, t.plusSeconds(10), "b", Map.of("restorePoint", t.toString()), true));
        return JournalVerifierTest.encoded(events);
    }

    @Test
    void read_mutatedJournals_throwsOnlyDrExceptions() {
        List<String> unsealed = unsealedJournal();
        List<String> valid = JournalVerifierTest.sealed(unsealed, JournalVerifierTest.PLAN, null);
        assertThat(read(valid)).as("the unmutated journal is read").isNull();
        int refused = 0;
        for (int c = 0; c < CASES; c++) {
            SplittableRandom random = new SplittableRandom(c);
            boolean reseal = c % 2 == 1;
            List<String> lines = new ArrayList<>(reseal ? unsealed : valid);
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations && !lines.isEmpty(); m++) {
                mutate(lines, random);
            }
            if (reseal) {
                lines = resealed(lines);
            }
            Throwable t = read(lines);
            if (t != null && !(t instanceof DrException)) {
                throw new AssertionError("case " + c + " threw " + t + " for the journal " + lines, t);
            }
            refused += t == null ? 0 : 1;
        }
        assertThat(refused).as("most mutations are refused").isGreaterThan(CASES / 2);
    }

    /** The lines sealed again as the engine would (lines that are no JSON object at all stay as they are). */
    private static List<String> resealed(List<String> lines) {
        List<String> out = new ArrayList<>();
        JournalStore collect = new JournalStore() {
            @Override
            public void append(String executionId, String line) {
                out.add(line);
            }

            @Override
            public List<String> read(String executionId) {
                return out;
            }
        };
        JournalChain chain = new JournalChain(collect, PlanFingerprint.of(JournalVerifierTest.PLAN), null, null);
        for (String l : lines) {
            if (l.startsWith("{") && l.endsWith("}")) {
                chain.append(JournalVerifierTest.ID, l);
            } else {
                out.add(l);
            }
        }
        return out;
    }

    /** What reading for resume threw, or {@code null}. */
    private static Throwable read(List<String> lines) {
        try {
            JournalVerifier.Verified v = JournalVerifier.verify(JournalVerifierTest.PLAN, JournalVerifierTest.ID, lines,
                    null);
            JournalReplay.read(JournalVerifierTest.PLAN, JournalVerifierTest.ID, v.lines());
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static void mutate(List<String> lines, SplittableRandom random) {
        int n = random.nextInt(lines.size());
        String line = lines.get(n);
        int at = line.isEmpty() ? 0 : random.nextInt(line.length());
        switch (random.nextInt(11)) {
            case 0 -> lines.set(n, line.substring(0, at) + line.substring(Math.min(line.length(), at + 1)));
            case 1 -> lines.set(n, line.substring(0, at) + NOISE.charAt(random.nextInt(NOISE.length()))
                    + line.substring(at));
            case 2, 3, 4 -> lines.set(n, line.replaceFirst("(\"" + field(random) + "\":)(\"[^\"]*\"|[^,}\\]]+|\\{[^}]*})",
                    "$1" + java.util.regex.Matcher.quoteReplacement(VALUES[random.nextInt(VALUES.length)])));
            case 5 -> lines.remove(n);
            case 6 -> lines.add(n, line);
            case 7 -> lines.set(n, lines.set(random.nextInt(lines.size()), line));
            case 8 -> lines.set(n, line.substring(0, at));
            case 9 -> lines.set(n, random.nextInt(20) == 0 ? "[".repeat(100_000)
                    : line.replaceFirst("^\\{", "{\"newer\":{\"x\":[1,2]},"));
            default -> lines.set(n, line.replaceFirst(",\"" + field(random) + "\":(\"[^\"]*\"|[^,}]+)", ""));
        }
    }

    private static String field(SplittableRandom random) {
        String[] fields = {"v", "type", "at", "executionId", "stepId", "mode", "planName", "outputs", "key", "seq",
            "incidentStartedAt", "restorePoint", "adopted", "error", "outcome", "value"};
        return fields[random.nextInt(fields.length)];
    }
}
