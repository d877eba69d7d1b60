package io.drplan.core.runbook;

import io.drplan.core.Durations;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.RunPhase;
import io.drplan.core.StepKind;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import java.time.Duration;
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

    private static final Set<StepKind> READINESS = EnumSet.of(StepKind.CHECK_IMAGES_REPLICATED,
            StepKind.CHECK_BUCKET_PROTECTION, StepKind.TERRAFORM, StepKind.VERIFY_REGION_UP, StepKind.CHECK_NODES,
            StepKind.CHECK_API_SERVER);
    private static final Set<StepKind> APPLICATION = EnumSet.of(StepKind.CHECK_TARGET_HEALTH, StepKind.CHECK_PODS,
            StepKind.CHECK_SERVICES, StepKind.CHECK_HTTP);

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

    /** The steps of {@code kinds} of the failover and verification phases (the drill's own, not its fail-back). */
    private static List<StepReport> ofKinds(ExecutionReport r, Set<StepKind> kinds) {
        return forward(r).stream().filter(s -> kinds.contains(s.kind())).toList();
    }

    private static List<StepReport> forward(ExecutionReport r) {
        return r.steps().stream().filter(s -> s.phase() != RunPhase.FAILBACK).toList();
    }

    private static String notRan(List<StepReport> steps) {
        return steps.stream().filter(s -> !s.ran()).map(DrillChecklist::whyNot).collect(Collectors.joining("; "));
    }

    /** Why a step did not succeed: "restore-db failed: region us-west-2 is down". */
    private static String whyNot(StepReport step) {
        return switch (step.outcome()) {
            case FAILED -> step.id() + " failed" + (step.error() == null ? "" : ": " + step.error());
            case CANCELLED -> step.id() + " was cancelled";
            case NOT_RUN -> step.id() + " did not run";
            default -> step.id() + " succeeded";
        };
    }

    private static List<String> findings(StepReport audit) {
        return audit.outputs().get("findings") instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of();
    }

    private static Check backups(ExecutionReport r) {
        Item item = Item.VERIFY_BACKUP_INTEGRITY;
        List<StepReport> audits = ofKinds(r, EnumSet.of(StepKind.AUDIT_BACKUPS));
        List<StepReport> restores = ofKinds(r, EnumSet.of(StepKind.RESTORE_DATABASE));
        List<StepReport> integrity = ofKinds(r, EnumSet.of(StepKind.CHECK_INTEGRITY));
        List<String> failed = new ArrayList<>();
        String notRan = notRan(audits);
        if (!notRan.isEmpty()) {
            failed.add(notRan);
        }
        for (StepReport a : audits) {
            List<String> found = findings(a);
            if (a.ran() && !found.isEmpty()) {
                failed.add(a.id() + " found " + found.size() + (found.size() == 1 ? " difference" : " differences")
                        + " from the backup policy: " + String.join("; ", found));
            }
        }
        boolean restoreTested = !restores.isEmpty() && !integrity.isEmpty();
        String broken = notRan(restores);
        if (!broken.isEmpty()) {
            failed.add(broken);
        }
        String unchecked = restoreTested ? notRan(integrity) : "";
        if (!unchecked.isEmpty()) {
            failed.add(unchecked);
        }
        if (!failed.isEmpty()) {
            return new Check(item, Status.FAILED, String.join("; ", failed));
        }
        List<String> evidence = new ArrayList<>();
        audits.forEach(a -> evidence.add(a.id() + " audited the backups against the policy: no findings"));
        if (restoreTested) {
            evidence.add("restore test: " + restores.stream().map(DrillChecklist::restored)
                    .collect(Collectors.joining(", ")) + ", and " + integrity.stream().map(StepReport::id)
                    .collect(Collectors.joining(", ")) + " found the data intact");
        }
        if (!evidence.isEmpty()) {
            return new Check(item, Status.DONE, String.join("; ", evidence));
        }
        List<StepReport> fresh = ofKinds(r, EnumSet.of(StepKind.CHECK_BACKUP_FRESHNESS));
        String seen = !restores.isEmpty() ? "the plan restores a backup but checks no integrity of the data restored"
                : !fresh.isEmpty() ? "the plan checks only the age of the newest snapshot"
                : "the plan neither audits the backups nor tests a restore";
        return manual(item, seen + "; add s.auditBackups(BackupPolicy.runbook(), resources) or a"
                + " s.checkIntegrity(..) after the restore, or restore a backup and check it by hand");
    }

    private static String restored(StepReport s) {
        Object snap = s.outputs().get("snapshotId");
        Object from = s.outputs().get("sourceId");
        String kind = "REPLICATED_BACKUPS".equals(s.outputs().get("source")) ? "automated backups "
                : "READ_REPLICA".equals(s.outputs().get("source")) ? "read replica " : "";
        return s.id() + " restored " + (snap != null ? "snapshot " + snap : from != null ? kind + from
                : "its backup");
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
        List<StepReport> steps = forward(r);
        if (steps.isEmpty()) {
            return new Check(item, Status.FAILED, "the plan has no steps");
        }
        long ran = steps.stream().filter(StepReport::ran).count();
        if (ran == steps.size()) {
            return new Check(item, Status.DONE, ran + (ran == 1 ? " step" : " steps") + " succeeded");
        }
        List<String> why = new ArrayList<>();
        steps.stream().filter(s -> s.outcome() == StepOutcome.FAILED || s.outcome() == StepOutcome.CANCELLED)
                .map(DrillChecklist::whyNot).forEach(why::add);
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
        List<StepReport> checks = ofKinds(r, EnumSet.of(StepKind.CHECK_INTEGRITY));
        String estimate = r.rpo() == null ? "" : "; restore point " + Durations.format(r.rpo()) + " old (estimated)";
        if (checks.isEmpty()) {
            return manual(item, "the plan checks no data (add s.checkIntegrity(..) after the restore); compare the"
                    + " restored data with the primary by hand" + estimate);
        }
        String failed = notRan(checks);
        if (!failed.isEmpty()) {
            return new Check(item, Status.FAILED, failed + estimate);
        }
        List<String> evidence = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (StepReport c : checks) {
            List<String> found = findings(c);
            Duration loss = c.durationOutput("measuredLoss").orElse(null);
            String line = c.id() + " against the " + c.outputs().getOrDefault("reference", "reference") + ": "
                    + (found.isEmpty() ? "intact" : found.size() + " differences: " + String.join("; ", found))
                    + (loss != null ? ", measured data loss " + Durations.format(loss) + " ("
                    + c.outputs().getOrDefault("rowsLost", 0) + " rows)" : "");
            if (!found.isEmpty() || Boolean.FALSE.equals(c.outputs().get("intact"))) {
                problems.add(line);
            } else if (loss != null && loss.compareTo(r.objectives().rpo()) > 0) {
                problems.add(line + " exceeds the RPO of " + Durations.format(r.objectives().rpo()));
            } else {
                evidence.add(line);
            }
        }
        if (!problems.isEmpty()) {
            return new Check(item, Status.FAILED, String.join("; ", problems) + estimate);
        }
        return new Check(item, Status.DONE, String.join("; ", evidence) + ", RPO "
                + Durations.format(r.objectives().rpo()) + estimate);
    }

    private static Check rollback(ExecutionReport r) {
        Item item = Item.ROLLBACK_TO_PRIMARY;
        List<StepReport> failback = r.steps().stream().filter(s -> s.phase() == RunPhase.FAILBACK).toList();
        List<String> broken = r.steps().stream().filter(s -> s.compensationError() != null)
                .map(s -> "undoing " + s.id() + " failed: " + s.compensationError()).toList();
        if (!failback.isEmpty()) {
            String why = failback.stream().filter(s -> s.outcome() != StepOutcome.SUCCEEDED)
                    .map(DrillChecklist::whyNot).collect(Collectors.joining("; "));
            if (why.isEmpty() && r.failedBack() && broken.isEmpty()) {
                return new Check(item, Status.DONE, "the fail-back plan succeeded: " + failback.stream()
                        .map(StepReport::id).collect(Collectors.joining(", ")));
            }
            List<String> all = new ArrayList<>();
            if (!why.isEmpty()) {
                all.add("the fail-back plan did not finish: " + why);
            }
            all.addAll(broken);
            return new Check(item, Status.FAILED, (all.isEmpty() ? "the fail-back plan did not succeed" :
                    String.join("; ", all)) + "; people must finish the rollback");
        }
        if (!broken.isEmpty()) {
            return new Check(item, Status.FAILED, String.join("; ", broken) + "; people must finish the rollback");
        }
        List<String> undone = r.steps().stream().filter(s -> s.outcome() == StepOutcome.COMPENSATED)
                .map(StepReport::id).toList();
        if (r.state() == ExecutionState.FAILED || r.state() == ExecutionState.CANCELLED
                || r.state() == ExecutionState.SUCCEEDED && !r.failedBack()) {
            return new Check(item, Status.FAILED, "the drill ended " + r.state() + " without failing back; roll back"
                    + " by hand");
        }
        return manual(item, "no fail-back plan ran: the drill only undid "
                + (undone.isEmpty() ? "nothing" : String.join(", ", undone))
                + " by compensation, which does not undo rollout restarts or Terraform; check the primary serves"
                + " again, or drill with a fail-back plan (FailbackPlan.of(plan))");
    }
}
