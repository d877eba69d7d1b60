package io.drplan.core.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A step reported progress (a poll saw a new status). */
public record StepProgressedEvent(String executionId, Instant at, String stepId, String message) implements ExecutionEvent {
    @Override
    public String type() {
        return "step.progressed";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", message);
        return m;
    }
}
