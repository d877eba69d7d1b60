package io.drplan.core;

import java.util.concurrent.CompletableFuture;

/** A running execution: its id, a way to cancel it, and its report when it finishes. */
public interface Execution {
    /** The id its journal and report carry. */
    String id();

    /** Stops starting steps, tells running ones to stop, then compensates as the plan says. */
    void cancel(String reason);

    /** The report, once the execution has finished (compensation included). */
    CompletableFuture<ExecutionReport> result();
}
