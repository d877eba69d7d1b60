package io.drplan.core.internal;

import static io.drplan.core.internal.ReportHtml.esc;
import static io.drplan.core.internal.ReportHtml.lower;
import static io.drplan.core.internal.ReportHtml.num;

import io.drplan.core.Durations;
import io.drplan.core.ExecutionReport;
import io.drplan.core.StepReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The report's SVG charts: the RTO budget track and the step timeline (Gantt) with its time axis. Internal. */
final class ReportTimeline {
    private static final int WIDTH = 960;
    private static final int LABEL = 190;
    private static final int PAD = 24;
    private static final int ROW = 22;
    private static final long[] TICKS_SECONDS = {1, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400,
        21600, 43200, 86400};


    private ReportTimeline() { }

    /** One track from the incident's start: the achieved RTO against the objective's line. */
    static void budget(StringBuilder sb, ReportFacts f) {
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
    static void timeline(StringBuilder sb, ReportFacts f) {
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


    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
