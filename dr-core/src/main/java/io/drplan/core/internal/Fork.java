package io.drplan.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A blocking read started on an executor and joined by the thread that wants its answer: whichever
 * of the two comes first runs it, so a busy or virtual executor (whose tasks run only when its
 * loop is driven) never leaves the caller waiting, and on virtual time reads run in the order they
 * are joined, deterministically. Internal.
 */
final class Fork<T> implements Supplier<T> {
    private final Supplier<T> read;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CompletableFuture<T> result = new CompletableFuture<>();

    private Fork(Supplier<T> read) {
        this.read = read;
    }

    /** Starts {@code read} on {@code executor}; {@link #get()} gives its answer or throws its failure. */
    static <T> Fork<T> start(Supplier<T> read, Executor executor) {
        Fork<T> f = new Fork<>(read);
        try {
            executor.execute(f::runIfUnclaimed);
        } catch (RejectedExecutionException e) {
            // the caller runs it when it asks for the answer
        }
        return f;
    }

    private void runIfUnclaimed() {
        if (claimed.compareAndSet(false, true)) {
            try {
                result.complete(read.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }

    @Override
    public T get() {
        runIfUnclaimed();
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
