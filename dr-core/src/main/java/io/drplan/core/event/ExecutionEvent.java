package io.drplan.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened in an execution. Listeners receive every event as it happens, and the
 * journal records each as one JSON line ({@link #type()} plus {@link #fields()}). Texts in events
 * are already redacted: no secret value reaches a listener.
 */
public sealed interface ExecutionEvent permits ExecutionStartedEvent, StepStartedEvent, ApprovalRequestedEvent,
        ApprovalDecidedEvent, StepRetriedEvent, StepProgressedEvent, StepSucceededEvent, StepFailedEvent,
        StepCompensatedEvent, StepCompensationFailedEvent, ExecutionFinishedEvent, StepCheckpointedEvent {

    /** The execution. */
    String executionId();

    /** When it happened, on the engine's clock. */
    Instant at();

    /** The step, or null for execution-level events. */
    default String stepId() {
        return null;
    }

    /** The journal's name for this kind of event, e.g. {@code step.succeeded}. */
    String type();

    /** The event's data for the journal (JSON-friendly values only). */
    Map<String, Object> fields();
}
