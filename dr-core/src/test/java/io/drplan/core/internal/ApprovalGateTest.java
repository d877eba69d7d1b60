package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrPlan;
import io.drplan.core.Roles;
import io.drplan.core.spi.Approver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ApprovalGateTest {
    private final RunFixtures f = new RunFixtures();
    private final DrPlan plan = RunFixtures.plan()
            .step("promote", s -> s.custom("promote the replica", RunFixtures::nothing).requireApproval(Roles.DEVOPS_LEAD))
            .build();
    private final RunState state = new RunState(PlanGraph.of(plan.steps()));
    private final StepRecord step = state.record("promote");
    private final List<CompletableFuture<Approver.Decision>> asked = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();
    private final List<String> outcome = new ArrayList<>();
    private final Approver approver = r -> {
        roles.add(r.role());
        CompletableFuture<Approver.Decision> answer = new CompletableFuture<>();
        asked.add(answer);
        return answer;
    };
    private final ApprovalGate gate = new ApprovalGate(plan, "e1", approver, Duration.ofMinutes(10), f.time, f.sink,
            new Redactor(), f::underLock);

    private final ApprovalGate.Decision decision = new ApprovalGate.Decision() {
        @Override
        public void approved(StepRecord s) {
            outcome.add("approved " + s.id());
        }

        @Override
        public void refused(StepRecord s, Throwable why) {
            outcome.add("refused: " + why.getMessage());
        }
    };

    private void ask() {
        f.context(state, plan, "promote", approver);
        state.awaitApproval(step);
        f.underLock(() -> gate.request(step, decision));
    }

    @Test
    void request_unanswered_escalatesThenFailsWhenNobodyIsLeft() {
        ask();

        f.time.advance(Duration.ofMinutes(10));
        assertThat(roles).containsExactly(Roles.DEVOPS_LEAD, Roles.ENGINEERING_MANAGER);
        assertThat(asked.get(0)).isCancelled();   // the unanswered request was withdrawn
        assertThat(step.notes).containsExactly(Roles.DEVOPS_LEAD + " did not answer within PT10M; escalated to "
                + Roles.ENGINEERING_MANAGER);
        assertThat(outcome).isEmpty();

        f.time.advance(Duration.ofMinutes(10));
        assertThat(outcome).containsExactly("refused: approval by " + Roles.ENGINEERING_MANAGER
                + " was not given within PT10M; nobody is left to escalate to");
        assertThat(f.eventTypes()).containsExactly("approval.requested", "approval.decided", "approval.requested",
                "approval.decided");
    }

    @Test
    void request_approved_notesWhoApproved() {
        ask();

        asked.get(0).complete(Approver.Decision.approve("alice"));
        f.time.runDue();

        assertThat(outcome).containsExactly("approved promote");
        assertThat(step.notes).containsExactly("approved by alice (" + Roles.DEVOPS_LEAD + ")");
    }

    @Test
    void request_rejected_refusesNamingWhoAndWhy() {
        ask();

        asked.get(0).complete(Approver.Decision.reject("bob", "not during the sale"));

        assertThat(outcome).containsExactly("refused: rejected by bob (" + Roles.DEVOPS_LEAD
                + "): not during the sale");
    }

    @Test
    void answer_afterTheStepStoppedWaiting_isIgnored() {
        ask();
        state.actionStarted(step);   // e.g. cancelled meanwhile

        asked.get(0).complete(Approver.Decision.approve("alice"));

        assertThat(outcome).isEmpty();
    }
}
