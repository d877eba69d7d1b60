package io.drplan.core.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An execution started (or resumed). */
public record ExecutionStartedEvent(String executionId, Instant at, String planName, String mode, String source, String target, String holder, boolean resumed, List<String> notes, Instant incidentStartedAt) implements ExecutionEvent {
    @Override
    public String type() {
        return "execution.started";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("planName", planName);
        m.put("mode", mode);
        m.put("source", source);
        m.put("target", target);
        m.put("holder", holder);
        m.put("resumed", resumed);
        m.put("notes", notes);
        m.put("incidentStartedAt", incidentStartedAt == null ? null : incidentStartedAt.toString());
        return m;
    }
}
