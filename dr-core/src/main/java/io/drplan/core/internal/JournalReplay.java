package io.drplan.core.internal;

import io.drplan.core.DrException;
import io.drplan.core.DrPlan;
import io.drplan.core.Mode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a journal says about a crashed execution: when it started, which steps completed (with
 * their outputs) and which were in flight. Reading checks everything before anything is used, so
 * unknown or corrupted input changes nothing. Internal.
 */
public final class JournalReplay {
    private final String executionId;
    private final Instant startedAt;
    private final Map<String, Completed> completed;
    private final Set<String> inFlight;
    private final Map<String, Map<String, Object>> checkpoints;
    private Mode mode = Mode.EXECUTE;
    private Instant incidentStartedAt;

    record Completed(Instant start, Instant end, Map<String, Object> outputs, int attempts) { }

    record Failed(Instant start, Instant end, String error, boolean cancelled) { }

    private final Map<String, Failed> failed = new LinkedHashMap<>();
    private final Map<String, Instant> compensated = new LinkedHashMap<>();

    private JournalReplay(String executionId, Instant startedAt, Map<String, Completed> completed, Set<String> inFlight,
                          Map<String, Map<String, Object>> checkpoints) {
        this.checkpoints = checkpoints;
        this.executionId = executionId;
        this.startedAt = startedAt;
        this.completed = completed;
        this.inFlight = inFlight;
    }

    public String executionId() {
        return executionId;
    }

    /** How the crashed execution ran: a resumed drill stays a drill (and fails back). */
    public Mode mode() {
        return mode;
    }

    /** When the incident began, as the crashed execution recorded it (RTO and RPO stay measured from it). */
    public Instant incidentStartedAt() {
        return incidentStartedAt;
    }

    /** Steps the journal shows as completed. */
    public Set<String> completedSteps() {
        return completed.keySet();
    }

    /** Steps the journal shows as started but not finished. */
    public Set<String> inFlightSteps() {
        return inFlight;
    }

