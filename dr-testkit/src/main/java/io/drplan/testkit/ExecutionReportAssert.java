package io.drplan.testkit;

import io.drplan.core.Durations;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.Verdict;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on an {@link ExecutionReport}; start with {@link DrAssertions#assertThat}.
 *
 * <pre>{@code
 * assertThat(report).succeeded().metRto().metRpo()
 *     .stepSucceeded("restore-db")
 *     .ranInParallel("activate-dr-infra", "restore-db")
 *     .ranInOrder("restore-db", "update-config", "restart-apps");
 * }</pre>
 */
public final class ExecutionReportAssert extends AbstractAssert<ExecutionReportAssert, ExecutionReport> {

    ExecutionReportAssert(ExecutionReport actual) {
        super(actual, ExecutionReportAssert.class);
    }

    /** The execution ended in {@code state}. */
    public ExecutionReportAssert hasState(ExecutionState state) {
        isNotNull();
        if (actual.state() != state) {
            failWithMessage("Expected execution state %s but was %s%n%s", state, actual.state(), actual);
        }
        return this;
    }

    /** Every step succeeded (and a drill failed back). */
    public ExecutionReportAssert succeeded() {
        return hasState(ExecutionState.SUCCEEDED);
    }

    /** The verdict is {@code verdict}. */
    public ExecutionReportAssert hasVerdict(Verdict verdict) {
        isNotNull();
        if (actual.verdict() != verdict) {
            failWithMessage("Expected verdict %s but was %s%n%s", verdict, actual.verdict(), actual);
        }
        return this;
    }

    /** The achieved RTO is within the plan's objective. */
    public ExecutionReportAssert metRto() {
        isNotNull();
        if (!actual.metRto()) {
            failWithMessage("Expected the RTO objective %s to be met but the achieved RTO was %s",
                    Durations.format(actual.objectives().rto()), Durations.format(actual.achievedRto()));
        }
        return this;
    }

    /** The RPO (age of the restore point) is within the plan's objective. */
    public ExecutionReportAssert metRpo() {
        isNotNull();
        if (!actual.metRpo()) {
            failWithMessage("Expected the RPO objective %s to be met but the restore point was %s old",
                    Durations.format(actual.objectives().rpo()), Durations.format(actual.rpo()));
        }
        return this;
    }

    /** The achieved RTO exceeds the critical path by at most {@code percent} percent. */
    public ExecutionReportAssert achievedRtoWithinPercentOfCriticalPath(double percent) {
        isNotNull();
        if (actual.achievedRto() == null) {
            failWithMessage("Expected an achieved RTO within %s%% of the critical path %s but the plan did not recover",
                    percent, Durations.format(actual.criticalPath()));
        }
        double cp = actual.criticalPath().toMillis();
        double rto = actual.achievedRto().toMillis();
        if (Math.abs(rto - cp) > cp * percent / 100.0) {
            failWithMessage("Expected the achieved RTO within %s%% of the critical path %s but was %s (%.1f%%)",
                    percent, Durations.format(actual.criticalPath()), Durations.format(actual.achievedRto()),
                    100.0 * (rto - cp) / cp);
        }
        return this;
    }

    /** Step {@code id} ended with {@code outcome}. */
    public ExecutionReportAssert stepHasOutcome(String id, StepOutcome outcome) {
        StepReport s = step(id);
        if (s.outcome() != outcome) {
            failWithMessage("Expected step '%s' to be %s but was %s%s", id, outcome, s.outcome(),
                    s.error() == null ? "" : " (" + s.error() + ")");
        }
        return this;
    }

    /** Step {@code id} succeeded. */
    public ExecutionReportAssert stepSucceeded(String id) {
        return stepHasOutcome(id, StepOutcome.SUCCEEDED);
    }

    /** Step {@code id} failed with an error containing {@code text}. */
    public ExecutionReportAssert stepFailedWith(String id, String text) {
        StepReport s = step(id);
        if (s.outcome() != StepOutcome.FAILED || s.error() == null || !s.error().contains(text)) {
            failWithMessage("Expected step '%s' to fail with an error containing \"%s\" but it was %s with error %s",
                    id, text, s.outcome(), s.error());
        }
        return this;
    }

    /** Each step started only after the one before it finished. */
    public ExecutionReportAssert ranInOrder(String... ids) {
        List<String> list = Arrays.asList(ids);
        for (int i = 1; i < list.size(); i++) {
            StepReport before = step(list.get(i - 1));
            StepReport after = step(list.get(i));
            if (before.finishedAt() == null || after.startedAt() == null
                    || after.startedAt().isBefore(before.finishedAt())) {
                failWithMessage("Expected step '%s' to start after '%s' finished (%s) but it started at %s",
                        after.id(), before.id(), before.finishedAt(), after.startedAt());
            }
        }
        return this;
    }

    /** The two steps overlapped in time. */
    public ExecutionReportAssert ranInParallel(String a, String b) {
        StepReport x = step(a);
        StepReport y = step(b);
        boolean overlap = x.startedAt() != null && y.startedAt() != null && x.finishedAt() != null
                && y.finishedAt() != null && x.startedAt().isBefore(y.finishedAt())
                && y.startedAt().isBefore(x.finishedAt());
        if (!overlap) {
            failWithMessage("Expected steps '%s' [%s, %s] and '%s' [%s, %s] to overlap", a, x.startedAt(),
                    x.finishedAt(), b, y.startedAt(), y.finishedAt());
        }
        return this;
    }

    /** Step {@code id} made at least one retry. */
    public ExecutionReportAssert stepRetried(String id) {
        StepReport s = step(id);
        if (s.attempts() < 2) {
            failWithMessage("Expected step '%s' to have retried but it made %s attempt(s)", id, s.attempts());
        }
        return this;
    }

    /** The achieved RTO is at most {@code max}. */
    public ExecutionReportAssert recoveredWithin(Duration max) {
        isNotNull();
        if (actual.achievedRto() == null || actual.achievedRto().compareTo(max) > 0) {
            failWithMessage("Expected recovery within %s but the achieved RTO was %s", Durations.format(max),
                    Durations.format(actual.achievedRto()));
        }
        return this;
    }

    /** No text of the report (text, JSON, Markdown, HTML) contains {@code value}. */
    public ExecutionReportAssert doesNotReveal(String value) {
        isNotNull();
        // also as JSON and HTML escape it: a secret with a quote or an ampersand must not slip through escaped
        String jsonEscaped = jsonEscaped(value);
        String htmlEscaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        for (String text : List.of(actual.toString(), actual.toJson(), actual.toMarkdown(), actual.toHtml())) {
            if (text.contains(value) || text.contains(jsonEscaped) || text.contains(htmlEscaped)) {
                failWithMessage("Expected the report never to contain a secret value but it does");
            }
        }
        return this;
    }

    /** {@code value} as it stands inside a JSON string (RFC 8259: quote, backslash, control characters). */
    private static String jsonEscaped(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private StepReport step(String id) {
        isNotNull();
        Optional<StepReport> s = actual.step(id);
        if (s.isEmpty()) {
            failWithMessage("Expected a step '%s' in the report but it has %s", id,
                    actual.steps().stream().map(StepReport::id).toList());
        }
        return s.orElseThrow();
    }
}
