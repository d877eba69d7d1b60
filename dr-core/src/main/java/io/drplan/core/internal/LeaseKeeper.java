package io.drplan.core.internal;

import io.drplan.core.Durations;
import io.drplan.core.ExecutionRefusedException;
import io.drplan.core.spi.ExecutionLock;
import io.drplan.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a plan's execution lock for a run: takes it, renews it every third of the lease, rides
 * out a backend blip while the lease still runs, and reports a lost lease once.
 */
final class LeaseKeeper {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final String planName;
    private final ExecutionLock lock;
    private final String holder;
    private final Duration leaseDuration;
    private final Scheduler scheduler;
    private final Redactor redactor;
    private ExecutionLock.Lease lease;
    private Scheduler.Cancellable renewal;
    private Instant lastRenewed;

    LeaseKeeper(String planName, ExecutionLock lock, String holder, Duration leaseDuration, Scheduler scheduler,
                Redactor redactor) {
        this.planName = planName;
        this.lock = lock;
        this.holder = holder;
        this.leaseDuration = leaseDuration;
        this.scheduler = scheduler;
        this.redactor = redactor;
    }

    /** Takes the lock, or refuses naming who holds it. */
    synchronized void acquire() {
        Optional<ExecutionLock.Lease> l = lock.tryAcquire(planName, holder, leaseDuration);
        if (l.isEmpty()) {
            String current = lock.currentHolder(planName).orElse("another execution");
            throw new ExecutionRefusedException("plan '" + planName + "' is already being executed by " + current
                    + "; wait for it to finish or stop it first (nothing was changed)");
        }
        lease = l.get();
    }

    /**
     * Renews the lease until {@code finished} says so or it is released; {@code onLost} is told why
     * when another holder took it over, or renewing failed until the lease ran out.
     */
    void keep(BooleanSupplier finished, Consumer<String> onLost) {
        synchronized (this) {
            lastRenewed = scheduler.now();
        }
        scheduleRenewal(finished, onLost);
    }

    private synchronized void scheduleRenewal(BooleanSupplier finished, Consumer<String> onLost) {
        if (lease == null) {
            return;
        }
        Duration every = leaseDuration.dividedBy(3);
        renewal = scheduler.schedule(every, () -> renew(every, finished, onLost));
    }

    private void renew(Duration every, BooleanSupplier finished, Consumer<String> onLost) {
        ExecutionLock.Lease held;
        synchronized (this) {
            held = lease;
        }
        if (held == null || finished.getAsBoolean()) {
            return;
        }
        boolean kept;
        String why = "another holder took it over";
        try {
            kept = held.renew();
        } catch (RuntimeException e) {
            // A blip of the lock's backend is not a lost lock while the lease still runs.
            if (Duration.between(lastRenewed, scheduler.now()).plus(every).compareTo(leaseDuration) < 0) {
                log.warn("renewing the execution lock of plan {} failed, trying again in {}: {}", planName,
                        Durations.format(every), redactor.redact(e.toString()));
                scheduleRenewal(finished, onLost);
                return;
            }
            kept = false;
            why = "renewing it failed until the lease ran out: " + redactor.redact(e.getMessage());
        }
        if (kept) {
            synchronized (this) {
                lastRenewed = scheduler.now();
            }
            scheduleRenewal(finished, onLost);
            return;
        }
        onLost.accept("lost the execution lock of plan '" + planName + "' (" + why + "); stopped so that"
                + " two executions never act at once, and nothing was undone: another holder may be acting");
    }

    /** Stops renewing and releases the lock (once); a failure to release is logged, at WARN after an engine error. */
    void release(boolean afterError) {
        ExecutionLock.Lease held;
        synchronized (this) {
            if (renewal != null) {
                renewal.cancel();
            }
            held = lease;
            lease = null;
        }
        if (held == null) {
            return;
        }
        try {
            held.close();
        } catch (RuntimeException e) {
            if (afterError) {
                log.warn("releasing the lock of plan {} failed: {}", planName, redactor.redact(e.toString()));
            } else {
                log.debug("releasing the lock of plan {} failed: {}", planName, e.toString());
            }
        }
    }
}
