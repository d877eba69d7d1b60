package io.drplan.core.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A step recorded a decision before acting on it (which snapshot it restores from), so that a
 * resumed execution makes the same one.
 */
public record StepCheckpointedEvent(String executionId, Instant at, String stepId, String key, Object value)
        implements ExecutionEvent {
    @Override
    public String type() {
        return "step.checkpointed";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("value", value);
        return m;
    }
}
