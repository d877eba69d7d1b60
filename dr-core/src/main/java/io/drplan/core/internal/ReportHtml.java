package io.drplan.core.internal;

import io.drplan.core.Durations;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Mode;
import io.drplan.core.PlanPreview;
import io.drplan.core.ReportOptions;
import io.drplan.core.StepReport;
import io.drplan.core.runbook.DrillChecklist;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, no external resource,
 * every text escaped, every number formatted with {@link Locale#ROOT}. Internal.
 */
final class ReportHtml {
    private static final int WIDTH = 960;
    private static final int LABEL = 190;
    private static final int PAD = 24;
    private static final int ROW = 22;
    private static final long[] TICKS_SECONDS = {1, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400,
        21600, 43200, 86400};

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:2em auto;\
            max-width:1000px;color:#1a1a1a;line-height:1.4}
            h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;width:100%;margin:.5em 0}
            td,th{border:1px solid #d0d0d0;padding:4px 8px;text-align:left;vertical-align:top;font-size:.92em}
            th{background:#f3f3f3}
            .verdict{font-size:1.3em;font-weight:bold;padding:.3em .8em;border-radius:4px;display:inline-block}
            .verdict.met{background:#e3f4e3;color:#0a5d0a}
            .verdict.rto_missed,.verdict.rpo_missed,.verdict.rto_and_rpo_missed,.verdict.failed{background:#fbe3e3;color:#9c0b0b}
            .outcome-succeeded{color:#0a5d0a}.outcome-compensated{color:#8a5a00}
            .outcome-failed,.outcome-compensation_failed{color:#9c0b0b;font-weight:bold}
            .outcome-not_run,.outcome-cancelled{color:#666}
            tr.critical td:first-child{border-left:4px solid #222}tr.critical .step-id{font-weight:bold}
            #steps-table{table-layout:fixed}#steps-table td{overflow-wrap:anywhere;font-size:.85em}
            #steps-table code{font-size:.9em}#steps-table th{font-size:.8em;overflow-wrap:anywhere}
            #steps-table td.outcome{overflow-wrap:normal;font-size:.75em}ul.calls{padding-left:1em}
            .met{color:#0a5d0a;font-weight:bold}.missed{color:#9c0b0b;font-weight:bold}
            .error{color:#9c0b0b;white-space:pre-wrap}.note{color:#333}
            ul{margin:.2em 0;padding-left:1.2em}
            svg text{font-size:11px;font-family:inherit}
            .legend span{display:inline-block;margin-right:1.2em;font-size:.85em}
            .sw{display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:4px;border-radius:2px}
            .check-done{color:#0a5d0a}.check-failed{color:#9c0b0b;font-weight:bold}.check-manual{color:#8a5a00}
            code{background:#f3f3f3;padding:0 3px;border-radius:3px}
            footer{margin-top:2em;color:#777;font-size:.8em}
            """;

    private ReportHtml() { }

    static String render(ExecutionReport r, ReportOptions options) {
        ReportFacts f = new ReportFacts(r, options);
        StringBuilder sb = new StringBuilder(16_384);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>drplan ").append(lower(r.mode().name())).append(": ").append(esc(r.planName()))
                .append(" (").append(esc(r.state().name())).append(")</title><style>").append(CSS)
                .append("</style></head><body>\n");
        header(sb, r);
        objectives(sb, f);
        timeline(sb, f);
        steps(sb, f);
        failback(sb, f);
        if (f.checklist != null) {
            checklist(sb, f.checklist);
        }
        if (options.preview() != null) {
            preview(sb, f, options.preview());
        }
        if (!r.notes().isEmpty()) {
            sb.append("<section id=\"notes\"><h2>Notes</h2><ul>");
            for (String n : r.notes()) {
                sb.append("<li>").append(esc(n)).append("</li>");
            }
            sb.append("</ul></section>\n");
        }
        if (!r.inventory().isEmpty()) {
            sb.append("<section id=\"inventory\"><h2>Inventory</h2><ul>");
            for (io.drplan.core.InventoryEntry e : r.inventory()) {
                sb.append("<li>").append(esc(e.toString()));
                if (r.leftBehind().contains(e)) {
                    sb.append("<br>left behind: <code>").append(esc(e.resource().inspect())).append("</code>");
                    if (e.resource().remove() != null) {
                        sb.append("<br><code>").append(esc(e.resource().remove())).append("</code>");
                    }
                }
                sb.append("</li>");
            }
            sb.append("</ul></section>\n");
        }
        sb.append("<footer>Generated by drplan from execution <code>").append(esc(r.executionId()))
                .append("</code>. Self-contained: no script, no external resource; times are UTC, offsets from ")
                .append(esc(f.origin.toString())).append(".</footer>\n</body></html>\n");
        return sb.toString();
    }

    private static void header(StringBuilder sb, ExecutionReport r) {
        sb.append("<header><h1>").append(esc(r.planName())).append(" — ").append(lower(r.mode().name()))
                .append("</h1><p><span id=\"verdict\" class=\"verdict ").append(lower(r.verdict().name())).append("\">")
                .append(esc(r.verdict().name())).append("</span> state <b id=\"state\">").append(esc(r.state().name()))
                .append("</b></p></header>\n");
        sb.append("<table id=\"summary\">");
        row(sb, "Execution", "<code>" + esc(r.executionId()) + "</code>");
        row(sb, "Regions", esc(r.source().code()) + " → " + esc(r.target().code()));
        row(sb, "Tier", esc(r.tier().name()));
        row(sb, "Incident started", esc(str(r.incidentStartedAt())));
        row(sb, "Ran", esc(str(r.startedAt())) + " to " + esc(str(r.finishedAt())) + " ("
                + esc(Durations.format(r.duration())) + ")");
        row(sb, "Recovered", r.recoveredAt() == null ? "not recovered" : esc(str(r.recoveredAt())));
        sb.append("</table>\n");
    }

    private static void objectives(StringBuilder sb, ReportFacts f) {
        ExecutionReport r = f.report;
        sb.append("<section id=\"objectives\"><h2>Recovery objectives</h2><table>");
        sb.append("<tr><th>Objective</th><th>Target</th><th>Achieved</th><th>Result</th><th>Detail</th></tr>");
        sb.append("<tr id=\"rto\"><td>RTO (recovery time)</td><td>").append(esc(Durations.format(r.objectives().rto())))
                .append("</td><td>").append(r.achievedRto() == null ? "not recovered"
                        : esc(Durations.format(r.achievedRto())))
                .append("</td><td>").append(result(r.achievedRto() != null, r.metRto()))
                .append("</td><td>from the incident's start to the end of the last forward step; deadline ")
                .append(esc(f.rtoDeadline().toString())).append("; critical path estimate ")
                .append(esc(Durations.format(r.criticalPath()))).append("</td></tr>");
        sb.append("<tr id=\"rpo\"><td>RPO (data loss)</td><td>").append(esc(Durations.format(r.objectives().rpo())))
                .append("</td><td>").append(r.rpo() == null ? "no data restored" : esc(Durations.format(r.rpo())))
                .append("</td><td>").append(r.rpo() == null ? "n/a" : result(true, r.metRpo()))
                .append("</td><td>").append(r.restorePoint() == null ? "no step restored data"
                        : "restore point <b id=\"restore-point\">" + esc(r.restorePoint().toString())
                        + "</b>, <span id=\"restore-point-age\">" + esc(Durations.format(r.rpo()))
                        + "</span> old at the incident's start (estimated)")
                .append("</td></tr>");
        sb.append("<tr id=\"measured-loss\"><td>Measured data loss</td><td>")
                .append(esc(Durations.format(r.objectives().rpo()))).append("</td><td>")
                .append(r.measuredDataLoss() == null ? "not measured" : esc(Durations.format(r.measuredDataLoss())))
                .append("</td><td>").append(r.measuredDataLoss() == null ? "n/a" : result(true, r.measuredLossWithinRpo()))
                .append("</td><td>").append(r.measuredDataLoss() == null ? "no integrity check ran"
                        : "newest write on the reference minus newest write in the restored database")
                .append("</td></tr>");
        for (io.drplan.core.PhaseReport p : r.phases()) {
            sb.append("<tr class=\"phase\"><td>Phase ").append(esc(p.phase().name())).append("</td><td></td><td>")
                    .append(esc(Durations.format(p.duration()))).append("</td><td>").append(result(true, p.ok()))
                    .append("</td><td>").append(esc(p.how())).append("</td></tr>");
        }
        if (r.objectives().mttr() != null) {
            sb.append("<tr><td>MTTR objective</td><td>").append(esc(Durations.format(r.objectives().mttr())))
                    .append("</td><td colspan=\"3\">measured by the incident process, not by this run</td></tr>");
        }
        sb.append("</table>");
        budget(sb, f);
        sb.append("</section>\n");
    }

    /** One track from the incident's start: the achieved RTO against the objective's line. */
    private static void budget(StringBuilder sb, ReportFacts f) {
        ExecutionReport r = f.report;
        Duration objective = r.objectives().rto();
        Duration achieved = r.achievedRto() == null ? r.duration() : r.achievedRto();
        long span = Math.max(1, Math.max(objective.toMillis(), achieved.toMillis()) * 21 / 20);
        int plot = WIDTH - LABEL - PAD;
        int height = 62;
        sb.append("<svg id=\"rto-budget\" role=\"img\" aria-label=\"RTO achieved against the objective\" width=\"")
                .append(WIDTH).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\">");
        sb.append("<text x=\"0\" y=\"22\">").append(r.achievedRto() == null ? "run (not recovered)" : "achieved RTO")
                .append("</text>");
        double w = plot * (double) achieved.toMillis() / span;
        sb.append("<rect class=\"achieved\" x=\"").append(LABEL).append("\" y=\"10\" width=\"").append(num(Math.max(1, w)))
                .append("\" height=\"16\" fill=\"").append(r.metRto() ? "#3a9a3a" : "#c33").append("\"><title>")
                .append(esc(Durations.format(achieved))).append("</title></rect>");
        double x = LABEL + plot * (double) objective.toMillis() / span;
        sb.append("<line class=\"rto-objective\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x))
                .append("\" y1=\"2\" y2=\"34\" stroke=\"#c00\" stroke-width=\"2\" stroke-dasharray=\"5,3\"/>")
                .append("<text x=\"").append(num(x - 6)).append("\" y=\"14\" text-anchor=\"end\" fill=\"#c00\">RTO objective ")
                .append(esc(Durations.format(objective))).append("</text>");
        axis(sb, span, 36, 38, plot);
        sb.append("</svg>");
    }

    /** The Gantt chart: one row per step on a time axis, critical path outlined, RTO line when in range. */
    private static void timeline(StringBuilder sb, ReportFacts f) {
        ExecutionReport r = f.report;
        List<StepReport> steps = r.steps();
        Instant end = r.finishedAt();
        Instant rtoAt = f.rtoDeadline();
        long runSpan = Math.max(1, Duration.between(f.origin, end).toMillis());
        long toRto = Duration.between(f.origin, rtoAt).toMillis();
        // the RTO line joins the axis when it is near; far beyond the run it would squeeze every bar
        boolean rtoOnAxis = toRto <= runSpan * 3 / 2;
        long span = Math.max(runSpan, rtoOnAxis ? toRto : 0) * 21 / 20;
        int plot = WIDTH - LABEL - PAD;
        int top = 8;
        int height = top + steps.size() * ROW + 40;
        sb.append("<section id=\"timeline\"><h2>Timeline</h2>");
        sb.append("<p class=\"legend\">").append(swatch("#3a9a3a", "succeeded")).append(swatch("#d9a400", "undone (compensated)"))
                .append(swatch("#c33", "failed")).append(swatch("#999", "other"))
                .append("<span><b>▌bold, outlined</b> critical path (").append(f.criticalPath.size()).append(" steps)</span>")
                .append("<span style=\"color:#c00\">┆ RTO objective</span><span style=\"color:#236\">┆ recovered</span></p>");
        sb.append("<svg id=\"timeline-chart\" role=\"img\" aria-label=\"step timeline\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\">");
        int y = top;
        for (StepReport s : steps) {
            boolean critical = f.criticalPath.contains(s.id());
            sb.append("<g class=\"step").append(critical ? " critical" : "").append("\" data-step=\"").append(esc(s.id()))
                    .append("\">");
            sb.append("<text x=\"0\" y=\"").append(y + 14).append("\"").append(critical ? " font-weight=\"bold\"" : "")
                    .append('>').append(esc(shorten(s.id(), 28))).append("</text>");
            if (s.startedAt() != null) {
                Instant finished = s.finishedAt() == null ? end : s.finishedAt();
                double x = LABEL + plot * (double) Duration.between(f.origin, s.startedAt()).toMillis() / span;
                double w = Math.max(2, plot * (double) Duration.between(s.startedAt(), finished).toMillis() / span);
                sb.append("<rect class=\"bar outcome-").append(lower(s.outcome().name())).append("\" x=\"").append(num(x))
                        .append("\" y=\"").append(y + 3).append("\" width=\"").append(num(w)).append("\" height=\"")
                        .append(ROW - 8).append("\" fill=\"").append(color(s)).append('"')
                        .append(critical ? " stroke=\"#111\" stroke-width=\"2\"" : "").append("><title>")
                        .append(esc(s.id() + ": " + s.outcome() + ", " + f.offset(s.startedAt()) + " for "
                                + Durations.format(Duration.between(s.startedAt(), finished))))
                        .append("</title></rect>");
                if (s.compensatedAt() != null) {
                    double cx = LABEL + plot * (double) Duration.between(f.origin, s.compensatedAt()).toMillis() / span;
                    sb.append("<path class=\"undo-mark\" d=\"M").append(num(cx)).append(' ').append(y + 4).append(" l5 7 l-5 7 l-5 -7 z\"")
                            .append(" fill=\"#d9a400\" stroke=\"#6b4f00\"><title>undone at ")
                            .append(esc(f.offset(s.compensatedAt()))).append("</title></path>");
                }
            }
            sb.append("</g>");
            y += ROW;
        }
        int axisY = top + steps.size() * ROW + 4;
        if (r.recoveredAt() != null) {
            vertical(sb, "recovered", LABEL + plot * (double) Duration.between(f.origin, r.recoveredAt()).toMillis() / span,
                    top, axisY, "#236", "recovered " + f.offset(r.recoveredAt()));
        }
        if (rtoOnAxis) {
            vertical(sb, "rto-objective", LABEL + plot * (double) toRto / span, top, axisY, "#c00",
                    "RTO objective " + f.offset(rtoAt));
        } else {
            sb.append("<text class=\"rto-beyond\" x=\"").append(WIDTH - 4).append("\" y=\"").append(top + 10)
                    .append("\" text-anchor=\"end\" fill=\"#c00\">RTO objective at ").append(esc(f.offset(rtoAt)))
                    .append(" →</text>");
        }
        axis(sb, span, axisY, axisY + 2, plot);
        sb.append("</svg></section>\n");
    }

    private static void vertical(StringBuilder sb, String cls, double x, int y1, int y2, String color, String label) {
        sb.append("<line class=\"").append(cls).append("\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x))
                .append("\" y1=\"").append(y1).append("\" y2=\"").append(y2).append("\" stroke=\"").append(color)
                .append("\" stroke-width=\"2\" stroke-dasharray=\"5,3\"><title>").append(esc(label)).append("</title></line>");
    }

    /** The time axis: a line with ticks at a round interval, labelled with the offset. */
    private static void axis(StringBuilder sb, long spanMillis, int y, int labelTop, int plot) {
        long tick = TICKS_SECONDS[TICKS_SECONDS.length - 1] * 1000;
        for (long t : TICKS_SECONDS) {
            if (spanMillis / (t * 1000) <= 10) {
                tick = t * 1000;
                break;
            }
        }
        sb.append("<g class=\"time-axis\"><line x1=\"").append(LABEL).append("\" x2=\"").append(LABEL + plot)
                .append("\" y1=\"").append(y).append("\" y2=\"").append(y).append("\" stroke=\"#444\"/>");
        for (long t = 0; t <= spanMillis; t += tick) {
            double x = LABEL + plot * (double) t / spanMillis;
            sb.append("<line x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"").append(y)
                    .append("\" y2=\"").append(y + 5).append("\" stroke=\"#444\"/><text class=\"tick\" x=\"").append(num(x))
                    .append("\" y=\"").append(labelTop + 15).append("\" text-anchor=\"middle\">+")
                    .append(esc(Durations.format(Duration.ofMillis(t)))).append("</text>");
        }
        sb.append("</g>");
    }

    private static void steps(StringBuilder sb, ReportFacts f) {
        ExecutionReport r = f.report;
        boolean estimates = !f.estimates.isEmpty();
        sb.append("<section id=\"steps\"><h2>Steps</h2><table id=\"steps-table\"><colgroup><col style=\"width:20%\">")
                .append("<col style=\"width:13%\"><col style=\"width:7%\"><col style=\"width:7%\">")
                .append(estimates ? "<col style=\"width:7%\">" : "").append("<col style=\"width:6%\">")
                .append("<col style=\"width:17%\"><col><col style=\"width:8%\"></colgroup><tr><th>Step</th><th>Outcome</th>")
                .append("<th>Start</th><th title=\"duration\">Took</th>")
                .append(estimates ? "<th title=\"estimate\">Est.</th>" : "")
                .append("<th title=\"attempts\">Tries</th><th>Calls</th><th>Notes and error</th><th>Undone</th></tr>");
        for (StepReport s : r.steps()) {
            boolean critical = f.criticalPath.contains(s.id());
            sb.append("<tr id=\"step-").append(esc(s.id())).append("\" class=\"step").append(critical ? " critical" : "")
                    .append("\"><td><span class=\"step-id\">").append(esc(s.id())).append("</span>")
                    .append(critical ? " <small>(critical path)</small>" : "")
                    .append("<br><small>").append(esc(s.description())).append("</small>");
            if (!s.dependencies().isEmpty()) {
                sb.append("<br><small>after ").append(esc(String.join(", ", s.dependencies()))).append("</small>");
            }
            sb.append("</td><td class=\"outcome outcome-").append(lower(s.outcome().name())).append("\">")
                    .append(esc(s.outcome().name())).append("</td><td>").append(esc(f.offset(s.startedAt())))
                    .append("</td><td>").append(esc(Durations.format(s.duration()))).append("</td>");
            if (estimates) {
                sb.append("<td>").append(esc(Durations.format(f.estimates.get(s.id())))).append("</td>");
            }
            sb.append("<td class=\"attempts\">").append(s.started() ? String.valueOf(s.attempts()) : "-").append("</td><td>");
            if (!s.calls().isEmpty()) {
                sb.append("<ul class=\"calls\">");
                new TreeMap<>(s.calls()).forEach((op, n) -> sb.append("<li><code>").append(esc(op)).append("</code> × ")
                        .append(n).append("</li>"));
                sb.append("</ul>");
            }
            sb.append("</td><td>");
            if (!s.notes().isEmpty()) {
                sb.append("<ul class=\"notes\">");
                for (String n : s.notes()) {
                    sb.append("<li class=\"note\">").append(esc(n)).append("</li>");
                }
                sb.append("</ul>");
            }
            if (s.error() != null) {
                sb.append("<div class=\"error\">").append(esc(s.error())).append("</div>");
            }
            sb.append("</td><td>").append(s.compensatedAt() != null ? esc(f.offset(s.compensatedAt())) : "")
                    .append(s.compensationError() != null ? "<div class=\"error compensation-error\">undo failed: "
                            + esc(s.compensationError()) + "</div>" : "")
                    .append("</td></tr>");
        }
        sb.append("</table></section>\n");
    }

    private static void failback(StringBuilder sb, ReportFacts f) {
        ExecutionReport r = f.report;
        boolean drill = r.mode() == Mode.DRILL;
        List<StepReport> undone = f.compensated();
        sb.append("<section id=\"failback\"><h2>").append(drill ? "Fail-back" : "Compensation").append("</h2><p>");
        if (drill) {
            sb.append(r.failedBack() ? "<span class=\"met\">Done</span>: every step that can be undone was undone."
                    : "<span class=\"missed\">NOT complete</span>: see the steps below.");
        } else if (undone.isEmpty()) {
            sb.append("Nothing was undone.");
        } else {
            sb.append("The run failed and undid ").append(undone.size()).append(" step(s), in reverse dependency order.");
        }
        sb.append("</p>");
        if (!undone.isEmpty()) {
            sb.append("<table id=\"compensation\"><tr><th>Step</th><th>Undone at</th><th>Result</th></tr>");
            undone.stream().sorted((a, b) -> compare(a.compensatedAt(), b.compensatedAt())).forEach(s -> sb.append("<tr><td>")
                    .append(esc(s.id())).append("</td><td>").append(esc(f.offset(s.compensatedAt()))).append("</td><td>")
                    .append(s.compensationError() == null ? "undone" : "<span class=\"error\">FAILED: "
                            + esc(s.compensationError()) + "</span>").append("</td></tr>"));
            sb.append("</table>");
        }
        List<StepReport> kept = f.keptInPlace();
        if (drill && !kept.isEmpty()) {
            sb.append("<p>Left as they were (checks, or steps without an undo): ")
                    .append(esc(String.join(", ", kept.stream().map(StepReport::id).toList()))).append(".</p>");
        }
        sb.append("</section>\n");
    }

    private static void checklist(StringBuilder sb, DrillChecklist c) {
        sb.append("<section id=\"checklist\"><h2>Drill checklist</h2><table id=\"checklist-table\"><tr><th>Phase</th>")
                .append("<th>Item</th><th>Status</th><th>Evidence</th></tr>");
        for (DrillChecklist.Check k : c.checks()) {
            sb.append("<tr class=\"check check-").append(lower(k.status().name())).append("\"><td>")
                    .append(esc(k.item().phase().title())).append("</td><td>").append(esc(k.item().text()))
                    .append("</td><td class=\"check-").append(lower(k.status().name())).append("\">")
                    .append(k.status() == DrillChecklist.Status.DONE ? "☑ " : k.status() == DrillChecklist.Status.FAILED
                            ? "☒ " : "☐ ")
                    .append(esc(k.status().name())).append("</td><td>").append(esc(k.evidence())).append("</td></tr>");
        }
        sb.append("</table></section>\n");
    }

    private static void preview(StringBuilder sb, ReportFacts f, PlanPreview p) {
        sb.append("<section id=\"preview\"><h2>Preview (before the run)</h2><p>Planned critical path ")
                .append(esc(String.join(" → ", p.criticalPath()))).append(" (").append(esc(Durations.format(
                        p.criticalPathDuration()))).append("): the RTO objective ")
                .append(p.rtoReachable() ? "is reachable" : "<span class=\"missed\">is NOT reachable</span>")
                .append(".</p><table id=\"preview-steps\"><tr><th>Step</th><th>Earliest start</th><th>Estimate</th>")
                .append("<th>API calls</th><th>Undo calls</th></tr>");
        for (PlanPreview.PreviewStep s : p.steps()) {
            sb.append("<tr").append(s.critical() ? " class=\"critical\"" : "").append("><td>").append(esc(s.step().id()))
                    .append("</td><td>+").append(esc(Durations.format(s.earliestStart()))).append("</td><td>")
                    .append(esc(Durations.format(s.estimate()))).append("</td><td>").append(ops(s.step().operations()))
                    .append("</td><td>").append(s.step().compensate() ? ops(s.step().action().compensationOperations()) : "")
                    .append("</td></tr>");
        }
        sb.append("</table>");
        sb.append("<h3>Permissions the run needs</h3>");
        if (p.permissions().isEmpty()) {
            sb.append("<p>No provider catalog resolved the permissions.</p>");
        } else {
            sb.append("<ul id=\"permissions\">");
            for (String perm : p.permissions()) {
                sb.append("<li><code>").append(esc(perm)).append("</code></li>");
            }
            sb.append("</ul>");
        }
        sb.append("</section>\n");
    }

    private static String ops(List<Operation> ops) {
        StringBuilder sb = new StringBuilder();
        for (Operation o : ops) {
            sb.append("<code>").append(esc(o.service() + ":" + o.action())).append("</code> ");
        }
        return sb.toString().trim();
    }

    private static int compare(Instant a, Instant b) {
        return a == null ? (b == null ? 0 : 1) : b == null ? -1 : a.compareTo(b);
    }

    private static String result(boolean measured, boolean met) {
        return !measured ? "<span class=\"missed\">not recovered</span>"
                : met ? "<span class=\"met\">met</span>" : "<span class=\"missed\">MISSED</span>";
    }

    private static String swatch(String color, String label) {
        return "<span><i class=\"sw\" style=\"background:" + color + "\"></i>" + esc(label) + "</span>";
    }

    private static String color(StepReport s) {
        return switch (s.outcome()) {
            case SUCCEEDED -> "#3a9a3a";
            case COMPENSATED -> "#d9a400";
            case FAILED, COMPENSATION_FAILED -> "#c33";
            default -> "#999";
        };
    }

    private static void row(StringBuilder sb, String th, String tdHtml) {
        sb.append("<tr><th>").append(esc(th)).append("</th><td>").append(tdHtml).append("</td></tr>");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Lower case the same in every locale (no dotless i under tr_TR). */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** A number for SVG and CSS: a dot, whatever the default locale. */
    static String num(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    /** Text and attribute values: the five characters HTML gives meaning to. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String str(Object o) {
        return o == null ? "-" : o.toString();
    }
}
