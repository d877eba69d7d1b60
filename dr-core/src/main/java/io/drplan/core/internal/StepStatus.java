package io.drplan.core.internal;

import io.drplan.core.StepOutcome;

/** Lifecycle of a step within a run. */
enum StepStatus {
    PENDING, APPROVAL, RUNNING, SUCCEEDED, FAILED, CANCELLED, NOT_RUN, COMPENSATED, COMPENSATION_FAILED;

    /** How the report shows a step in this status. */
    StepOutcome outcome() {
        return switch (this) {
            case SUCCEEDED -> StepOutcome.SUCCEEDED;
            case FAILED -> StepOutcome.FAILED;
            case CANCELLED, APPROVAL, RUNNING -> StepOutcome.CANCELLED;
            case COMPENSATED -> StepOutcome.COMPENSATED;
            case COMPENSATION_FAILED -> StepOutcome.COMPENSATION_FAILED;
            default -> StepOutcome.NOT_RUN;
        };
    }
}
