package io.drplan.core.runbook;

import io.drplan.core.Durations;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.StepKind;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How often each kind of DR test runs, how long it takes and who takes part; and, given when each
 * last ran, which are due. {@link #runbook()} is the runbook's table; {@link #builder()} makes a
 * platform's own. Time is always passed in, never read from a clock, and periods are added on the
 * UTC calendar (a monthly test last run on 31 January is next due on 28 February).
 *
 * <pre>{@code
 * Map<TestKind, Instant> lastRuns = TestingSchedule.lastRuns(reports);
 * for (TestStatus t : TestingSchedule.runbook().dueAt(now, lastRuns)) {
 *     System.out.println(t);   // Full DR drill: OVERDUE, last run 2026-01-01T00:00:00Z, next due 2026-04-01T00:00:00Z
 * }
 * }</pre>
 *
 * A test is {@link TestStatus.State#DUE DUE} from its due instant for one grace period (default
 * {@link #DEFAULT_GRACE}, a day) and {@link TestStatus.State#OVERDUE OVERDUE} after it.
 */
public final class TestingSchedule {
    /** How long a test may be due before it is overdue, unless the builder says otherwise: one day. */
    public static final Duration DEFAULT_GRACE = Duration.ofDays(1);

    private static final TestingSchedule RUNBOOK = builder()
            .test(TestKind.BACKUP_RESTORATION, Period.ofWeeks(1), Duration.ofMinutes(30), "DevOps Team")
            .test(TestKind.FAILOVER_DRILL, Period.ofMonths(1), Duration.ofHours(2), "DevOps", "Engineering")
            .test(TestKind.FULL_DR_DRILL, Period.ofMonths(3), Duration.ofHours(4), "All Teams")
            .test(TestKind.TABLETOP_EXERCISE, Period.ofWeeks(2), Duration.ofHours(1), "Leadership")
            .build();

    /**
     * One row of the schedule.
     *
     * @param kind         the kind of test
     * @param frequency    how often it runs: {@code Period.ofWeeks(1)} for weekly
     * @param duration     how long it takes
     * @param participants who takes part, e.g. "DevOps Team"
     */
    public record Entry(TestKind kind, Period frequency, Duration duration, List<String> participants) {
        public Entry {
            Text.require(kind, "kind", "pass one of " + List.of(TestKind.values()));
            checkFrequency(kind, frequency);
            checkDuration(kind, duration);
            Text.require(participants, "participants of " + kind, "name who takes part, e.g. \"DevOps Team\"");
            participants = List.copyOf(participants);
            if (participants.isEmpty()) {
                throw new IllegalArgumentException("participants of " + kind
                        + " must name at least one role but was []; name who takes part, e.g. \"DevOps Team\"");
            }
            for (String p : participants) {
                if (p.isBlank()) {
                    throw new IllegalArgumentException("participants of " + kind + " must not be blank but was "
                            + participants + "; name who takes part, e.g. \"DevOps Team\"");
                }
            }
        }

        /** "Full DR drill: every P3M, 4h 00m, All Teams". */
        @Override
        public String toString() {
            return kind.title() + ": every " + frequency + ", " + Durations.format(duration) + ", "
                    + String.join(" + ", participants);
        }
    }

    private final List<Entry> entries;
    private final Duration grace;

    private TestingSchedule(List<Entry> entries, Duration grace) {
        this.entries = List.copyOf(entries);
        this.grace = grace;
    }

    /**
     * The runbook's schedule: backup restoration weekly (30 min, DevOps Team), failover drill monthly
     * (2 hours, DevOps + Engineering), full DR drill quarterly (4 hours, All Teams), tabletop exercise
     * bi-weekly (1 hour, Leadership); grace {@link #DEFAULT_GRACE}.
     */
    public static TestingSchedule runbook() {
        return RUNBOOK;
    }

    /**
     * A builder for a platform's own schedule.
     *
     * <pre>{@code
     * TestingSchedule mine = TestingSchedule.builder()
     *     .test(TestKind.FULL_DR_DRILL, Period.ofMonths(6), Duration.ofHours(4), "All Teams")
     *     .grace(Duration.ofDays(7))
     *     .build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The rows, in the order they were added. */
    public List<Entry> entries() {
        return entries;
    }

    /** The row of {@code kind}, when the schedule has one. */
    public Optional<Entry> entry(TestKind kind) {
        return entries.stream().filter(e -> e.kind() == kind).findFirst();
    }

    /** How long a test may be due before it is overdue. */
    public Duration grace() {
        return grace;
    }

    /**
     * When {@code kind} is next due after a run at {@code lastRun}: {@code lastRun} plus its frequency
     * on the UTC calendar.
     *
     * @throws IllegalArgumentException when the schedule has no row for {@code kind}
     */
    public Instant nextDue(TestKind kind, Instant lastRun) {
        Text.require(lastRun, "lastRun", "pass when the test last ran");
        return lastRun.atOffset(ZoneOffset.UTC).plus(row(kind).frequency()).toInstant();
    }

    /**
     * Where every test of the schedule stands at {@code now}, in schedule order. Kinds missing from
     * {@code lastRuns} never ran; kinds the schedule does not have are ignored.
     *
     * @param now      the instant of the question (pass it in: the schedule never reads a clock)
     * @param lastRuns when each kind last ran, e.g. from {@link #lastRuns(Collection)}
     * @throws IllegalArgumentException when a last run is after {@code now}
     */
    public List<TestStatus> statusAt(Instant now, Map<TestKind, Instant> lastRuns) {
        Text.require(now, "now", "pass the instant to evaluate the schedule at");
        Text.require(lastRuns, "lastRuns", "pass an empty map when no test ever ran");
        List<TestStatus> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Instant last = lastRuns.get(e.kind());
            if (last == null) {
                if (lastRuns.containsKey(e.kind())) {
                    throw new IllegalArgumentException("lastRuns[" + e.kind() + "] must not be null but was null;"
                            + " leave the kind out of the map when it never ran");
                }
                out.add(new TestStatus(e, null, now, TestStatus.State.NEVER_RUN));
                continue;
            }
            if (last.isAfter(now)) {
                throw new IllegalArgumentException("lastRuns[" + e.kind() + "] must not be after now (" + now
                        + ") but was " + last + "; pass when the test last ran, or a later now");
            }
            Instant due = nextDue(e.kind(), last);
            TestStatus.State state = now.isBefore(due) ? TestStatus.State.UPCOMING
                    : now.isBefore(due.plus(grace)) ? TestStatus.State.DUE : TestStatus.State.OVERDUE;
            out.add(new TestStatus(e, last, due, state));
        }
        return List.copyOf(out);
    }

    /** The tests people should run now (due, overdue or never run), in schedule order. */
    public List<TestStatus> dueAt(Instant now, Map<TestKind, Instant> lastRuns) {
        return statusAt(now, lastRuns).stream().filter(TestStatus::needsRunning).toList();
    }

    /**
     * When each kind of test last passed, from the journals of earlier executions kept in
     * {@code store} ({@code FileJournalStore}, S3, a ConfigMap): each journal's start (mode, plan),
     * the kinds of the steps that succeeded (journaled with {@code step.started}) and its
     * {@code execution.finished} line (state, time), judged by {@link TestKind#evidencedBy(Mode,
     * ExecutionState, Set)}. A drill that undid nothing counts only when a later execution of its
     * fail-back plan ({@code <plan>-failback}) succeeded; unfinished or unreadable journals count for
     * nothing.
     */
    public static Map<TestKind, Instant> lastRuns(io.drplan.core.spi.JournalStore store) {
        Text.require(store, "store", "pass the journal store the engine writes to");
        List<JournalRun> runs = new ArrayList<>();
        for (String id : store.executionIds()) {
            JournalRun r = JournalRun.read(store.read(id));
            if (r != null) {
                runs.add(r);
            }
        }
        Map<TestKind, Instant> last = new EnumMap<>(TestKind.class);
        for (JournalRun r : runs) {
            if (r.mode == Mode.DRILL && !r.undid && runs.stream().noneMatch(b -> b.failbackOf(r))) {
                continue;   // nothing undone and no fail-back plan succeeded: it did not fail back
            }
            TestKind.evidencedBy(r.mode, r.state, r.ran).ifPresent(k -> last.merge(k, r.finishedAt,
                    (a, b) -> a.isAfter(b) ? a : b));
        }
        return last;
    }

    /** The tests due or overdue at {@code now}, by the journals in {@code store} ({@link #lastRuns(JournalStore)}). */
    public List<TestStatus> dueAt(Instant now, io.drplan.core.spi.JournalStore store) {
        return dueAt(now, lastRuns(store));
    }

    /** What one journal says about its execution, for the schedule. */
    private record JournalRun(String planName, Mode mode, ExecutionState state, Instant finishedAt, Set<StepKind> ran,
                              boolean undid) {
        boolean failbackOf(JournalRun drill) {
            return planName.equals(drill.planName + "-failback") && state == ExecutionState.SUCCEEDED
                    && !finishedAt.isBefore(drill.finishedAt);
        }

        static JournalRun read(List<String> lines) {
            String plan = null;
            Mode mode = null;
            ExecutionState state = null;
            Instant finished = null;
            boolean undid = false;
            Map<String, StepKind> kinds = new java.util.HashMap<>();
            Set<StepKind> ran = java.util.EnumSet.noneOf(StepKind.class);
            for (String line : lines) {
                Map<?, ?> m;
                try {
                    m = io.drplan.core.internal.Json.parse(line) instanceof Map<?, ?> x ? x : null;
                } catch (RuntimeException e) {
                    m = null;   // a torn line: the rest still tells what finished
                }
                if (m == null) {
                    continue;
                }
                String type = String.valueOf(m.get("type"));
                String step = m.get("stepId") instanceof String sid ? sid : null;
                try {
                    switch (type) {
                        case "execution.started" -> {
                            plan = String.valueOf(m.get("planName"));
                            mode = Mode.valueOf(String.valueOf(m.get("mode")));
                        }
                        case "step.started" -> kinds.put(step, m.get("kind") instanceof String k ? StepKind.valueOf(k)
                                : StepKind.CUSTOM);
                        case "step.succeeded" -> ran.add(kinds.getOrDefault(step, StepKind.CUSTOM));
                        case "step.compensated" -> undid = true;
                        case "execution.finished" -> {
                            state = ExecutionState.valueOf(String.valueOf(m.get("state")));
                            finished = Instant.parse(String.valueOf(m.get("at")));
                        }
                        default -> { }
                    }
                } catch (RuntimeException e) {
                    return null;   // a value this version does not know: the journal counts for nothing
                }
            }
            return plan == null || mode == null || state == null ? null
                    : new JournalRun(plan, mode, state, finished, ran, undid);
        }
    }

    /**
     * When each kind last ran, from reports: for every report that {@link TestKind#evidencedBy
     * evidences} a kind, its {@code finishedAt}; the latest per kind.
     */
    public static Map<TestKind, Instant> lastRuns(Collection<ExecutionReport> reports) {
        Text.require(reports, "reports", "pass an empty list when there are none");
        Map<TestKind, Instant> out = new EnumMap<>(TestKind.class);
        for (ExecutionReport r : reports) {
            TestKind.evidencedBy(r).ifPresent(k -> out.merge(k, r.finishedAt(), (a, b) -> a.isAfter(b) ? a : b));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The schedule as the runbook's Markdown table. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| Test Type | Frequency | Duration | Participants |\n"
                + "|-----------|-----------|----------|--------------|\n");
        for (Entry e : entries) {
            sb.append("| ").append(e.kind().title()).append(" | ").append(frequencyName(e.frequency())).append(" | ")
                    .append(Durations.format(e.duration())).append(" | ").append(Text.md(String.join(" + ",
                            e.participants()))).append(" |\n");
        }
        return sb.toString();
    }

    /** One line per test: "Backup restoration: every P7D, 30m 00s, DevOps Team". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Testing schedule (grace " + Durations.format(grace) + ")\n");
        for (Entry e : entries) {
            sb.append("  ").append(e).append('\n');
        }
        return sb.toString();
    }

    private Entry row(TestKind kind) {
        Text.require(kind, "kind", "pass one of " + List.of(TestKind.values()));
        return entry(kind).orElseThrow(() -> new IllegalArgumentException("kind " + kind
                + " is not in this schedule, which has " + entries.stream().map(Entry::kind).toList()
                + "; add it with builder().test(" + kind + ", ...)"));
    }

    private static String frequencyName(Period p) {
        if (p.equals(Period.ofWeeks(1))) {
            return "Weekly";
        }
        if (p.equals(Period.ofWeeks(2))) {
            return "Bi-weekly";
        }
        if (p.equals(Period.ofMonths(1))) {
            return "Monthly";
        }
        if (p.equals(Period.ofMonths(3))) {
            return "Quarterly";
        }
        if (p.equals(Period.ofYears(1))) {
            return "Yearly";
        }
        return "Every " + p;
    }

    static void checkFrequency(TestKind kind, Period frequency) {
        Text.require(frequency, "frequency of " + kind, "pass e.g. Period.ofWeeks(1)");
        if (frequency.isZero() || frequency.getYears() < 0 || frequency.getMonths() < 0 || frequency.getDays() < 0) {
            throw new IllegalArgumentException("frequency of " + kind + " must be positive but was " + frequency
                    + "; pass e.g. Period.ofWeeks(1)");
        }
    }

    static void checkDuration(TestKind kind, Duration duration) {
        Text.require(duration, "duration of " + kind, "pass e.g. Duration.ofMinutes(30)");
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration of " + kind + " must be positive but was " + duration
                    + "; pass e.g. Duration.ofMinutes(30)");
        }
    }

    /**
     * Builds a {@link TestingSchedule}. Each setter checks its values at once; {@link #build()} needs
     * at least one test. Not thread-safe; the schedule it builds is immutable.
     */
    public static final class Builder {
        private final Map<TestKind, Entry> entries = new LinkedHashMap<>();
        private Duration grace = DEFAULT_GRACE;

        private Builder() { }

        /**
         * Adds a test.
         *
         * @throws IllegalArgumentException when a value is not positive, no participant is named, or
         *                                  {@code kind} was already added
         */
        public Builder test(TestKind kind, Period frequency, Duration duration, String... participants) {
            Text.require(participants, "participants of " + kind, "name who takes part, e.g. \"DevOps Team\"");
            Entry e = new Entry(kind, frequency, duration, List.of(participants));
            if (entries.containsKey(kind)) {
                throw new IllegalArgumentException("kind " + kind + " must be added once but was added twice ("
                        + entries.get(kind) + ", then " + e + "); keep one test(" + kind + ", ...)");
            }
            entries.put(kind, e);
            return this;
        }

        /**
         * How long a test may be due before it is overdue; zero makes every due test overdue at once.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder grace(Duration grace) {
            Text.require(grace, "grace", "pass e.g. Duration.ofDays(1)");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("grace must not be negative but was " + grace
                        + "; pass e.g. Duration.ofDays(1), or Duration.ZERO");
            }
            this.grace = grace;
            return this;
        }

        /**
         * The schedule.
         *
         * @throws IllegalStateException when no test was added
         */
        public TestingSchedule build() {
            if (entries.isEmpty()) {
                throw new IllegalStateException("a testing schedule must have at least one test but had none;"
                        + " add one with test(TestKind.BACKUP_RESTORATION, Period.ofWeeks(1), ...)");
            }
            return new TestingSchedule(new ArrayList<>(entries.values()), grace);
        }
    }
}
