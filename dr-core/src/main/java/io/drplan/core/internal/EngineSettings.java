package io.drplan.core.internal;

import io.drplan.core.event.ExecutionListener;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.ExecutionLock;
import io.drplan.core.spi.JournalStore;
import io.drplan.core.spi.Notifier;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.Scheduler;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/** The engine's settings as the run sees them. Internal. */
public record EngineSettings(Providers providers, Scheduler scheduler, int maxParallelism,
                             List<ExecutionListener> listeners, JournalStore journal, ExecutionLock lock,
                             Duration leaseDuration, String holder, Approver approver, Duration approvalTimeout,
                             List<Notifier> notifiers, LongSupplier seeds, Duration maxPollInterval,
                             CircuitBreakerRegistry breakers, EndpointRateLimits rateLimits) { }
