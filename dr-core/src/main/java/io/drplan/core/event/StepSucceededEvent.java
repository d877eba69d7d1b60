package io.drplan.core.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A step succeeded; {@code outputs} holds its journal-safe outputs. */
public record StepSucceededEvent(String executionId, Instant at, String stepId, Map<String, Object> outputs, boolean adopted) implements ExecutionEvent {
    @Override
    public String type() {
        return "step.succeeded";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outputs", outputs);
        m.put("adopted", adopted);
        return m;
    }
}
