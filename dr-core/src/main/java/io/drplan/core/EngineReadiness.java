package io.drplan.core;

import io.drplan.core.internal.Preflight;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What {@link DrEngine#readiness}, {@link DrEngine#inspect} and the permissions read from a plan, changing nothing. */
final class EngineReadiness {
    private EngineReadiness() { }

    /** The readiness report of {@code plan} at {@code now}: preflight's problems and what each step would use. */
    static ReadinessReport readiness(DrPlan plan, Providers providers, Approver approver, Instant now) {
        List<String> problems = Preflight.problems(plan, providers, approver, now, s -> true);
        Duration rpo = plan.objectives() == null ? null : plan.objectives().rpo();
        java.util.Map<String, List<String>> uses = new java.util.LinkedHashMap<>();
        for (io.drplan.core.step.Step s : plan.orderedSteps()) {
            if (!Preflight.canRun(s, providers)) {
                continue;
            }
            try {
                List<String> lines = s.action().inspect(providers, now, rpo);
                if (!lines.isEmpty()) {
                    uses.put(s.id(), lines);
                }
            } catch (RuntimeException e) {
                uses.put(s.id(), List.of("could not be read: " + e.getMessage()));
            }
        }
        return new ReadinessReport(plan.name(), now, problems, uses);
    }

    /** Every step's inspection lines, prefixed with its id; provider errors become lines. */
    static List<String> inspect(DrPlan plan, Providers providers, Scheduler scheduler) {
        List<String> out = new ArrayList<>();
        Duration rpo = plan.objectives() == null ? null : plan.objectives().rpo();
        for (io.drplan.core.step.Step s : plan.steps()) {
            try {
                for (String line : s.action().inspect(providers, scheduler.now(), rpo)) {
                    out.add(s.id() + ": " + line);
                }
            } catch (RuntimeException e) {
                out.add(s.id() + ": could not be inspected (" + e.getMessage() + ")");
            }
        }
        return List.copyOf(out);
    }

    /** The permissions the previewed operations need, as far as the providers' catalogs know: distinct, sorted. */
    static List<String> permissions(PlanPreview preview, Providers providers) {
        List<String> out = new ArrayList<>();
        for (Operation op : preview.operations()) {
            out.addAll(providers.permissionsFor(op));
        }
        return out.stream().distinct().sorted().toList();
    }
}
