package io.drplan.testkit.fake;

import io.drplan.core.spi.Approver;
import io.drplan.core.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An approver that answers in virtual time: by default it approves every request at once as
 * {@code fake-approver}. Tests make a person slow ({@link #answerAfter}), reject a step
 * ({@link #reject}) or never answer ({@link #neverAnswer}) to exercise approval timeouts.
 *
 * <pre>{@code
 * cloud.approver().answerAfter(Duration.ofMinutes(5)).reject("restore-db", "not during the sale");
 * }</pre>
 */
public final class FakeApprover implements Approver {
    private final Scheduler time;
    private final List<ApprovalRequest> requests = new ArrayList<>();
    private final Map<String, String> rejections = new HashMap<>();
    private Duration delay = Duration.ZERO;
    private boolean silent;

    FakeApprover(Scheduler time) {
        this.time = time;
    }

    /** Answers each request after {@code delay} of virtual time. */
    public FakeApprover answerAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative but was " + delay);
        }
        this.delay = delay;
        return this;
    }

    /** Rejects requests for {@code stepId} with {@code comment}. */
    public FakeApprover reject(String stepId, String comment) {
        rejections.put(Objects.requireNonNull(stepId, "stepId"), Objects.requireNonNull(comment, "comment"));
        return this;
    }

    /** Never answers (the engine's approval timeout must fire). */
    public FakeApprover neverAnswer() {
        this.silent = true;
        return this;
    }

    /** Every request received, in order. */
    public List<ApprovalRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public CompletionStage<Decision> request(ApprovalRequest request) {
        requests.add(request);
        CompletableFuture<Decision> answer = new CompletableFuture<>();
        if (silent) {
            return answer;
        }
        String comment = rejections.get(request.stepId());
        Decision decision = comment == null ? Decision.approve("fake-approver") : Decision.reject("fake-approver", comment);
        time.schedule(delay, () -> answer.complete(decision));
        return answer;
    }

    @Override
    public String toString() {
        return "FakeApprover[requests=" + requests.size() + ", delay=" + delay + "]";
    }
}
