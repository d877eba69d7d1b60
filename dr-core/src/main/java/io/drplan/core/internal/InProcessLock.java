package io.drplan.core.internal;

import io.drplan.core.spi.ExecutionLock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** One execution per plan name within this JVM. Leases never expire: the holder releases them. */
public final class InProcessLock implements ExecutionLock {
    /** Shared by every engine of the JVM that does not set its own lock. */
    public static final InProcessLock SHARED = new InProcessLock();

    private final Map<String, String> holders = new ConcurrentHashMap<>();

    @Override
    public Optional<Lease> tryAcquire(String planName, String holder, Duration leaseDuration) {
        if (holders.putIfAbsent(planName, holder) != null) {
            return Optional.empty();
        }
        return Optional.of(new Lease() {
            @Override
            public String holder() {
                return holder;
            }

            @Override
            public boolean renew() {
                return holder.equals(holders.get(planName));
            }

            @Override
            public void close() {
                holders.remove(planName, holder);
            }
        });
    }

    @Override
    public Optional<String> currentHolder(String planName) {
        return Optional.ofNullable(holders.get(planName));
    }
}
