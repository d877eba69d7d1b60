package io.drplan.core.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Someone approved or rejected a step (or nobody answered in time). */
public record ApprovalDecidedEvent(String executionId, Instant at, String stepId, String role, boolean approved, String by, String comment) implements ExecutionEvent {
    @Override
    public String type() {
        return "approval.decided";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("approved", approved);
        m.put("by", by);
        m.put("comment", comment);
        return m;
    }
}
