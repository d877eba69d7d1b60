package io.drplan.core;

import io.drplan.core.runbook.DrillChecklist;

/**
 * What a rendered report shows besides the execution itself: the plan's preview (calls, IAM
 * actions, planned critical path) and the drill checklist, when the caller has them.
 *
 * <pre>{@code
 * Files.writeString(Path.of("report.html"), report.toHtml(ReportOptions.defaults()
 *     .preview(engine.preview(plan))
 *     .checklist(DrillChecklist.evaluate(report).tick(Item.TEAM_NOTIFIED, "#incident-42"))));
 * }</pre>
 *
 * @param preview   the preview the run was made from, or null (the report then has no preview section)
 * @param checklist the drill checklist, or null: a drill's report then evaluates it from the report
 */
public record ReportOptions(PlanPreview preview, DrillChecklist checklist) {

    /** No preview; a drill's checklist evaluated from the report. */
    public static ReportOptions defaults() {
        return new ReportOptions(null, null);
    }

    /** A copy showing {@code preview} (as {@code engine.preview(plan)} returns it, IAM actions included). */
    public ReportOptions preview(PlanPreview preview) {
        return new ReportOptions(preview, checklist);
    }

    /** A copy showing {@code checklist} (with the items people ticked) instead of the evaluated one. */
    public ReportOptions checklist(DrillChecklist checklist) {
        return new ReportOptions(preview, checklist);
    }
}
