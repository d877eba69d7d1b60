package io.drplan.core.runbook;

import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.StepKind;
import io.drplan.core.StepReport;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of DR test in the runbook's testing schedule.
 *
 * <pre>{@code
 * ExecutionReport drill = engine.drill(plan);
 * TestKind.evidencedBy(drill).ifPresent(kind -> lastRuns.put(kind, drill.finishedAt()));
 * }</pre>
 */
public enum TestKind {
    /** Restore a backup and check it: weekly, 30 min, DevOps Team. */
    BACKUP_RESTORATION("Backup restoration"),
    /** Fail a component over and back: monthly, 2 hours, DevOps + Engineering. */
    FAILOVER_DRILL("Failover drill"),
    /** Fail the whole platform over to the DR region and back: quarterly, 4 hours, All Teams. */
    FULL_DR_DRILL("Full DR drill"),
    /** Talk through a scenario, nothing runs: bi-weekly, 1 hour, Leadership. */
    TABLETOP_EXERCISE("Tabletop exercise");

    private final String title;

    TestKind(String title) {
        this.title = title;
    }

    /** The runbook's name for it: "Full DR drill". */
    public String title() {
        return title;
    }

    /**
     * The kind of test a report evidences, so a host can record when each kind last ran. The rule:
     * <ol>
     *   <li>only a passed run counts: {@link ExecutionState#SUCCEEDED}, and a drill must have
     *       {@link ExecutionReport#failedBack() failed back}; a failed test must be run again;</li>
     *   <li>among the steps whose forward action succeeded (by their typed {@link StepKind}): in a
     *       drill, a database restore <em>and</em> a DNS failover make a {@link #FULL_DR_DRILL} (data
     *       and traffic moved to the DR region: Procedure 3);</li>
     *   <li>otherwise, in a drill, any failover (DNS, Multi-AZ forced failover, read replica promotion,
     *       cache failover) makes a {@link #FAILOVER_DRILL} (Procedures 1 and 2);</li>
     *   <li>otherwise a database restore checked by an integrity check (a restore test, drill or
     *       execution: {@code VibePlans.backupRestorationTest}) makes a {@link #BACKUP_RESTORATION};
     *       a restore alone does in a drill;</li>
     *   <li>nothing else evidences a test, and a {@link #TABLETOP_EXERCISE} never comes from a report.</li>
     * </ol>
     * A report evidences one kind, the most thorough; a full DR drill does not also reset the clock
     * of the weekly backup restoration, because the schedule gives them different participants.
     *
     * @return the kind, or empty when the report evidences none
     */
    public static Optional<TestKind> evidencedBy(ExecutionReport report) {
        Text.require(report, "report", "pass the ExecutionReport returned by engine.drill(plan)");
        if (report.mode() == Mode.DRILL && !report.failedBack()) {
            return Optional.empty();
        }
        Set<StepKind> ran = EnumSet.noneOf(StepKind.class);
        for (StepReport s : report.steps()) {
            if (s.ran()) {
                ran.add(s.kind());
            }
        }
        return evidencedBy(report.mode(), report.state(), ran);
    }

    /**
     * The same rule from what a journal tells: the mode, the final state and the kinds of the steps
     * whose forward action succeeded.
     */
    public static Optional<TestKind> evidencedBy(Mode mode, ExecutionState state, Set<StepKind> ran) {
        if (state != ExecutionState.SUCCEEDED || mode == Mode.PREVIEW) {
            return Optional.empty();
        }
        boolean drill = mode == Mode.DRILL;
        if (drill && ran.contains(StepKind.RESTORE_DATABASE) && ran.contains(StepKind.DNS_FAILOVER)) {
            return Optional.of(FULL_DR_DRILL);
        }
        if (drill && (ran.contains(StepKind.DNS_FAILOVER) || ran.contains(StepKind.FORCE_DATABASE_FAILOVER)
                || ran.contains(StepKind.PROMOTE_READ_REPLICA) || ran.contains(StepKind.CACHE_FAILOVER))) {
            return Optional.of(FAILOVER_DRILL);
        }
        if (ran.contains(StepKind.RESTORE_DATABASE) && (drill || ran.contains(StepKind.CHECK_INTEGRITY))) {
            return Optional.of(BACKUP_RESTORATION);
        }
        return Optional.empty();
    }
}
