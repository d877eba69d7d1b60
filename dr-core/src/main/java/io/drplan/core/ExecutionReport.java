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
 * @param inventory         every resource the steps created, changed or deleted, in plan order
 */
public record ExecutionReport(String executionId, String planName, Mode mode, Region source, Region target,
                              IncidentTier tier, Objectives objectives, Instant incidentStartedAt, Instant startedAt,
                              Instant finishedAt, Instant recoveredAt, ExecutionState state, Verdict verdict,
                              Duration achievedRto, Instant restorePoint, Duration rpo, Duration criticalPath,
                              boolean failedBack, List<StepReport> steps, List<String> notes,
                              List<InventoryEntry> inventory) {
    public ExecutionReport {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
        inventory = inventory == null ? List.of() : List.copyOf(inventory);
    }

    /** A report without an inventory (nothing was created, changed or deleted). */
    public ExecutionReport(String executionId, String planName, Mode mode, Region source, Region target,
                           IncidentTier tier, Objectives objectives, Instant incidentStartedAt, Instant startedAt,
                           Instant finishedAt, Instant recoveredAt, ExecutionState state, Verdict verdict,
                           Duration achievedRto, Instant restorePoint, Duration rpo, Duration criticalPath,
                           boolean failedBack, List<StepReport> steps, List<String> notes) {
        this(executionId, planName, mode, source, target, tier, objectives, incidentStartedAt, startedAt, finishedAt,
                recoveredAt, state, verdict, achievedRto, restorePoint, rpo, criticalPath, failedBack, steps, notes,
                List.of());
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

    /** The report as one self-contained HTML page. */
    public String toHtml() {
        return ReportRenderer.html(this);
    }

    /** The timeline and verdict, as text. */
    @Override
    public String toString() {
        return ReportRenderer.text(this);
    }
}
