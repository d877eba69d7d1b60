package io.drplan.core.approval;

import io.drplan.core.spi.Approver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Approvals for host services: requests wait until the host calls {@link #approve} or
 * {@link #reject} (from its own UI, chat-ops command or API), and {@code onRequest} lets it tell
 * people a request is waiting.
 *
 * <pre>{@code
 * ProgrammaticApprover approvals = ProgrammaticApprover.create(req -> chat.post("approve " + req.stepId() + "?"));
 * // later, from the chat command handler:
 * approvals.approve("restore-db", "dana");
 * }</pre>
 */
public final class ProgrammaticApprover implements Approver {
    private final Map<String, CompletableFuture<Decision>> pending = new ConcurrentHashMap<>();
    private final Map<String, ApprovalRequest> requests = new ConcurrentHashMap<>();
    private final Consumer<ApprovalRequest> onRequest;

    private ProgrammaticApprover(Consumer<ApprovalRequest> onRequest) {
        this.onRequest = onRequest;
    }

    /** An approver that calls {@code onRequest} for every new request. */
    public static ProgrammaticApprover create(Consumer<ApprovalRequest> onRequest) {
        return new ProgrammaticApprover(onRequest);
    }

    @Override
    public CompletionStage<Decision> request(ApprovalRequest request) {
        CompletableFuture<Decision> f = new CompletableFuture<>();
        CompletableFuture<Decision> previous = pending.put(request.stepId(), f);
        if (previous != null) {
            previous.cancel(false); // escalated: the earlier role's request is superseded
        }
        requests.put(request.stepId(), request);
        onRequest.accept(request);
        return f;
    }

    /** The requests waiting for an answer. */
    public List<ApprovalRequest> waiting() {
        return requests.values().stream().filter(r -> pending.containsKey(r.stepId())).toList();
    }

    /** Approves the waiting request of {@code stepId}; returns false when none waits. */
    public boolean approve(String stepId, String by) {
        return answer(stepId, Decision.approve(by));
    }

    /** Rejects the waiting request of {@code stepId}; returns false when none waits. */
    public boolean reject(String stepId, String by, String comment) {
        return answer(stepId, Decision.reject(by, comment));
    }

    private boolean answer(String stepId, Decision d) {
        CompletableFuture<Decision> f = pending.remove(stepId);
        requests.remove(stepId);
        return f != null && f.complete(d);
    }
}
