package io.drplan.core;

import io.drplan.core.internal.Run;
import java.util.concurrent.CompletableFuture;

/** The caller's {@link Execution} of a {@link Run}: its id, its cancellation and its report. */
final class RunHandle {
    private RunHandle() { }

    static Execution of(Run run) {
        return new Execution() {
            @Override
            public String id() {
                return run.id();
            }

            @Override
            public void cancel(String reason) {
                run.cancel(reason);
            }

            @Override
            public CompletableFuture<ExecutionReport> result() {
                return run.result();
            }
        };
    }
}
