package io.drplan.core.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A step was undone. */
public record StepCompensatedEvent(String executionId, Instant at, String stepId) implements ExecutionEvent {
    @Override
    public String type() {
        return "step.compensated";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        return m;
    }
}
