package io.drplan.core.runbook;

import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The runbook's "Checklist for DR Drill", filled in from a drill's {@link ExecutionReport}: every
 * item drplan can evidence is {@link Status#DONE DONE} with its evidence or {@link Status#FAILED
 * FAILED} with why; the rest are {@link Status#MANUAL MANUAL} for people to do and {@link #tick tick}.
 *
 * <pre>{@code
 * ExecutionReport drill = engine.drill(plan);
 * DrillChecklist checklist = DrillChecklist.evaluate(drill)
 *     .tick(DrillChecklist.Item.NOTIFY_STAKEHOLDERS, "announced in #dr on 2026-01-01");
 * Files.writeString(Path.of("drill-checklist.md"), checklist.toMarkdown());
 * }</pre>
 *
 * <p>The evidence rules (steps are told apart by their typed {@link StepKind}, never by their
 * descriptions; a step "ran" when its forward action succeeded, even if the drill undid it later):
 * <ul>
 *   <li>{@link Item#VERIFY_BACKUP_INTEGRITY}: DONE with a clean backup audit ({@code s.auditBackups(..)}
 *       without findings) or a restore test (a restore whose data an integrity check found intact);
 *       FAILED when an audit found anything (named) or an audit, restore or integrity check failed;
 *       MANUAL otherwise (a snapshot's age or a restore alone says nothing about its contents).</li>
 *   <li>{@link Item#CONFIRM_DR_ENVIRONMENT}: every readiness step ran: image replication, bucket
 *       protection, Terraform, a region verified up, nodes, API server; MANUAL if there is none.</li>
 *   <li>{@link Item#EXECUTE_FAILOVER}: every failover and verification step ran ("11 steps
 *       succeeded"); FAILED naming the steps that failed, were cancelled or did not run.</li>
 *   <li>{@link Item#DOCUMENT_STEP_TIMES}: the report's timeline, when at least one step was timed.</li>
 *   <li>{@link Item#NOTE_ISSUES}: always DONE: the report notes every error, retry, step note,
 *       failed compensation and execution note; the evidence lists them.</li>
 *   <li>{@link Item#VERIFY_DATA_INTEGRITY}: DONE only with an integrity check's result
 *       ({@code s.checkIntegrity(..)}): intact, and its measured data loss within the RPO; FAILED when
 *       it found differences, failed, or measured more loss than the RPO (both named); MANUAL when the
 *       plan has no integrity check (the restore point's age is an estimate, not a check).</li>
 *   <li>{@link Item#TEST_APPLICATION}: every application check ran: HTTP, pods, services, load
 *       balancer targets; MANUAL if there is none.</li>
 *   <li>{@link Item#ROLLBACK_TO_PRIMARY}: DONE only when the drill's fail-back plan ran and succeeded
 *       ({@link RunPhase#FAILBACK} steps in the report); FAILED when it failed or was refused, or an
 *       undo failed; MANUAL when the drill only undid its steps by compensation (rollout restarts and
 *       Terraform are not undone that way, so the service is not proven back on the primary).</li>
 *   <li>Every other item is MANUAL: people notify, prepare, monitor, learn, update, share and
 *       schedule.</li>
 * </ul>
 */
public final class DrillChecklist {
    /** The checklist's sections. */
    public enum Phase {
        /** Before the drill starts. */
        PRE_DRILL("Pre-Drill"),
        /** While the plan runs. */
        DURING_DRILL("During Drill"),
        /** After it failed back. */
        POST_DRILL("Post-Drill");

        private final String title;

        Phase(String title) {
            this.title = title;
        }

        /** The runbook's heading: "Pre-Drill". */
        public String title() {
            return title;
        }
    }

    /** The runbook's items, verbatim, in order. */
    public enum Item {
        NOTIFY_STAKEHOLDERS(Phase.PRE_DRILL, "Notify all stakeholders", false),
        VERIFY_BACKUP_INTEGRITY(Phase.PRE_DRILL, "Verify backup integrity", true),
        CONFIRM_DR_ENVIRONMENT(Phase.PRE_DRILL, "Confirm DR environment is ready", true),
        PREPARE_RUNBOOKS(Phase.PRE_DRILL, "Prepare runbooks", false),
        SET_UP_MONITORING(Phase.PRE_DRILL, "Set up monitoring for drill", false),
        EXECUTE_FAILOVER(Phase.DURING_DRILL, "Execute failover procedure", true),
        DOCUMENT_STEP_TIMES(Phase.DURING_DRILL, "Document time to complete each step", true),
        NOTE_ISSUES(Phase.DURING_DRILL, "Note any issues encountered", true),
        VERIFY_DATA_INTEGRITY(Phase.DURING_DRILL, "Verify data integrity", true),
        TEST_APPLICATION(Phase.DURING_DRILL, "Test application functionality", true),
        ROLLBACK_TO_PRIMARY(Phase.POST_DRILL, "Rollback to primary region", true),
        DOCUMENT_LESSONS(Phase.POST_DRILL, "Document lessons learned", false),
        UPDATE_PROCEDURES(Phase.POST_DRILL, "Update procedures", false),
        SHARE_FINDINGS(Phase.POST_DRILL, "Share findings with team", false),
        SCHEDULE_IMPROVEMENTS(Phase.POST_DRILL, "Schedule follow-up improvements", false);

        private final Phase phase;
        private final String text;
        private final boolean evidenced;

        Item(Phase phase, String text, boolean evidenced) {
            this.phase = phase;
            this.text = text;
            this.evidenced = evidenced;
        }

        /** The section it is in. */
        public Phase phase() {
            return phase;
        }

        /** The runbook's wording: "Verify data integrity". */
        public String text() {
            return text;
        }

        /** Whether drplan can evidence it from a drill report (it may still be MANUAL for a given plan). */
        public boolean evidenced() {
            return evidenced;
        }
    }

    /** Where an item stands. */
    public enum Status {
        /** Done, with evidence. */
        DONE,
        /** Not done: the evidence says why. */
        FAILED,
        /** People must do it and tick it. */
        MANUAL
    }

    /**
     * One item, checked.
     *
     * @param evidence DONE: what shows it was done; FAILED: why not; MANUAL: what people must do
     */
    public record Check(Item item, Status status, String evidence) {
        public Check {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(evidence, "evidence");
        }

        /** "Execute failover procedure: 11 steps succeeded". */
        @Override
        public String toString() {
            return item.text() + ": " + evidence;
        }
    }

    private final String executionId;
    private final String planName;
    private final List<Check> checks;

    private DrillChecklist(String executionId, String planName, List<Check> checks) {
        this.executionId = executionId;
        this.planName = planName;
        this.checks = List.copyOf(checks);
    }

    /**
     * Fills in the checklist from a drill's report.
     *
     * @throws IllegalArgumentException when the report is not of a drill
     */
    public static DrillChecklist evaluate(ExecutionReport drill) {
        Text.require(drill, "drill", "pass the ExecutionReport returned by engine.drill(plan)");
        if (drill.mode() != Mode.DRILL) {
            throw new IllegalArgumentException("drill.mode() must be DRILL but was " + drill.mode() + " (execution "
                    + drill.executionId() + "); run engine.drill(plan), or use PostIncidentActions.of(report)"
                    + " for a real incident");
        }
        List<Check> out = new ArrayList<>();
        for (Item item : Item.values()) {
            out.add(DrillEvidence.check(item, drill));
        }
        return new DrillChecklist(drill.executionId(), drill.planName(), out);
    }

    /** Every item, in the runbook's order. */
    public List<Check> checks() {
        return checks;
    }

    /** The check of {@code item}. */
    public Check check(Item item) {
        Text.require(item, "item", "pass one of DrillChecklist.Item");
        return checks.get(item.ordinal());
    }

    /** The checks with {@code status}, in order. */
    public List<Check> withStatus(Status status) {
        return checks.stream().filter(c -> c.status() == status).toList();
    }

    /** Whether every item is DONE. */
    public boolean isComplete() {
        return checks.stream().allMatch(c -> c.status() == Status.DONE);
    }

    /** The drill's execution id. */
    public String executionId() {
        return executionId;
    }

    /** The drilled plan's name. */
    public String planName() {
        return planName;
    }

    /**
     * A copy with a MANUAL item ticked DONE by people.
     *
     * @param evidence what was done, e.g. "announced in #dr on 2026-01-01"
     * @throws IllegalArgumentException when the item is not MANUAL (drplan's own verdict on an item
     *                                  is not overridden) or the evidence is blank
     */
    public DrillChecklist tick(Item item, String evidence) {
        Check c = check(item);
        Text.require(evidence, "evidence", "say what was done, e.g. \"announced in #dr\"");
        if (evidence.isBlank()) {
            throw new IllegalArgumentException("evidence for " + item + " must not be blank but was '" + evidence
                    + "'; say what was done, e.g. \"announced in #dr\"");
        }
        if (c.status() != Status.MANUAL) {
            throw new IllegalArgumentException("item " + item + " must be MANUAL to tick but was " + c.status() + " ("
                    + c.evidence() + "); fix the drill and run it again instead");
        }
        List<Check> copy = new ArrayList<>(checks);
        copy.set(item.ordinal(), new Check(item, Status.DONE, evidence));
        return new DrillChecklist(executionId, planName, copy);
    }

    /** The checklist as a Markdown task list under the runbook's headings, evidence after each item. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("# Checklist for DR Drill: ").append(Text.md(planName)).append("\n\n");
        sb.append("Drill `").append(executionId).append("`: ").append(counts()).append(".\n");
        Phase phase = null;
        for (Check c : checks) {
            if (c.item().phase() != phase) {
                phase = c.item().phase();
                sb.append("\n## ").append(phase.title()).append("\n");
            }
            sb.append(c.status() == Status.DONE ? "- [x] " : "- [ ] ").append(c.item().text());
            switch (c.status()) {
                case DONE -> sb.append(": ").append(Text.md(c.evidence()));
                case FAILED -> sb.append(": **FAILED**: ").append(Text.md(c.evidence()));
                case MANUAL -> sb.append(" (manual: ").append(Text.md(c.evidence())).append(')');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The checklist as text, one line per item: "[DONE  ] Execute failover procedure: 11 steps succeeded". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Checklist for DR Drill: ").append(planName).append(" (drill ")
                .append(executionId).append("): ").append(counts()).append('\n');
        Phase phase = null;
        for (Check c : checks) {
            if (c.item().phase() != phase) {
                phase = c.item().phase();
                sb.append(phase.title()).append('\n');
            }
            sb.append(String.format("  [%-6s] %s: %s%n", c.status(), c.item().text(), c.evidence()));
        }
        return sb.toString();
    }

    private String counts() {
        return withStatus(Status.DONE).size() + " done, " + withStatus(Status.FAILED).size() + " failed, "
                + withStatus(Status.MANUAL).size() + " to do by hand";
    }
}
