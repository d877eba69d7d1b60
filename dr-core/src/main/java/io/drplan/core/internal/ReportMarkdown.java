package io.drplan.core.internal;

import io.drplan.core.Durations;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Mode;
import io.drplan.core.PlanPreview;
import io.drplan.core.ReportOptions;
import io.drplan.core.StepReport;
import io.drplan.core.runbook.DrillChecklist;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The report as Markdown (GitHub flavoured): every text from a step or a provider is escaped, so
 * a note holding {@code |}, backticks or {@code <script>} stays text in its table cell. Internal.
 */
final class ReportMarkdown {
    private ReportMarkdown() { }

    static String render(ExecutionReport r, ReportOptions options) {
        ReportFacts f = new ReportFacts(r, options);
        StringBuilder sb = new StringBuilder(8_192);
        sb.append("# drplan ").append(r.mode().name().toLowerCase(Locale.ROOT)).append(": ").append(md(r.planName()))
                .append("\n\n");
        sb.append("| | |\n|---|---|\n");
        cells(sb, "Verdict", "**" + r.verdict() + "**");
        cells(sb, "State", r.state().name());
        cells(sb, "Execution", code(r.executionId()));
        cells(sb, "Regions", md(r.source().code()) + " → " + md(r.target().code()));
        cells(sb, "Incident started", String.valueOf(r.incidentStartedAt()));
        cells(sb, "Ran", r.startedAt() + " to " + r.finishedAt() + " (" + Durations.format(r.duration()) + ")");
        cells(sb, "RTO", (r.achievedRto() == null ? "not recovered" : "achieved " + Durations.format(r.achievedRto()))
                + " of " + Durations.format(r.objectives().rto())
                + (r.achievedRto() == null ? "" : r.metRto() ? ": met" : ": **MISSED**")
                + " (critical path estimate " + Durations.format(r.criticalPath()) + ")");
        cells(sb, "RPO", (r.rpo() == null ? "no data restored" : "restore point " + r.restorePoint() + ", "
                + Durations.format(r.rpo()) + " old") + " of " + Durations.format(r.objectives().rpo())
                + (r.rpo() == null ? "" : r.metRpo() ? ": met" : ": **MISSED**") + " (estimated)");
        cells(sb, "Measured data loss", r.measuredDataLoss() == null ? "not measured (no integrity check ran)"
                : Durations.format(r.measuredDataLoss()) + " of " + Durations.format(r.objectives().rpo())
                + (r.measuredLossWithinRpo() ? ": within the RPO" : ": **MISSED**")
                + r.measuredLossBeyondRpo().map(why -> " (" + md(why) + ")").orElse(""));
        for (io.drplan.core.PhaseReport p : r.phases()) {
            cells(sb, "Phase " + p.phase(), Durations.format(p.duration()) + (p.ok() ? "" : " (**not ok**)") + ": "
                    + md(p.how()));
        }
        cells(sb, "Critical path", md(String.join(" → ", f.criticalPath)));
        sb.append('\n');

        sb.append("## Steps\n\n| Step | Outcome | Start | Duration | Attempts | Notes and error | Undone |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (StepReport s : r.steps()) {
            StringBuilder notes = new StringBuilder();
            for (String n : s.notes()) {
                notes.append(notes.length() == 0 ? "" : "<br>").append(md(n));
            }
            if (s.error() != null) {
                notes.append(notes.length() == 0 ? "" : "<br>").append("error: ").append(md(s.error()));
            }
            String undone = s.compensatedAt() != null ? f.offset(s.compensatedAt())
                    : s.compensationError() != null ? "FAILED: " + md(s.compensationError()) : "";
            sb.append("| ").append(f.criticalPath.contains(s.id()) ? "**" + md(s.id()) + "** (critical)" : md(s.id()))
                    .append(" | ").append(s.outcome()).append(" | ").append(f.offset(s.startedAt())).append(" | ")
                    .append(Durations.format(s.duration())).append(" | ").append(s.started() ? s.attempts() : "-")
                    .append(" | ").append(notes).append(" | ").append(undone).append(" |\n");
        }
        sb.append('\n');

        sb.append(r.mode() == Mode.DRILL ? "## Fail-back\n\n" + (r.failedBack()
                ? "Done: every step that can be undone was undone."
                : "**NOT complete**: see the Undone column.") + "\n\n"
                : f.compensated().isEmpty() ? "" : "## Compensation\n\n" + f.compensated().size()
                        + " step(s) undone after the failure, in reverse dependency order.\n\n");

        if (f.checklist != null) {
            sb.append("## Drill checklist\n\n| Phase | Item | Status | Evidence |\n|---|---|---|---|\n");
            for (DrillChecklist.Check c : f.checklist.checks()) {
                sb.append("| ").append(md(c.item().phase().title())).append(" | ").append(md(c.item().text()))
                        .append(" | ").append(c.status()).append(" | ").append(md(c.evidence())).append(" |\n");
            }
            sb.append('\n');
        }
        PlanPreview p = options.preview();
        if (p != null) {
            sb.append("## Preview\n\nPlanned critical path ").append(md(String.join(" → ", p.criticalPath())))
                    .append(" (").append(Durations.format(p.criticalPathDuration())).append("); the RTO objective ")
                    .append(p.rtoReachable() ? "is reachable" : "is **NOT** reachable").append(".\n\n")
                    .append("| Step | Earliest start | Estimate | API calls |\n|---|---|---|---|\n");
            for (PlanPreview.PreviewStep s : p.steps()) {
                sb.append("| ").append(md(s.step().id())).append(" | +").append(Durations.format(s.earliestStart()))
                        .append(" | ").append(Durations.format(s.estimate())).append(" | ")
                        .append(s.step().operations().stream().map(o -> code(o.service() + ":" + o.action()))
                                .collect(Collectors.joining(" ")))
                        .append(" |\n");
            }
            sb.append("\nPermissions the run needs: ").append(p.permissions().isEmpty() ? "none resolved"
                    : p.permissions().stream().map(ReportMarkdown::code).collect(Collectors.joining(", "))).append("\n\n");
        }
        if (!r.inventory().isEmpty()) {
            sb.append("## Inventory\n\n| step | effect | resource | before | after | state |\n|---|---|---|---|---|---|\n");
            for (io.drplan.core.InventoryEntry e : r.inventory()) {
                sb.append("| ").append(md(e.stepId())).append(" | ").append(e.effect()).append(" | ")
                        .append(md(e.resource().toString())).append(" | ").append(md(e.before())).append(" | ")
                        .append(md(e.after())).append(" | ")
                        .append(e.undone() ? "undone" : r.leftBehind().contains(e) ? "left behind" : "").append(" |\n");
            }
            for (io.drplan.core.InventoryEntry e : r.leftBehind()) {
                sb.append("\nLeft behind: ").append(md(e.resource().toString())).append("\n\n```\n")
                        .append(e.resource().inspect()).append('\n')
                        .append(e.resource().remove() == null ? "" : e.resource().remove() + "\n").append("```\n");
            }
            sb.append('\n');
        }
        List<String> notes = r.notes();
        for (String n : notes) {
            sb.append("> ").append(md(n)).append("\n>\n");
        }
        if (!notes.isEmpty()) {
            sb.setLength(sb.length() - 2);
        }
        return sb.toString();
    }

    private static void cells(StringBuilder sb, String name, String value) {
        sb.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    /** An inline code span of an identifier (backticks in it cannot end the span: they are replaced). */
    private static String code(String s) {
        return "`" + s.replace("`", "'").replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ") + "`";
    }

    /**
     * Text for a table cell or a paragraph: Markdown's punctuation escaped with a backslash, HTML's
     * angle brackets and ampersand as entities (Markdown passes raw HTML through), line breaks as spaces.
     */
    static String md(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        String flat = s.replaceAll("\\s*\\R\\s*", " ");
        for (int i = 0; i < flat.length(); i++) {
            char c = flat.charAt(i);
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '|', '#', '~' -> sb.append('\\').append(c);
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
