package io.drplan.core.step;

import io.drplan.core.StepFailedException;
import io.drplan.core.spi.ProviderException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Small helpers shared by the built-in actions. */
final class Steps {
    private Steps() { }

    static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    static <T> CompletionStage<T> failed(String message) {
        return CompletableFuture.failedFuture(new StepFailedException(message));
    }

    static CompletionStage<Map<String, Object>> outputs(Map<String, Object> outputs) {
        return CompletableFuture.completedFuture(outputs);
    }

    static <T> T orElseThrow(Optional<T> value, String message) {
        return value.orElseThrow(() -> new StepFailedException(message));
    }

    /** The failure inside a future's {@link java.util.concurrent.CompletionException}. */
    static Throwable cause(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** A probe failure that means "not there yet" rather than "broken". */
    static boolean isTransient(Throwable t) {
        return t instanceof ProviderException p && p.isRetryable();
    }
}
