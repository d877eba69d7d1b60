package io.drplan.core.internal;

import io.drplan.core.spi.ExecutionLock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One execution per plan name within this JVM. Leases never expire: the holder releases them. Each
 * acquisition has its own token, so a stale lease can neither renew nor release a newer one, even
 * when both name the same holder.
 */
public final class InProcessLock implements ExecutionLock {
    /** Shared by every engine of the JVM that does not set its own lock. */
    public static final InProcessLock SHARED = new InProcessLock();

    private record Owner(String holder, long token) { }

    private final Map<String, Owner> owners = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();

    @Override
    public Optional<Lease> tryAcquire(String planName, String holder, Duration leaseDuration) {
        Owner me = new Owner(holder, tokens.incrementAndGet());
        if (owners.putIfAbsent(planName, me) != null) {
            return Optional.empty();
        }
        return Optional.of(new Lease() {
            @Override
            public String holder() {
                return holder;
            }

            @Override
            public boolean renew() {
                return me.equals(owners.get(planName));
            }

            @Override
            public void close() {
                owners.remove(planName, me);
            }
        });
    }

    @Override
    public Optional<String> currentHolder(String planName) {
        return Optional.ofNullable(owners.get(planName)).map(Owner::holder);
    }
}
