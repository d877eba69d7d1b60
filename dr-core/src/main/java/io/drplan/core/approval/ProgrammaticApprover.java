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
 * approvals.approve("vibe-region-failover", "restore-db", "dana");
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
        String key = key(request.planName(), request.stepId());
        CompletableFuture<Decision> previous = pending.put(key, f);
        if (previous != null) {
            previous.cancel(false); // escalated: the earlier role's request is superseded
        }
        requests.put(key, request);
        // the engine withdraws a request nobody answered in time: forget it
        f.whenComplete((d, e) -> {
            if (f.isCancelled()) {
                pending.remove(key, f);
                requests.remove(key, request);
            }
        });
        onRequest.accept(request);
        return f;
    }

    /** The requests waiting for an answer. */
    public List<ApprovalRequest> waiting() {
        return requests.entrySet().stream().filter(e -> pending.containsKey(e.getKey())).map(Map.Entry::getValue)
                .toList();
    }

    /** Approves the waiting request of step {@code stepId} of plan {@code planName}; false when none waits. */
    public boolean approve(String planName, String stepId, String by) {
        return answer(key(planName, stepId), Decision.approve(by));
    }

    /** Rejects the waiting request of step {@code stepId} of plan {@code planName}; false when none waits. */
    public boolean reject(String planName, String stepId, String by, String comment) {
        return answer(key(planName, stepId), Decision.reject(by, comment));
    }

    private boolean answer(String key, Decision d) {
        CompletableFuture<Decision> f = pending.remove(key);
        requests.remove(key);
        return f != null && f.complete(d);
    }

    /** Plans run one execution at a time (the lock), so plan and step name a request. */
    private static String key(String planName, String stepId) {
        return planName + "\u0000" + stepId;
    }
}
