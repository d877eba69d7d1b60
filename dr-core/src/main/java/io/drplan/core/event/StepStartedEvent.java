package io.drplan.core.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A step started. */
public record StepStartedEvent(String executionId, Instant at, String stepId, String description) implements ExecutionEvent {
    @Override
    public String type() {
        return "step.started";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", description);
        return m;
    }
}
