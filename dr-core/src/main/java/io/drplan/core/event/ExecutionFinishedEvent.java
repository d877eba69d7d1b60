package io.drplan.core.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An execution finished. */
public record ExecutionFinishedEvent(String executionId, Instant at, String state, String verdict) implements ExecutionEvent {
    @Override
    public String type() {
        return "execution.finished";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state);
        m.put("verdict", verdict);
        return m;
    }
}
