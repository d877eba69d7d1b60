package io.drplan.core.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A step failed, timed out or was cancelled. */
public record StepFailedEvent(String executionId, Instant at, String stepId, String outcome, String error) implements ExecutionEvent {
    @Override
    public String type() {
        return "step.failed";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", outcome);
        m.put("error", error);
        return m;
    }
}
