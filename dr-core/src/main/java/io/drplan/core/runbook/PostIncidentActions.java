package io.drplan.core.runbook;

import io.drplan.core.ExecutionReport;
import io.drplan.core.IncidentTier;
import io.drplan.core.StepKind;
import io.drplan.core.StepReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The runbook's "Post-Incident Procedures" for one incident (or drill): each action with its owner
 * and due instant, counted from {@link ExecutionReport#incidentStartedAt()}, and whether the report
 * already shows it done.
 *
 * <pre>{@code
 * ExecutionReport report = engine.execute(plan, RunOptions.defaults().incidentStartedAt(outageBegan));
 * PostIncidentActions actions = PostIncidentActions.of(report);
 * for (PostIncidentActions.Task t : actions.overdue(now)) {
 *     notifier.notify(new Notifier.Notification(report.planName(), Notifier.Severity.WARNING, t.owner(),
 *             "Post-incident action overdue", t.toString()));
 * }
 * Files.writeString(Path.of("post-incident.md"), actions.toMarkdown());
 * }</pre>
 *
 * <p>Due instants are the end of each phase's window: Immediate 4 hours, Follow-up 72 hours,
 * Long-term 14 days after the incident started. Owners come from the tier's
 * {@link IncidentTier#escalation() escalation}: the <em>responder</em> is its first role (the
 * on-call platform engineer), the <em>coordinator</em> its second (the DevOps Lead; the responder
 * when the tier has one role), the <em>communicator</em> its last (the Engineering Manager for a
 * critical incident). Evidence rules: "Document timeline of events" is DONE (the report is the
 * timeline); "Preserve logs and metrics" is DONE when a step of kind
 * {@link StepKind#PRESERVE_EVIDENCE} ({@code s.preserveEvidence(..)}) succeeded; every other action is OPEN until people {@link #tick tick} it.
 */
public final class PostIncidentActions {
    /** When an action is done, counted from the start of the incident. */
    public enum Phase {
        /** Within 4 hours of the incident's start. */
        IMMEDIATE("Immediate Actions (0-4 hours)", Duration.ofHours(4)),
        /** Between 24 and 72 hours after it. */
        FOLLOW_UP("Follow-up Actions (24-72 hours)", Duration.ofHours(72)),
        /** Within two weeks of it. */
        LONG_TERM("Long-term Actions (1-2 weeks)", Duration.ofDays(14));

        private final String title;
        private final Duration dueAfter;

        Phase(String title, Duration dueAfter) {
            this.title = title;
            this.dueAfter = dueAfter;
        }

        /** The runbook's heading. */
        public String title() {
            return title;
        }

        /** How long after the incident started its actions are due: the end of its window. */
        public Duration dueAfter() {
            return dueAfter;
        }
    }

    /** The runbook's actions, verbatim, in order. */
    public enum Action {
        DOCUMENT_TIMELINE(Phase.IMMEDIATE, "Document timeline of events"),
        PRESERVE_LOGS(Phase.IMMEDIATE, "Preserve logs and metrics"),
        NOTIFY_STAKEHOLDERS(Phase.IMMEDIATE, "Notify stakeholders"),
        BEGIN_RCA(Phase.IMMEDIATE, "Begin root cause analysis"),
        COMPLETE_RCA(Phase.FOLLOW_UP, "Complete RCA document"),
        IDENTIFY_PREVENTIVE_MEASURES(Phase.FOLLOW_UP, "Identify preventive measures"),
        UPDATE_RUNBOOKS(Phase.FOLLOW_UP, "Update runbooks"),
        TEAM_DEBRIEF(Phase.FOLLOW_UP, "Conduct team debrief"),
        IMPLEMENT_PREVENTIVE_MEASURES(Phase.LONG_TERM, "Implement preventive measures"),
        UPDATE_MONITORING(Phase.LONG_TERM, "Update monitoring and alerting"),
        TEST_FAILOVER(Phase.LONG_TERM, "Test failover procedures"),
        UPDATE_DOCUMENTATION(Phase.LONG_TERM, "Update documentation");

        private final Phase phase;
        private final String text;

        Action(Phase phase, String text) {
            this.phase = phase;
            this.text = text;
        }

        /** Its phase. */
        public Phase phase() {
            return phase;
        }

        /** The runbook's wording. */
        public String text() {
            return text;
        }
    }

    /** Whether an action is done. */
    public enum Status {
        /** Done, with evidence. */
        DONE,
        /** Not done yet. */
        OPEN
    }

    /**
     * One action for this incident.
     *
     * @param owner    the role that sees it done
     * @param due      when it must be done
     * @param evidence DONE: what shows it; OPEN: what is missing, or empty
     */
    public record Task(Action action, String owner, Instant due, Status status, String evidence) {
        public Task {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(due, "due");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(evidence, "evidence");
        }

        /** Whether it is open after its due instant. */
        public boolean isOverdueAt(Instant now) {
            return status == Status.OPEN && now.isAfter(due);
        }

        /** "Notify stakeholders (Engineering Manager, due 2026-01-01T04:00:00Z): OPEN". */
        @Override
        public String toString() {
            return action.text() + " (" + owner + ", due " + due + "): " + status
                    + (evidence.isEmpty() ? "" : ", " + evidence);
        }
    }

    private final String executionId;
    private final String planName;
    private final IncidentTier tier;
    private final Instant incidentStartedAt;
    private final List<Task> tasks;

    private PostIncidentActions(String executionId, String planName, IncidentTier tier, Instant incidentStartedAt,
                                List<Task> tasks) {
        this.executionId = executionId;
        this.planName = planName;
        this.tier = tier;
        this.incidentStartedAt = incidentStartedAt;
        this.tasks = List.copyOf(tasks);
    }

    /**
     * The post-incident actions of the incident a report recovered from.
     *
     * @throws IllegalArgumentException when the report has no incident start or no tier
     */
    public static PostIncidentActions of(ExecutionReport report) {
        Text.require(report, "report", "pass the ExecutionReport of the incident's execution");
        Instant start = report.incidentStartedAt();
        if (start == null) {
            throw new IllegalArgumentException("report.incidentStartedAt() must be set but was null (execution "
                    + report.executionId() + "); pass the report the engine returned");
        }
        IncidentTier tier = report.tier();
        if (tier == null) {
            throw new IllegalArgumentException("report.tier() must be set but was null (execution "
                    + report.executionId() + "); give the plan a tier with .tier(IncidentTier.CRITICAL)");
        }
        List<String> chain = tier.escalation();
        String responder = chain.get(0);
        String coordinator = chain.size() > 1 ? chain.get(1) : responder;
        String communicator = chain.get(chain.size() - 1);
        List<Task> tasks = new ArrayList<>();
        for (Action a : Action.values()) {
            String owner = switch (a) {
                case DOCUMENT_TIMELINE, PRESERVE_LOGS, UPDATE_MONITORING, UPDATE_DOCUMENTATION -> responder;
                case NOTIFY_STAKEHOLDERS -> communicator;
                case BEGIN_RCA, COMPLETE_RCA, IDENTIFY_PREVENTIVE_MEASURES, UPDATE_RUNBOOKS, TEAM_DEBRIEF,
                        IMPLEMENT_PREVENTIVE_MEASURES, TEST_FAILOVER -> coordinator;
            };
            Instant due = start.plus(a.phase().dueAfter());
            tasks.add(switch (a) {
                case DOCUMENT_TIMELINE -> new Task(a, owner, due, Status.DONE, timeline(report));
                case PRESERVE_LOGS -> logs(a, owner, due, report);
                default -> new Task(a, owner, due, Status.OPEN, "");
            });
        }
        return new PostIncidentActions(report.executionId(), report.planName(), tier, start, tasks);
    }

    private static String timeline(ExecutionReport r) {
        return "the report is the timeline: " + r.steps().size() + (r.steps().size() == 1 ? " step" : " steps")
                + " from " + r.startedAt() + " to " + r.finishedAt();
    }

    private static Task logs(Action a, String owner, Instant due, ExecutionReport r) {
        List<StepReport> steps = r.steps().stream().filter(s -> s.kind() == StepKind.PRESERVE_EVIDENCE).toList();
        List<StepReport> ran = steps.stream().filter(StepReport::ran).toList();
        if (!ran.isEmpty()) {
            return new Task(a, owner, due, Status.DONE, ran.stream().map(s -> s.id() + ": " + s.description())
                    .collect(java.util.stream.Collectors.joining("; ")));
        }
        return new Task(a, owner, due, Status.OPEN, steps.isEmpty() ? "no step preserved logs"
                : steps.stream().map(s -> s.id() + " " + s.outcome().name().toLowerCase().replace('_', ' ')
                        + (s.error() == null ? "" : ": " + s.error()))
                        .collect(java.util.stream.Collectors.joining("; ")));
    }

    /** Every action, in the runbook's order. */
    public List<Task> tasks() {
        return tasks;
    }

    /** The task of {@code action}. */
    public Task task(Action action) {
        Text.require(action, "action", "pass one of PostIncidentActions.Action");
        return tasks.get(action.ordinal());
    }

    /** The open tasks. */
    public List<Task> open() {
        return tasks.stream().filter(t -> t.status() == Status.OPEN).toList();
    }

    /** The tasks still open after their due instant at {@code now} (a task due exactly now is not overdue). */
    public List<Task> overdue(Instant now) {
        Text.require(now, "now", "pass the instant to check at");
        return tasks.stream().filter(t -> t.isOverdueAt(now)).toList();
    }

    /** When the incident started. */
    public Instant incidentStartedAt() {
        return incidentStartedAt;
    }

    /** The incident's tier, whose escalation owns the actions. */
    public IncidentTier tier() {
        return tier;
    }

    /**
     * A copy with an action marked DONE.
     *
     * @param evidence what was done, e.g. "RCA-42 published"
     * @throws IllegalArgumentException when the evidence is blank
     */
    public PostIncidentActions tick(Action action, String evidence) {
        Task t = task(action);
        Text.require(evidence, "evidence", "say what was done, e.g. \"RCA-42 published\"");
        if (evidence.isBlank()) {
            throw new IllegalArgumentException("evidence for " + action + " must not be blank but was '" + evidence
                    + "'; say what was done, e.g. \"RCA-42 published\"");
        }
        List<Task> copy = new ArrayList<>(tasks);
        copy.set(action.ordinal(), new Task(action, t.owner(), t.due(), Status.DONE, evidence));
        return new PostIncidentActions(executionId, planName, tier, incidentStartedAt, copy);
    }

    /** The actions as a Markdown task list under the runbook's headings, with owner, due instant and evidence. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("# Post-Incident Procedures: ").append(Text.md(planName)).append("\n\n");
        sb.append("Incident started ").append(incidentStartedAt).append(" (").append(tier).append("), execution `")
                .append(executionId).append("`.\n");
        Phase phase = null;
        for (Task t : tasks) {
            if (t.action().phase() != phase) {
                phase = t.action().phase();
                sb.append("\n## ").append(phase.title()).append(", due ")
                        .append(incidentStartedAt.plus(phase.dueAfter())).append("\n");
            }
            sb.append(t.status() == Status.DONE ? "- [x] " : "- [ ] ").append(t.action().text()).append(" (owner: ")
                    .append(Text.md(t.owner())).append(')');
            if (!t.evidence().isEmpty()) {
                sb.append(": ").append(Text.md(t.evidence()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One line per action. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Post-incident actions for ").append(planName).append(" (incident started ")
                .append(incidentStartedAt).append(", ").append(tier).append(")\n");
        for (Task t : tasks) {
            sb.append("  ").append(t).append('\n');
        }
        return sb.toString();
    }
}
