package io.drplan.core.runbook;

import io.drplan.core.Durations;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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
 * <p>The evidence rules (steps are told apart by their descriptions, as the built-in steps write
 * them; a step "ran" when its forward action succeeded, even if the drill undid it later):
 * <ul>
 *   <li>{@link Item#VERIFY_BACKUP_INTEGRITY}: every database restore and every backup freshness check
 *       ("Verify backup integrity: the newest snapshot of ... is at most ... old") ran (evidence: the
 *       snapshot restored or found); FAILED if one did not; MANUAL if the plan has neither.</li>
 *   <li>{@link Item#CONFIRM_DR_ENVIRONMENT}: every readiness step ran: image replication, bucket
 *       protection, Terraform, a region verified up, nodes, API server; MANUAL if there is none.</li>
 *   <li>{@link Item#EXECUTE_FAILOVER}: every step ran ("11 steps succeeded"); FAILED naming the
 *       steps that failed, were cancelled or did not run.</li>
 *   <li>{@link Item#DOCUMENT_STEP_TIMES}: the report's timeline, when at least one step was timed.</li>
 *   <li>{@link Item#NOTE_ISSUES}: always DONE: the report notes every error, retry, step note,
 *       failed compensation and execution note; the evidence lists them.</li>
 *   <li>{@link Item#VERIFY_DATA_INTEGRITY}: the restore point's age against the RPO; FAILED when
 *       older, or when a restore did not run; MANUAL when the plan restores nothing (a freshness
 *       check alone restores no data). drplan checks the age of the data, not its contents.</li>
 *   <li>{@link Item#TEST_APPLICATION}: every application check ran: HTTP, pods, services, load
 *       balancer targets; MANUAL if there is none.</li>
 *   <li>{@link Item#ROLLBACK_TO_PRIMARY}: the drill {@link ExecutionReport#failedBack() failed back},
 *       or it failed and every completed step was undone ({@link ExecutionState#COMPENSATED});
 *       FAILED otherwise, naming the compensation that failed.</li>
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

    private static final Set<StepKind> READINESS = EnumSet.of(StepKind.IMAGES, StepKind.BUCKET, StepKind.TERRAFORM,
            StepKind.REGION_UP, StepKind.NODES, StepKind.API_SERVER);
    private static final Set<StepKind> APPLICATION = EnumSet.of(StepKind.TARGETS, StepKind.PODS, StepKind.SERVICES,
            StepKind.HTTP);

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
            out.add(check(item, drill));
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

    // ---- evidence rules ----

    private static Check check(Item item, ExecutionReport r) {
        return switch (item) {
            case NOTIFY_STAKEHOLDERS -> manual(item, "tell everyone the drill affects, before it starts");
            case VERIFY_BACKUP_INTEGRITY -> backups(r);
            case CONFIRM_DR_ENVIRONMENT -> group(item, r, READINESS, "the plan checks no DR readiness (images,"
                    + " buckets, Terraform, region up, nodes, API server); confirm it by hand");
            case PREPARE_RUNBOOKS -> manual(item, "have the runbook and this plan at hand");
            case SET_UP_MONITORING -> manual(item, "watch dashboards and alerts during the drill");
            case EXECUTE_FAILOVER -> execution(r);
            case DOCUMENT_STEP_TIMES -> timeline(r);
            case NOTE_ISSUES -> issues(r);
            case VERIFY_DATA_INTEGRITY -> dataIntegrity(r);
            case TEST_APPLICATION -> group(item, r, APPLICATION, "the plan checks no application (HTTP, pods,"
                    + " services, load balancer targets); test it by hand");
            case ROLLBACK_TO_PRIMARY -> rollback(r);
            case DOCUMENT_LESSONS -> manual(item, "write down what went well and what did not");
            case UPDATE_PROCEDURES -> manual(item, "change the runbook and the plan where the drill showed gaps");
            case SHARE_FINDINGS -> manual(item, "share this checklist and the drill report with the team");
            case SCHEDULE_IMPROVEMENTS -> manual(item, "put the follow-up work on the backlog with owners and dates");
        };
    }

    private static Check manual(Item item, String what) {
        return new Check(item, Status.MANUAL, what);
    }

    private static List<StepReport> ofKinds(ExecutionReport r, Set<StepKind> kinds) {
        return r.steps().stream().filter(s -> kinds.contains(StepKind.of(s))).toList();
    }

    private static String notRan(List<StepReport> steps) {
        return steps.stream().filter(s -> !StepKind.ran(s)).map(StepKind::whyNot).collect(Collectors.joining("; "));
    }

    private static Check backups(ExecutionReport r) {
        Item item = Item.VERIFY_BACKUP_INTEGRITY;
        List<StepReport> steps = ofKinds(r, EnumSet.of(StepKind.DB_RESTORE, StepKind.BACKUP_FRESHNESS));
        if (steps.isEmpty()) {
            return manual(item, "the plan neither restores nor checks a backup; restore one by hand");
        }
        String failed = notRan(steps);
        if (!failed.isEmpty()) {
            return new Check(item, Status.FAILED, failed);
        }
        return new Check(item, Status.DONE, steps.stream().map(s -> {
            Object snap = s.outputs().get("snapshotId");
            if (StepKind.of(s) == StepKind.BACKUP_FRESHNESS) {
                return s.id() + " found " + s.description().substring("Verify backup integrity: ".length())
                        + (snap == null ? "" : " (" + snap + ")");
            }
            Object from = s.outputs().get("sourceId");
            String kind = "REPLICATED_BACKUPS".equals(s.outputs().get("source")) ? "automated backups "
                    : "READ_REPLICA".equals(s.outputs().get("source")) ? "read replica " : "";
            return s.id() + " restored " + (snap != null ? "snapshot " + snap : from != null ? kind + from
                    : "its snapshot");
        }).collect(Collectors.joining("; ")));
    }

    private static Check group(Item item, ExecutionReport r, Set<StepKind> kinds, String none) {
        List<StepReport> steps = ofKinds(r, kinds);
        if (steps.isEmpty()) {
            return manual(item, none);
        }
        String failed = notRan(steps);
        if (!failed.isEmpty()) {
            return new Check(item, Status.FAILED, failed);
        }
        return new Check(item, Status.DONE, "succeeded: " + steps.stream().map(s -> {
            String summary = Text.summary(s.outputs());
            return summary == null ? s.id() : s.id() + " (" + summary + ")";
        }).collect(Collectors.joining(", ")));
    }

    private static Check execution(ExecutionReport r) {
        Item item = Item.EXECUTE_FAILOVER;
        List<StepReport> steps = r.steps();
        if (steps.isEmpty()) {
            return new Check(item, Status.FAILED, "the plan has no steps");
        }
        long ran = steps.stream().filter(StepKind::ran).count();
        if (ran == steps.size()) {
            return new Check(item, Status.DONE, ran + (ran == 1 ? " step" : " steps") + " succeeded");
        }
        List<String> why = new ArrayList<>();
        steps.stream().filter(s -> s.outcome() == StepOutcome.FAILED || s.outcome() == StepOutcome.CANCELLED)
                .map(StepKind::whyNot).forEach(why::add);
        why.add(ran + " of " + steps.size() + " steps succeeded");
        long notRun = steps.stream().filter(s -> s.outcome() == StepOutcome.NOT_RUN).count();
        if (notRun > 0) {
            why.add(notRun + " did not run");
        }
        return new Check(item, Status.FAILED, String.join("; ", why));
    }

    private static Check timeline(ExecutionReport r) {
        Item item = Item.DOCUMENT_STEP_TIMES;
        List<StepReport> timed = r.steps().stream().filter(s -> s.duration() != null).toList();
        if (timed.isEmpty()) {
            return new Check(item, Status.FAILED, "no step started, so the report has no timeline");
        }
        StepReport longest = timed.stream().max(Comparator.comparing(StepReport::duration)).orElseThrow();
        return new Check(item, Status.DONE, "the report's timeline: " + timed.size()
                + (timed.size() == 1 ? " step" : " steps") + " timed, the longest " + longest.id() + " "
                + Durations.format(longest.duration()));
    }

    private static Check issues(ExecutionReport r) {
        List<String> issues = new ArrayList<>();
        for (StepReport s : r.steps()) {
            if (s.error() != null) {
                issues.add(s.id() + " failed: " + s.error());
            }
            if (s.attempts() > 1) {
                issues.add(s.id() + " took " + s.attempts() + " attempts");
            }
            for (String n : s.notes()) {
                issues.add(s.id() + ": " + n);
            }
            if (s.compensationError() != null) {
                issues.add("undoing " + s.id() + " failed: " + s.compensationError());
            }
        }
        issues.addAll(r.notes());
        return new Check(Item.NOTE_ISSUES, Status.DONE, issues.isEmpty()
                ? "none: no step failed, retried or left a note"
                : issues.size() + " noted in the report: " + String.join("; ", issues));
    }

    private static Check dataIntegrity(ExecutionReport r) {
        Item item = Item.VERIFY_DATA_INTEGRITY;
        List<StepReport> restores = ofKinds(r, EnumSet.of(StepKind.DB_RESTORE));
        if (restores.isEmpty()) {
            return manual(item, "the plan restores no data; check its integrity by hand");
        }
        String failed = notRan(restores);
        if (!failed.isEmpty()) {
            return new Check(item, Status.FAILED, failed);
        }
        if (r.rpo() == null) {
            return manual(item, "the restore reported no restore point; check the data by hand");
        }
        String age = "restore point " + Durations.format(r.rpo()) + " old, RPO " + Durations.format(r.objectives().rpo());
        return r.metRpo() ? new Check(item, Status.DONE, age)
                : new Check(item, Status.FAILED, age + ": older than the objective");
    }

    private static Check rollback(ExecutionReport r) {
        Item item = Item.ROLLBACK_TO_PRIMARY;
        List<String> undone = r.steps().stream().filter(s -> s.outcome() == StepOutcome.COMPENSATED)
                .map(StepReport::id).toList();
        String list = undone.isEmpty() ? "nothing needed undoing" : "undid " + String.join(", ", undone);
        if (r.failedBack()) {
            return new Check(item, Status.DONE, "failed back; " + list);
        }
        List<String> broken = r.steps().stream().filter(s -> s.compensationError() != null)
                .map(s -> "undoing " + s.id() + " failed: " + s.compensationError()).toList();
        if (!broken.isEmpty()) {
            return new Check(item, Status.FAILED, String.join("; ", broken) + "; people must finish the rollback");
        }
        if (r.state() == ExecutionState.COMPENSATED) {
            return new Check(item, Status.DONE, "rolled back after the failure; " + list);
        }
        return new Check(item, Status.FAILED, "the drill ended " + r.state() + " without failing back; roll back"
                + " by hand");
    }
}
