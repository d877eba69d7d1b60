package io.drplan.core;

import io.drplan.core.internal.ReportRenderer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The record of one execution: each step's start, end, attempts, outcome and error; the RTO
 * achieved against the objective; the RPO as the age of the restore point; a verdict. Rendered as
 * text ({@link #toString()}), JSON, Markdown and self-contained HTML.
 *
 * @param incidentStartedAt when the outage began (RTO and RPO are measured from it); the start of
 *                          the execution unless the operator said otherwise
 * @param recoveredAt       when the last forward step finished, or null when the plan did not recover
 * @param achievedRto       {@code recoveredAt - incidentStartedAt}, or null
 * @param restorePoint      when the restored data was captured, or null when no step restored data
 * @param rpo               {@code incidentStartedAt - restorePoint}, or null
 * @param criticalPath      the plan's critical path from its estimates: the lower bound of the RTO
 * @param measuredDataLoss  the data loss measured by the plan's integrity checks (the primary's newest
 *                          write minus the restored copy's), the largest of them; null when no
 *                          integrity check measured one. {@link #rpo} is the estimate from the restore
 *                          point's age; this is what the data itself says
 * @param phases            failover, verification and (in a drill) fail-back, each with its duration
 * @param inventory         every resource the steps created, changed or deleted, in plan order
 */
public record ExecutionReport(String executionId, String planName, Mode mode, Region source, Region target,
                              IncidentTier tier, Objectives objectives, Instant incidentStartedAt, Instant startedAt,
                              Instant finishedAt, Instant recoveredAt, ExecutionState state, Verdict verdict,
                              Duration achievedRto, Instant restorePoint, Duration rpo, Duration criticalPath,
                              boolean failedBack, List<StepReport> steps, List<String> notes,
                              Duration measuredDataLoss, List<PhaseReport> phases, List<InventoryEntry> inventory) {
    public ExecutionReport {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
        phases = List.copyOf(phases);
        inventory = inventory == null ? List.of() : List.copyOf(inventory);
    }

    /** A report without an inventory (nothing was created, changed or deleted). */
    public ExecutionReport(String executionId, String planName, Mode mode, Region source, Region target,
                           IncidentTier tier, Objectives objectives, Instant incidentStartedAt, Instant startedAt,
                           Instant finishedAt, Instant recoveredAt, ExecutionState state, Verdict verdict,
                           Duration achievedRto, Instant restorePoint, Duration rpo, Duration criticalPath,
                           boolean failedBack, List<StepReport> steps, List<String> notes,
                           Duration measuredDataLoss, List<PhaseReport> phases) {
        this(executionId, planName, mode, source, target, tier, objectives, incidentStartedAt, startedAt, finishedAt,
                recoveredAt, state, verdict, achievedRto, restorePoint, rpo, criticalPath, failedBack, steps, notes,
                measuredDataLoss, phases, List.of());
    }

    /** A report without measured data loss, phases or inventory (the shape before them). */
    public ExecutionReport(String executionId, String planName, Mode mode, Region source, Region target,
                           IncidentTier tier, Objectives objectives, Instant incidentStartedAt, Instant startedAt,
                           Instant finishedAt, Instant recoveredAt, ExecutionState state, Verdict verdict,
                           Duration achievedRto, Instant restorePoint, Duration rpo, Duration criticalPath,
                           boolean failedBack, List<StepReport> steps, List<String> notes) {
        this(executionId, planName, mode, source, target, tier, objectives, incidentStartedAt, startedAt, finishedAt,
                recoveredAt, state, verdict, achievedRto, restorePoint, rpo, criticalPath, failedBack, steps, notes,
                null, List.of());
    }

    /** The measured data loss, when an integrity check measured one. */
    public Optional<Duration> measuredLoss() {
        return Optional.ofNullable(measuredDataLoss);
    }

    /** Whether the measured data loss is within the RPO objective (true when nothing was measured). */
    public boolean measuredLossWithinRpo() {
        return measuredDataLoss == null || measuredDataLoss.compareTo(objectives.rpo()) <= 0;
    }

    /**
     * Why the measured data loss is larger than the restore point's age, when it is: by how much and what the
     * difference can be. A primary that keeps taking writes after the incident's start (as in a drill) adds the
     * time from the incident's start to the integrity check; any more than that is data the restored copy lacks
     * from before its restore point. Empty when nothing was measured or restored, or the loss is within the age.
     */
    public Optional<String> measuredLossBeyondRpo() {
        if (measuredDataLoss == null || rpo == null || measuredDataLoss.compareTo(rpo) <= 0) {
            return Optional.empty();
        }
        String more = Durations.format(measuredDataLoss.minus(rpo)) + " more than the restore point's age";
        Instant incident = incidentStartedAt == null ? startedAt : incidentStartedAt;
        Optional<StepReport> check = steps.stream()
                .filter(s -> s.durationOutput("measuredLoss").filter(measuredDataLoss::equals).isPresent()
                        && s.finishedAt() != null)
                .findFirst();
        if (check.isEmpty()) {
            return Optional.of(more);
        }
        Duration window = Duration.between(incident, check.get().finishedAt());
        String since = Durations.format(window) + " between the incident's start and " + check.get().id();
        if (measuredDataLoss.minus(rpo).compareTo(window) > 0) {
            return Optional.of(more + ", more than the " + since + ": the restored copy lacks data from before its"
                    + " restore point");
        }
        return Optional.of(more + (mode == Mode.DRILL
                ? ": the primary kept taking writes in the " + since + "; a drill leaves it running"
                : ": writes the primary took in the " + since + ", or data the copy lacks from before its restore"
                + " point"));
    }

    /** The report of {@code phase}, if the execution had it. */
    public Optional<PhaseReport> phase(RunPhase phase) {
        return phases.stream().filter(p -> p.phase() == phase).findFirst();
    }

    /** The steps of {@code kind}, in plan order. */
    public List<StepReport> steps(StepKind kind) {
        return steps.stream().filter(s -> s.kind() == kind).toList();
    }

    /**
     * A copy with the steps of a fail-back plan's execution appended (phase {@link RunPhase#FAILBACK}),
     * its phase added and {@code failedBack} set from its success; used by {@code DrEngine.drill}.
     */
    public ExecutionReport withFailback(ExecutionReport failback, String how, List<String> moreNotes) {
        List<StepReport> all = new java.util.ArrayList<>(steps);
        failback.steps().forEach(s -> all.add(s.as(s.kind(), RunPhase.FAILBACK)));
        List<PhaseReport> ph = new java.util.ArrayList<>(phases);
        ph.removeIf(p -> p.phase() == RunPhase.FAILBACK);
        boolean ok = failback.state() == ExecutionState.SUCCEEDED;
        ph.add(new PhaseReport(RunPhase.FAILBACK, failback.startedAt(), failback.finishedAt(),
                failback.steps().stream().map(StepReport::id).toList(), how, ok));
        List<String> n = new java.util.ArrayList<>(notes);
        n.addAll(moreNotes);
        failback.notes().forEach(x -> n.add("fail-back: " + x));
        return new ExecutionReport(executionId, planName, mode, source, target, tier, objectives, incidentStartedAt,
                startedAt, failback.finishedAt().isAfter(finishedAt) ? failback.finishedAt() : finishedAt, recoveredAt,
                state, verdict, achievedRto, restorePoint, rpo, criticalPath, ok, all, n, measuredDataLoss, ph,
                java.util.stream.Stream.concat(inventory.stream(), failback.inventory().stream()).toList());
    }

    /**
     * What an execution that did not succeed left behind: resources it created and did not undo, each
     * with the commands to inspect and remove it ({@link Resource#inspect()}, {@link Resource#remove()}).
     * Empty after a success, whose resources are the recovery.
     */
    public List<InventoryEntry> leftBehind() {
        return state == ExecutionState.SUCCEEDED ? List.of()
                : inventory.stream().filter(InventoryEntry::remains).toList();
    }

    /** The report of step {@code id}. */
    public Optional<StepReport> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Whether the achieved RTO is within the objective. */
    public boolean metRto() {
        return achievedRto != null && achievedRto.compareTo(objectives.rto()) <= 0;
    }

    /** Whether the RPO is within the objective (true when no data was restored). */
    public boolean metRpo() {
        return rpo == null || rpo.compareTo(objectives.rpo()) <= 0;
    }

    /** Wall time from start to finish, fail-back included. */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** The report as indented JSON. */
    public String toJson() {
        return ReportRenderer.json(this);
    }

    /** The report as Markdown. */
    public String toMarkdown() {
        return ReportRenderer.markdown(this);
    }

    /** The report as Markdown, with the preview and checklist of {@code options}. */
    public String toMarkdown(ReportOptions options) {
        return ReportRenderer.markdown(this, options);
    }

    /**
     * The report as one self-contained HTML page (no script, no network fetch): summary, RTO and
     * RPO, a timeline with its time axis, the critical path and the RTO objective, each step's
     * attempts, notes and error, the fail-back, and for a drill the drill checklist.
     */
    public String toHtml() {
        return ReportRenderer.html(this);
    }

    /** Like {@link #toHtml()}, with the preview (calls, IAM actions) and checklist of {@code options}. */
    public String toHtml(ReportOptions options) {
        return ReportRenderer.html(this, options);
    }

    /** The timeline and verdict, as text. */
    @Override
    public String toString() {
        return ReportRenderer.text(this);
    }
}
