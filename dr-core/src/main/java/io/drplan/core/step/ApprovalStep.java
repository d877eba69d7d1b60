package io.drplan.core.step;

import io.drplan.core.StepKind;
import io.drplan.core.spi.Operation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A gate ({@code s.approval(role, question)}): nothing that runs after it starts until {@code role}
 * approves. It calls nothing and changes nothing.
 */
public final class ApprovalStep extends StepBuilder<ApprovalStep> {
    private final String role;
    private final String question;

    ApprovalStep(PlanRegions regions, String role, String question) {
        super(regions, StepKind.APPROVAL);
        this.role = role;
        this.question = question;
        requireApproval(role);
    }

    @Override
    StepAction action() {
        return new Gate(role, question);
    }

    private record Gate(String role, String question) implements StepAction {
        @Override
        public String description() {
            return "Approval by " + role + ": " + question;
        }

        @Override
        public List<Operation> operations() {
            return List.of();
        }


        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("approval question", question, "\"Fail over to us-west-2?\"", p);
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            return CompletableFuture.completedFuture(Map.of());
        }
    }
}
