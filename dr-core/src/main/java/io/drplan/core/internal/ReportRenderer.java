package io.drplan.core.internal;

import io.drplan.core.Durations;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ReportOptions;
import io.drplan.core.StepReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;

/** Renders execution reports as text, JSON, Markdown and HTML. */
public final class ReportRenderer {
    private static final int BAR = 40;

    private ReportRenderer() { }

    /** The report as a JSON-friendly map. */
    public static Map<String, Object> toMap(ExecutionReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("executionId", r.executionId());
        m.put("plan", r.planName());
        m.put("mode", r.mode().name());
        m.put("source", r.source().code());
        m.put("target", r.target().code());
        m.put("tier", r.tier().name());
        m.put("state", r.state().name());
        m.put("verdict", r.verdict().name());
        m.put("incidentStartedAt", str(r.incidentStartedAt()));
        m.put("startedAt", str(r.startedAt()));
        m.put("finishedAt", str(r.finishedAt()));
        m.put("recoveredAt", str(r.recoveredAt()));
        Map<String, Object> rto = new LinkedHashMap<>();
        rto.put("objective", str(r.objectives().rto()));
        rto.put("achieved", str(r.achievedRto()));
        rto.put("criticalPath", str(r.criticalPath()));
        rto.put("met", r.metRto());
        m.put("rto", rto);
        Map<String, Object> rpo = new LinkedHashMap<>();
        rpo.put("objective", str(r.objectives().rpo()));
        rpo.put("restorePoint", str(r.restorePoint()));
        rpo.put("achieved", str(r.rpo()));
        rpo.put("met", r.metRpo());
        rpo.put("measuredDataLoss", str(r.measuredDataLoss()));
        rpo.put("measuredWithinObjective", r.measuredDataLoss() == null ? null : r.measuredLossWithinRpo());
        rpo.put("measuredBeyondRestorePoint", r.measuredLossBeyondRpo().orElse(null));
        m.put("rpo", rpo);
        List<Object> phases = new ArrayList<>();
        for (io.drplan.core.PhaseReport p : r.phases()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("phase", p.phase().name());
            pm.put("startedAt", str(p.startedAt()));
            pm.put("finishedAt", str(p.finishedAt()));
            pm.put("duration", str(p.duration()));
            pm.put("how", p.how());
            pm.put("ok", p.ok());
            pm.put("steps", p.steps());
            phases.add(pm);
        }
        m.put("phases", phases);
        m.put("mttrObjective", str(r.objectives().mttr()));
        m.put("failedBack", r.failedBack());
        List<Object> steps = new ArrayList<>();
        for (StepReport s : r.steps()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("id", s.id());
            sm.put("description", s.description());
            sm.put("kind", s.kind().name());
            sm.put("phase", s.phase().name());
            sm.put("mutating", s.mutating());
            sm.put("idempotent", s.idempotent());
            sm.put("compensable", s.compensable());
            sm.put("outcome", s.outcome().name());
            sm.put("dependsOn", s.dependencies());
            sm.put("startedAt", str(s.startedAt()));
            sm.put("finishedAt", str(s.finishedAt()));
            sm.put("duration", str(s.duration()));
            sm.put("attempts", s.attempts());
            sm.put("calls", new TreeMap<>(s.calls()));
            sm.put("error", s.error());
            sm.put("notes", s.notes());
            sm.put("outputs", s.outputs());
            sm.put("compensatedAt", str(s.compensatedAt()));
            sm.put("compensationError", s.compensationError());
            steps.add(sm);
        }
        m.put("steps", steps);
        m.put("notes", r.notes());
        List<Map<String, Object>> inventory = new ArrayList<>();
        for (io.drplan.core.InventoryEntry e : r.inventory()) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("step", e.stepId());
            em.put("effect", e.effect().name());
            em.put("kind", e.resource().kind());
            em.put("id", e.resource().id());
            em.put("where", e.resource().where());
            em.put("before", e.before());
            em.put("after", e.after());
            em.put("undone", e.undone());
            em.put("leftBehind", r.leftBehind().contains(e));
            em.put("inspect", e.resource().inspect());
            em.put("remove", e.resource().remove());
            inventory.add(em);
        }
        m.put("inventory", inventory);
        return m;
    }

    public static String json(ExecutionReport r) {
        return Json.pretty(toMap(r));
    }

    public static String text(ExecutionReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("drplan ").append(r.mode().name().toLowerCase(Locale.ROOT)).append(" of ").append(r.planName()).append(": ")
                .append(r.source()).append(" -> ").append(r.target()).append(" (").append(r.tier()).append(")\n");
        sb.append("execution ").append(r.executionId()).append(", started ").append(r.startedAt())
                .append(", finished ").append(r.finishedAt()).append(" (").append(Durations.format(r.duration()))
                .append(")\n\n");
        Instant t0 = r.startedAt();
        long total = Math.max(1, Duration.between(t0, r.finishedAt()).toMillis());
        sb.append(String.format(Locale.ROOT, "  %-20s %-19s %9s %9s %4s  %s%n", "step", "outcome", "start", "duration", "try",
                "timeline"));
        for (StepReport s : r.steps()) {
            String start = s.startedAt() == null ? "-" : "+" + Durations.format(Duration.between(t0, s.startedAt()));
            sb.append(String.format(Locale.ROOT, "  %-20s %-19s %9s %9s %4s  %s%n", s.id(), s.outcome(), start,
                    Durations.format(s.duration()), s.started() ? String.valueOf(s.attempts()) : "-", bar(s, t0, total)));
            sb.append("      ").append(s.description()).append('\n');
            if (s.error() != null) {
                sb.append("      error: ").append(s.error()).append('\n');
            }
            for (String n : s.notes()) {
                sb.append("      note: ").append(n).append('\n');
            }
            if (s.compensationError() != null) {
                sb.append("      compensation failed: ").append(s.compensationError()).append('\n');
            }
        }
        sb.append('\n');
        sb.append("RTO: ").append(r.achievedRto() == null ? "not recovered"
                        : "achieved " + Durations.format(r.achievedRto()))
                .append(" against objective ").append(Durations.format(r.objectives().rto()))
                .append(r.achievedRto() == null ? "" : r.metRto() ? " -> met" : " -> MISSED")
                .append(" (critical path estimate ").append(Durations.format(r.criticalPath())).append(")\n");
        sb.append("RPO: ").append(r.rpo() == null ? "no data restored"
                        : "restore point " + r.restorePoint() + " is " + Durations.format(r.rpo()) + " old")
                .append(" against objective ").append(Durations.format(r.objectives().rpo()))
                .append(r.rpo() == null ? "" : r.metRpo() ? " -> met" : " -> MISSED").append(" (estimated)\n");
        sb.append("Measured data loss: ").append(r.measuredDataLoss() == null ? "not measured (no integrity check)"
                        : Durations.format(r.measuredDataLoss()) + " against objective "
                        + Durations.format(r.objectives().rpo()) + (r.measuredLossWithinRpo() ? " -> met" : " -> MISSED")
                        + r.measuredLossBeyondRpo().map(why -> " (" + why + ")").orElse(""))
                .append('\n');
        for (io.drplan.core.PhaseReport p : r.phases()) {
            sb.append("Phase ").append(p).append('\n');
        }
        if (r.mode() == io.drplan.core.Mode.DRILL) {
            sb.append("Fail-back: ").append(r.failedBack() ? "done" : "NOT complete")
                    .append(r.phase(io.drplan.core.RunPhase.FAILBACK).map(p -> " by " + p.how()).orElse(""))
                    .append('\n');
        }
        for (String n : r.notes()) {
            sb.append("Note: ").append(n).append('\n');
        }
        if (!r.inventory().isEmpty()) {
            sb.append("Inventory:\n");
            for (io.drplan.core.InventoryEntry e : r.inventory()) {
                sb.append("  ").append(e).append('\n');
                if (r.leftBehind().contains(e)) {
                    sb.append("      left behind; inspect: ").append(e.resource().inspect()).append('\n');
                    if (e.resource().remove() != null) {
                        sb.append("      remove: ").append(e.resource().remove()).append('\n');
                    }
                }
            }
        }
        sb.append("State: ").append(r.state()).append("   Verdict: ").append(r.verdict()).append('\n');
        return sb.toString();
    }

    private static String bar(StepReport s, Instant t0, long total) {
        if (s.startedAt() == null) {
            return "";
        }
        int from = (int) (Duration.between(t0, s.startedAt()).toMillis() * BAR / total);
        int to = s.finishedAt() == null ? from + 1
                : (int) Math.max(from + 1, Duration.between(t0, s.finishedAt()).toMillis() * BAR / total);
        char c = switch (s.outcome()) {
            case SUCCEEDED -> '#';
            case COMPENSATED -> '~';
            default -> 'x';
        };
        return "|" + " ".repeat(Math.min(from, BAR)) + String.valueOf(c).repeat(Math.max(1, Math.min(to, BAR) - from))
                + " ".repeat(Math.max(0, BAR - Math.max(to, from + 1))) + "|";
    }

    public static String markdown(ExecutionReport r) {
        return markdown(r, ReportOptions.defaults());
    }

    public static String markdown(ExecutionReport r, ReportOptions options) {
        return ReportMarkdown.render(r, options == null ? ReportOptions.defaults() : options);
    }

    public static String html(ExecutionReport r) {
        return html(r, ReportOptions.defaults());
    }

    public static String html(ExecutionReport r, ReportOptions options) {
        return ReportHtml.render(r, options == null ? ReportOptions.defaults() : options);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
