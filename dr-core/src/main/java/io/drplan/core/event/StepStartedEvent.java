package io.drplan.core.event;

import io.drplan.core.StepKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A step started; {@code kind} is journaled beside the description, so a journal alone tells what ran. */
public record StepStartedEvent(String executionId, Instant at, String stepId, String description, StepKind kind)
        implements ExecutionEvent {
    public StepStartedEvent {
        kind = kind == null ? StepKind.CUSTOM : kind;
    }

    /** A start of a step of kind {@link StepKind#CUSTOM}. */
    public StepStartedEvent(String executionId, Instant at, String stepId, String description) {
        this(executionId, at, stepId, description, StepKind.CUSTOM);
    }

    @Override
    public String type() {
        return "step.started";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", description);
        m.put("kind", kind.name());
        return m;
    }
}
