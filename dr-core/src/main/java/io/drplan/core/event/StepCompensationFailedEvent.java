package io.drplan.core.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Undoing a step failed; people must act. */
public record StepCompensationFailedEvent(String executionId, Instant at, String stepId, String error) implements ExecutionEvent {
    @Override
    public String type() {
        return "step.compensation-failed";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        return m;
    }
}
