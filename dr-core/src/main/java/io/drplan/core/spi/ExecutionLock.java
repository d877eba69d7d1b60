package io.drplan.core.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Makes sure only one execution of a plan runs at a time, across threads, processes or machines
 * depending on the implementation (in-process by default, a Kubernetes Lease in dr-k8s).
 */
public interface ExecutionLock {

    /**
     * Tries to take the lock for {@code planName} on behalf of {@code holder}.
     *
     * @return the lease, or empty when someone else holds it (see {@link #currentHolder})
     */
    Optional<Lease> tryAcquire(String planName, String holder, Duration leaseDuration);

    /** Who holds the lock for {@code planName} now, if anyone. */
    Optional<String> currentHolder(String planName);

    /** A held lock. Renew it before {@code leaseDuration} runs out; release it when done. */
    interface Lease extends AutoCloseable {
        String holder();

        /** Extends the lease; returns false when it was lost (taken over after expiry). */
        boolean renew();

        /** Releases the lease. */
        @Override
        void close();
    }
}
