package io.drplan.core.internal;

import io.drplan.core.DrPlan;
import io.drplan.core.StepFailedException;
import io.drplan.core.event.ApprovalDecidedEvent;
import io.drplan.core.event.ApprovalRequestedEvent;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.Notifier;
import io.drplan.core.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Asks for a step's approval before its action runs: the role the step names first, then, when
 * nobody answers within the timeout, the next role of the plan's escalation chain. A request
 * nobody answered is withdrawn.
 */
final class ApprovalGate {
    /** Where the answer goes; called under the run's lock, only while the step still waits. */
    interface Decision {
        void approved(StepRecord s);

        void refused(StepRecord s, Throwable why);
    }

    private final DrPlan plan;
    private final String executionId;
    private final Approver approver;
    private final Duration timeout;
    private final Scheduler scheduler;
    private final EventSink events;
    private final Redactor redactor;
    private final Consumer<Runnable> underRunLock;

    /**
     * @param underRunLock runs the answer's bookkeeping under the run's lock (and ends the run on a bug)
     */
    ApprovalGate(DrPlan plan, String executionId, Approver approver, Duration timeout, Scheduler scheduler,
                 EventSink events, Redactor redactor, Consumer<Runnable> underRunLock) {
        this.plan = plan;
        this.executionId = executionId;
        this.approver = approver;
        this.timeout = timeout;
        this.scheduler = scheduler;
        this.events = events;
        this.redactor = redactor;
        this.underRunLock = underRunLock;
    }

    /** Asks the step's own role; call under the run's lock with the step in status APPROVAL. */
    void request(StepRecord s, Decision decision) {
        String role = s.step.approvalRole();
        request(s, plan.tier().escalation().indexOf(role), role, decision);
    }

    private void request(StepRecord s, int roleIndex, String role, Decision decision) {
        events.publish(new ApprovalRequestedEvent(executionId, scheduler.now(), s.id(), role, timeout));
        events.notify(Notifier.Severity.WARNING, role, "Approval needed: " + s.id(),
                "Plan " + plan.name() + " waits for " + role + " to approve: " + s.step.description());
        CompletableFuture<Approver.Decision> answer = new CompletableFuture<>();
        Scheduler.Cancellable timer = scheduler.schedule(timeout, () -> answer.complete(null));
        CompletionStage<Approver.Decision> asked;
        try {
            asked = approver.request(new Approver.ApprovalRequest(plan.name(), s.id(), s.step.description(), role,
                    timeout));
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        asked.whenComplete((d, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            } else {
                answer.complete(d);
            }
        });
        CompletionStage<Approver.Decision> request = asked;
        answer.whenComplete((d, e) -> underRunLock.accept(() -> {
            timer.cancel();
            // withdraw a request nobody answered (timeout, escalation, cancel), so the approver drops it
            request.toCompletableFuture().cancel(false);
            if (s.status == StepStatus.APPROVAL) {
                answered(s, roleIndex, role, d, e, decision);
            }
        }));
    }

    private void answered(StepRecord s, int roleIndex, String role, Approver.Decision d, Throwable e,
                          Decision decision) {
        if (e != null) {
            decision.refused(s, new StepFailedException("asking " + role + " for approval failed: "
                    + Failures.unwrap(e).getMessage()));
        } else if (d == null) {
            List<String> chain = plan.tier().escalation();
            int next = roleIndex + 1;
            events.publish(new ApprovalDecidedEvent(executionId, scheduler.now(), s.id(), role, false, "",
                    "no answer within " + timeout));
            if (!s.context.isCancelled() && next > 0 && next < chain.size()) {
                s.notes.add(role + " did not answer within " + timeout + "; escalated to " + chain.get(next));
                request(s, next, chain.get(next), decision);
            } else {
                decision.refused(s, new StepFailedException("approval by " + role + " was not given within "
                        + timeout + "; nobody is left to escalate to"));
            }
        } else {
            events.publish(new ApprovalDecidedEvent(executionId, scheduler.now(), s.id(), role, d.approved(), d.by(),
                    redactor.redact(d.comment())));
            if (d.approved()) {
                s.notes.add("approved by " + d.by() + " (" + role + ")");
                decision.approved(s);
            } else {
                decision.refused(s, new StepFailedException("rejected by " + d.by() + " (" + role + "): "
                        + d.comment()));
            }
        }
    }
}
