package io.drplan.core.internal;

import io.drplan.core.time.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A {@link Clock} reading the engine's scheduler, for libraries that want a clock (circuit breakers). */
public final class SchedulerClock extends Clock {
    private final Scheduler scheduler;

    public SchedulerClock(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return scheduler.now();
    }

    @Override
    public long millis() {
        return scheduler.now().toEpochMilli();
    }
}
