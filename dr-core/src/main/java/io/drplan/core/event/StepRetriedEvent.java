package io.drplan.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A call of a step failed with a retryable error and will be tried again after {@code delay}. */
public record StepRetriedEvent(String executionId, Instant at, String stepId, String operation, int attempt, Duration delay, String error) implements ExecutionEvent {
    @Override
    public String type() {
        return "step.retried";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operation", operation);
        m.put("attempt", attempt);
        m.put("delay", delay == null ? null : delay.toString());
        m.put("error", error);
        return m;
    }
}