    /**
     * Reads the lines of the journal of {@code executionId} for {@code plan}.
     *
     * @throws DrException naming the line and the problem when the journal is empty, corrupted,
     *                     of another plan or execution, or of an execution that already finished
     */
    @SuppressWarnings("unchecked")
    public static JournalReplay read(DrPlan plan, String executionId, List<String> lines) {
        if (lines.isEmpty()) {
            throw new DrException("no journal for execution '" + executionId + "'; check the id and the journal store");
        }
        Instant startedAt = null;
        Mode mode = Mode.EXECUTE;
        Instant incident = null;
        Map<String, Completed> completed = new LinkedHashMap<>();
        Map<String, Instant> started = new LinkedHashMap<>();
        Map<String, Integer> attempts = new LinkedHashMap<>();
        Map<String, Map<String, Object>> checkpoints = new LinkedHashMap<>();
        Map<String, Failed> failed = new LinkedHashMap<>();
        Map<String, Instant> compensated = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String where = "journal of execution '" + executionId + "' line " + (n + 1);
            Map<String, Object> e;
            try {
                Object parsed = Json.parse(lines.get(n));
                if (!(parsed instanceof Map)) {
                    throw new IllegalArgumentException("a JSON object per line");
                }
                e = (Map<String, Object>) parsed;
            } catch (IllegalArgumentException ex) {
                if (n == lines.size() - 1 && n > 0) {
                    break; // a torn last line: the process died while writing it; the action it records never ran
                }
                throw new DrException(where + " is not valid: " + ex.getMessage() + "; the journal is corrupted,"
                        + " nothing was resumed");
            }
            Object v = e.get("v");
            if (!(v instanceof Long l) || l != JournalCodec.VERSION) {
                throw new DrException(where + " has format version " + v + "; this drplan reads version "
                        + JournalCodec.VERSION + ", nothing was resumed");
            }
            if (!executionId.equals(e.get("executionId"))) {
                throw new DrException(where + " belongs to execution '" + e.get("executionId")
                        + "'; nothing was resumed");
            }
            String type = String.valueOf(e.get("type"));
            Instant at = instant(e.get("at"), where);
            String stepId = (String) e.get("stepId");
            if (stepId != null && plan.step(stepId).isEmpty()) {
                throw new DrException(where + " names step '" + stepId + "', which plan '" + plan.name()
                        + "' does not have; resume with the plan that started the execution");
            }
            if (n == 0 && !"execution.started".equals(type)) {
                throw new DrException(where + " is '" + type + "', not 'execution.started'; the journal is corrupted,"
                        + " nothing was resumed");
            }
            switch (type) {
                case "execution.started" -> {
                    if (!plan.name().equals(e.get("planName"))) {
                        throw new DrException(where + " is of plan '" + e.get("planName") + "', not '" + plan.name()
                                + "'; resume with the plan that started the execution");
                    }
                    if (startedAt == null) {
                        startedAt = at;
                        try {
                            mode = Mode.valueOf(String.valueOf(e.getOrDefault("mode", "EXECUTE")));
                        } catch (IllegalArgumentException bad) {
                            throw new DrException(where + " has mode '" + e.get("mode") + "', which is not one of "
                                    + java.util.Arrays.toString(Mode.values()) + "; nothing was resumed");
                        }
                        if (e.get("incidentStartedAt") != null) {
                            incident = instant(e.get("incidentStartedAt"), where);
                        }
                    }
                }
                case "step.started" -> started.put(stepId, at);
                case "step.retried" -> attempts.merge(stepId, 1, Integer::sum);
                case "step.checkpointed" -> checkpoints.computeIfAbsent(stepId, k -> new LinkedHashMap<>())
                        .put(String.valueOf(e.get("key")), e.get("value"));
                case "step.succeeded" -> {
                    Map<String, Object> outputs = new LinkedHashMap<>((Map<String, Object>) e.getOrDefault("outputs",
                            Map.of()));
                    if (outputs.get("restorePoint") instanceof String s) {
                        outputs.put("restorePoint", instant(s, where));
                    }
                    completed.put(stepId, new Completed(started.getOrDefault(stepId, at), at, outputs,
                            1 + attempts.getOrDefault(stepId, 0)));
                }
                case "step.failed" -> failed.put(stepId, new Failed(started.getOrDefault(stepId, at), at,
                        String.valueOf(e.get("error")), "CANCELLED".equals(e.get("outcome"))));
                case "step.compensated" -> compensated.put(stepId, at);
                case "step.compensation-failed" -> throw new DrException("execution '" + executionId
                        + "' stopped undoing its steps when undoing step '" + stepId + "' failed (" + where + "): "
                        + e.get("error") + "; people must act, there is nothing left to resume");
                case "execution.finished" -> throw new DrException("execution '" + executionId
                        + "' already finished with state " + e.get("state") + "; there is nothing to resume");
                default -> {
                    // progress, approvals: informative only
                }
            }
        }
        Set<String> inFlight = new LinkedHashSet<>(started.keySet());
        inFlight.removeAll(completed.keySet());
        inFlight.removeAll(failed.keySet());
        JournalReplay replay = new JournalReplay(executionId, startedAt, completed, inFlight, checkpoints);
        replay.mode = mode;
        replay.failed.putAll(failed);
        replay.compensated.putAll(compensated);
        replay.incidentStartedAt = incident;
        return replay;
    }

    private static Instant instant(Object o, String where) {
        try {
            return Instant.parse(String.valueOf(o));
        } catch (DateTimeParseException e) {
            throw new DrException(where + " has time '" + o + "', which is not an ISO-8601 instant; nothing was resumed");
        }
    }

    /** Rebuilds the crashed run's state through its replay transitions. */
    void applyTo(RunState run) {
        run.restoreStartedAt(startedAt);
        completed.forEach((id, c) -> run.restoreSucceeded(id, c.start(), c.end(), c.outputs(), c.attempts()));
        for (String id : inFlight) {
            run.restoreInFlight(id, checkpoints.getOrDefault(id, Map.of()));
        }
        // a run that had failed, or had begun undoing, goes on undoing rather than forward
        failed.forEach((id, f) -> run.restoreFailed(id, f.start(), f.end(), f.error(), f.cancelled()));
        compensated.forEach(run::restoreCompensated);
        checkpoints.forEach((id, kept) -> kept.forEach((key, value) -> {
            if (key.startsWith(RunStepContext.INVENTORY)) {
                run.restoreInventory(id, RunStepContext.decode(id, value));
            }
        }));
    }
}
