package io.drplan.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a plan could run now, from read-only checks of the account: every problem that would make
 * the engine refuse to start it (a missing provider, a hosted zone or snapshot that does not exist),
 * and what each step would use (the snapshot and its age against the RPO). Made by {@code
 * DrEngine.readiness(plan)}, which changes nothing; a host service can schedule it (as AWS ARC Region
 * switch evaluates its plans every 30 minutes) and page when {@link #ready()} turns false.
 *
 * @param problems every problem found, each naming the step, the id and the fix
 * @param uses     per step (in plan order), what it would use if it ran now
 */
public record ReadinessReport(String planName, Instant checkedAt, List<String> problems,
                              Map<String, List<String>> uses) {
    public ReadinessReport {
        problems = List.copyOf(problems);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        uses.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        uses = java.util.Collections.unmodifiableMap(copy);
    }

    /** No problem found: the plan could start now. */
    public boolean ready() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Readiness of plan ").append(planName).append(" at ").append(checkedAt)
                .append(": ").append(ready() ? "READY" : "NOT READY (" + problems.size() + " problem"
                        + (problems.size() == 1 ? "" : "s") + ")").append('\n');
        problems.forEach(p -> b.append("  - ").append(p).append('\n'));
        uses.forEach((step, lines) -> lines.forEach(l -> b.append("  ").append(step).append(": ").append(l)
                .append('\n')));
        return b.toString();
    }
}
