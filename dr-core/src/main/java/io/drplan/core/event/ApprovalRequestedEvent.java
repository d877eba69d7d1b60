package io.drplan.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A step asked a role for approval. */
public record ApprovalRequestedEvent(String executionId, Instant at, String stepId, String role, Duration timeout) implements ExecutionEvent {
    @Override
    public String type() {
        return "approval.requested";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("timeout", timeout == null ? null : timeout.toString());
        return m;
    }
}
