package io.drplan.core.spi;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Asks a person (or a policy) to approve a step before it runs: the runbook's "manual
 * intervention" for major incidents and any irreversible step.
 */
public interface Approver {

    /**
     * Asks for approval. The answer may come later; the engine applies the request's timeout and
     * escalates to the next role when it runs out.
     */
    CompletionStage<Decision> request(ApprovalRequest request);

    /** What is asked, of whom. */
    record ApprovalRequest(String planName, String stepId, String description, String role, Duration timeout) { }

    /** The answer: approved or not, by whom, and why. */
    record Decision(boolean approved, String by, String comment) {
        public static Decision approve(String by) {
            return new Decision(true, by, "");
        }

        public static Decision reject(String by, String comment) {
            return new Decision(false, by, comment);
        }
    }
}
