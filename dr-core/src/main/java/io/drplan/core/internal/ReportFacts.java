package io.drplan.core.internal;

import io.drplan.core.ExecutionReport;
import io.drplan.core.Mode;
import io.drplan.core.ReportOptions;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.runbook.DrillChecklist;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the Markdown and HTML reports derive from an execution report, computed once. Internal. */
final class ReportFacts {
    final ExecutionReport report;
    final ReportOptions options;
    /** The origin of every offset: the incident's start, or the execution's when that is earlier. */
    final Instant origin;
    /** The steps whose chain of dependencies decided when the run ended (its achieved critical path). */
    final Set<String> criticalPath;
    /** The preview's planned critical path, empty without a preview. */
    final Set<String> plannedCriticalPath;
    /** The drill checklist: given, or evaluated from a drill's report; null for an execution. */
    final DrillChecklist checklist;
    /** Every step's estimate from the preview, empty without one. */
    final Map<String, Duration> estimates;

    ReportFacts(ExecutionReport report, ReportOptions options) {
        this.report = report;
        this.options = options;
        Instant incident = report.incidentStartedAt() == null ? report.startedAt() : report.incidentStartedAt();
        this.origin = incident.isBefore(report.startedAt()) ? incident : report.startedAt();
        this.criticalPath = achievedCriticalPath(report);
        this.plannedCriticalPath = options.preview() == null ? Set.of()
                : new LinkedHashSet<>(options.preview().criticalPath());
        this.checklist = options.checklist() != null ? options.checklist()
                : report.mode() == Mode.DRILL ? DrillChecklist.evaluate(report) : null;
        this.estimates = options.preview() == null ? Map.of() : options.preview().steps().stream()
                .collect(Collectors.toMap(p -> p.step().id(), p -> p.estimate(), (a, b) -> a));
    }

    /** The instant of the RTO objective: incident start plus the objective. */
    Instant rtoDeadline() {
        Instant incident = report.incidentStartedAt() == null ? report.startedAt() : report.incidentStartedAt();
        return incident.plus(report.objectives().rto());
    }

    /** {@code at} as an offset from the origin, {@code +12m 07s}; "-" for null. */
    String offset(Instant at) {
        return at == null ? "-" : "+" + io.drplan.core.Durations.format(Duration.between(origin, at));
    }

    /** Steps whose forward effect was undone, and steps whose undoing failed. */
    List<StepReport> compensated() {
        return report.steps().stream().filter(s -> s.compensatedAt() != null || s.compensationError() != null)
                .toList();
    }

    /** Steps that succeeded and were not undone (in a drill: what the fail-back left in place). */
    List<StepReport> keptInPlace() {
        return report.steps().stream().filter(s -> s.outcome() == StepOutcome.SUCCEEDED && s.compensatedAt() == null)
                .toList();
    }

    /**
     * The chain that ended last: from the forward step that finished last, back through the
     * dependency that finished last, to a step with none. This is what the run waited for; the
     * preview's critical path is the same chain by estimates.
     */
    static Set<String> achievedCriticalPath(ExecutionReport r) {
        Map<String, StepReport> byId = r.steps().stream()
                .collect(Collectors.toMap(StepReport::id, Function.identity(), (a, b) -> a));
        // of the steps that finished last, the one latest in the plan's order: a leaf, not its dependency
        Optional<StepReport> last = Optional.empty();
        for (StepReport s : r.steps()) {
            if (s.finishedAt() != null && (last.isEmpty() || !s.finishedAt().isBefore(last.get().finishedAt()))) {
                last = Optional.of(s);
            }
        }
        List<String> chain = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        StepReport at = last.orElse(null);
        while (at != null && seen.add(at.id())) {
            chain.add(at.id());
            at = at.dependencies().stream().map(byId::get)
                    .filter(d -> d != null && d.finishedAt() != null)
                    .max((a, b) -> a.finishedAt().compareTo(b.finishedAt())).orElse(null);
        }
        Collections.reverse(chain);
        return new LinkedHashSet<>(chain);
    }
}
