package io.drplan.core;

import io.drplan.core.event.ExecutionListener;
import io.drplan.core.internal.EndpointRateLimits;
import io.drplan.core.internal.EngineSettings;
import io.drplan.core.internal.InProcessLock;
import io.drplan.core.internal.JournalChain;
import io.drplan.core.internal.JournalReplay;
import io.drplan.core.internal.JournalVerifier;
import io.drplan.core.internal.PlanFingerprint;
import io.drplan.core.internal.Run;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.ExecutionLock;
import io.drplan.core.spi.JournalStore;
import io.drplan.core.spi.Notifier;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.Scheduler;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Runs plans: {@link #preview} (a dry run that changes nothing), {@link #execute} (the real
 * thing), {@link #drill} (execute, verify, fail back, report) and {@link #resume} (continue a
 * crashed execution from its journal). One engine serves many executions; it is thread-safe.
 *
 * <pre>{@code
 * DrEngine engine = DrEngine.builder()
 *     .providers(providers)
 *     .scheduler(SystemScheduler.create())
 *     .journal(FileJournalStore.in(Path.of("/var/lib/drplan")))
 *     .build();
 * System.out.println(engine.preview(plan));
 * ExecutionReport report = engine.execute(plan);
 * }</pre>
 */
public final class DrEngine {
    /** Steps running at once unless told otherwise. */
    public static final int DEFAULT_MAX_PARALLELISM = 4;
    /** Longest interval between two polls of a wait (see {@link Builder#maxPollInterval}). */
    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofSeconds(15);
    /** How long an approver has before the request escalates. */
    public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofMinutes(15);
    /** How long the execution lock is held without renewal. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofMinutes(1);

    private final Providers providers;
    private final Scheduler scheduler;
    private final int maxParallelism;
    private final List<ExecutionListener> listeners;
    private final JournalStore journal;
    private final ExecutionLock lock;
    private final Duration leaseDuration;
    private final String holder;
    private final Approver approver;
    private final Duration approvalTimeout;
    private final List<Notifier> notifiers;
    private final LongSupplier seeds;
    private final Duration maxPollInterval;
    private final CircuitBreakerRegistry breakers;
    private final EndpointRateLimits rateLimits;
    private final byte[] journalKey;

    private DrEngine(Builder b) {
        journalKey = b.journalKey;
        providers = b.providers;
        scheduler = b.scheduler;
        maxParallelism = b.maxParallelism;
        listeners = List.copyOf(b.listeners);
        journal = b.journal;
        lock = b.lock != null ? b.lock : InProcessLock.SHARED;
        leaseDuration = b.leaseDuration;
        holder = b.holder;
        approver = b.approver;
        approvalTimeout = b.approvalTimeout;
        notifiers = List.copyOf(b.notifiers);
        SplittableRandom root = b.seed == null ? new SplittableRandom() : new SplittableRandom(b.seed);
        seeds = () -> {
            synchronized (root) {
                return root.nextLong();
            }
        };
        maxPollInterval = b.maxPollInterval;
        breakers = EngineBreakers.registry(scheduler);
        rateLimits = new EndpointRateLimits(scheduler, b.rateLimit, b.rateLimits);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The dry run, with the permissions the providers' catalogs say the plan needs. Changes nothing. */
    public PlanPreview preview(DrPlan plan) {
        PlanPreview p = plan.preview();
        return p.withPermissions(EngineReadiness.permissions(p, providers));
    }

    /**
     * Evaluates whether the plan could run now, changing nothing: the checks a run makes before its
     * first action (providers, clusters, approver, and every step's read-only check of the ids it
     * will use), all problems at once, and what each step would use. Schedule it to learn that a
     * plan went stale before the incident does.
     */
    public ReadinessReport readiness(DrPlan plan) {
        return EngineReadiness.readiness(plan, providers, approver, scheduler.now());
    }

    /**
     * What the plan's steps would use if it ran now, read from the account through the providers and
     * changing nothing: for a restore, the restore point each source would give and whether it meets the
     * plan's RPO; for a backup replication check, what is replicated. One line per finding, each starting
     * with its step's id ({@code "restore-db: replicated automated backups (...): restore point ..., 5m 00s
     * old, meets the RPO of 1h 00m"}). Provider errors are part of the lines, never thrown.
     */
    public List<String> inspect(DrPlan plan) {
        return EngineReadiness.inspect(plan, providers, scheduler);
    }

    /** The permissions (e.g. IAM actions) the plan's steps need, as far as the providers' catalogs know. */
    public List<String> permissions(DrPlan plan) {
        return EngineReadiness.permissions(plan.preview(), providers);
    }

    /** Executes the plan and waits for its report. */
    public ExecutionReport execute(DrPlan plan) {
        return execute(plan, RunOptions.defaults());
    }

    /** Executes the plan with options and waits for its report. */
    public ExecutionReport execute(DrPlan plan, RunOptions options) {
        return scheduler.await(start(plan, Mode.EXECUTE, options).result());
    }

    /** Rehearses the plan: executes it, then fails back (undoes every step), and reports. */
    public ExecutionReport drill(DrPlan plan) {
        return scheduler.await(start(plan, Mode.DRILL, RunOptions.defaults()).result());
    }

    /**
     * Rehearses the plan with a fail-back plan of its own: runs the failover and its verification
     * (integrity and application checks) as a drill that is undone by compensation only if it fails,
     * then derives the fail-back plan from the drill's report ({@link FailbackPlan#plan}) and executes
     * it. The report holds the drill's steps, then the fail-back's (phase {@link RunPhase#FAILBACK}),
     * each phase with its own duration; {@link ExecutionReport#failedBack()} is the fail-back plan's
     * success. A fail-back refused by its guard (the DR database has newer writes) leaves the service in
     * the DR region and says so.
     *
     * @throws ExecutionRefusedException before anything runs, when the fail-back cannot be built
     *                                   ({@link FailbackPlan#problems()})
     */
    public ExecutionReport drill(DrPlan plan, FailbackPlan failback) {
        return FailbackDrill.run(this, scheduler, plan, failback);
    }

    /**
     * Starts the plan without waiting.
     *
     * @throws ExecutionRefusedException when another execution of the plan holds the lock, or a
     *                                   provider, cluster or approver the plan needs is missing
     */
    public Execution start(DrPlan plan, Mode mode, RunOptions options) {
        if (mode == Mode.PREVIEW) {
            throw new IllegalArgumentException("mode PREVIEW does not execute; call preview(plan)");
        }
        Run run = new Run(plan, settings(plan, null), mode, options, null);
        run.start();
        return RunHandle.of(run);
    }

    /**
     * Continues a crashed execution from its journal: completed steps are not run again, steps that
     * were in flight are checked (adopted when their effect exists, run again when not), the rest run.
     *
     * @throws DrException when there is no journal, it is corrupted, of another plan, or finished
     */
    public ExecutionReport resume(DrPlan plan, String executionId) {
        return resume(plan, executionId, RunOptions.defaults());
    }

    /**
     * Like {@link #resume(DrPlan, String)} with options: {@code force}, and the interrupted steps the
     * operator checked by hand and wants run again ({@link RunOptions#rerunAfterCrash}).
     */
    public ExecutionReport resume(DrPlan plan, String executionId, RunOptions options) {
        return scheduler.await(startResume(plan, executionId, options).result());
    }

    /** Like {@link #resume(DrPlan, String, RunOptions)} without waiting. */
    public Execution startResume(DrPlan plan, String executionId) {
        return startResume(plan, executionId, RunOptions.defaults());
    }

    /** Like {@link #resume(DrPlan, String, RunOptions)} without waiting. */
    public Execution startResume(DrPlan plan, String executionId, RunOptions options) {
        if (journal == null) {
            throw new DrException("this engine has no journal store, so there is nothing to resume from;"
                    + " add one with DrEngine.builder().journal(..)");
        }
        JournalVerifier.Verified verified = JournalVerifier.verify(plan, executionId, journal.read(executionId),
                journalKey);
        JournalReplay replay = JournalReplay.read(plan, executionId, verified.lines());
        RunOptions resumed = options.executionId(executionId);
        if (resumed.incidentStartedAt() == null && replay.incidentStartedAt() != null) {
            resumed = resumed.incidentStartedAt(replay.incidentStartedAt());
        }
        Run run = new Run(plan, settings(plan, verified.end()), replay.mode(),
                resumed, replay);
        run.start();
        return RunHandle.of(run);
    }

    /** The settings of one run; its journal lines are sealed with the plan's fingerprint and a checksum chain. */
    private EngineSettings settings(DrPlan plan, JournalChain.Position continueAt) {
        JournalStore sealed = journal == null ? null
                : new JournalChain(journal, PlanFingerprint.of(plan), journalKey, continueAt);
        return new EngineSettings(providers, scheduler, maxParallelism, listeners, sealed, lock, leaseDuration, holder,
                approver, approvalTimeout, notifiers, seeds, maxPollInterval, breakers, rateLimits);
    }

    /** Builder of {@link DrEngine}; {@code providers} and {@code scheduler} are required. */
    public static final class Builder {
        private Providers providers;
        private Scheduler scheduler;
        private int maxParallelism = DEFAULT_MAX_PARALLELISM;
        private final List<ExecutionListener> listeners = new ArrayList<>();
        private JournalStore journal;
        private ExecutionLock lock;
        private Duration leaseDuration = DEFAULT_LEASE_DURATION;
        private String holder = defaultHolder();
        private Approver approver;
        private Duration approvalTimeout = DEFAULT_APPROVAL_TIMEOUT;
        private final List<Notifier> notifiers = new ArrayList<>();
        private Long seed;
        private Duration maxPollInterval = DEFAULT_MAX_POLL_INTERVAL;
        private int rateLimit;
        private final java.util.Map<String, Integer> rateLimits = new java.util.HashMap<>();
        private byte[] journalKey;

        private Builder() { }

        private static String defaultHolder() {
            String host = System.getenv("HOSTNAME");
            return (host == null ? "localhost" : host) + "/" + ProcessHandle.current().pid();
        }

        /** The providers steps call. Required. */
        public Builder providers(Providers providers) {
            this.providers = Objects.requireNonNull(providers, "providers");
            return this;
        }

        /** The time source for every wait, timeout and timestamp. Required. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Steps running at once ({@value #DEFAULT_MAX_PARALLELISM} by default). */
        public Builder maxParallelism(int maxParallelism) {
            if (maxParallelism < 1) {
                throw new IllegalArgumentException("maxParallelism must be at least 1 but was " + maxParallelism);
            }
            this.maxParallelism = maxParallelism;
            return this;
        }

        /** Receives every event. */
        public Builder listener(ExecutionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Where the journal is written (needed for {@link DrEngine#resume}). */
        public Builder journal(JournalStore journal) {
            this.journal = journal;
            return this;
        }

        /**
         * Signs every journal line with HMAC-SHA256 under {@code key} (at least 32 bytes, kept out of
         * the journal's store), so that resume also refuses a journal edited by someone who recomputed
         * its checksums. Resume then needs the same key, and refuses unsigned journals.
         */
        public Builder journalKey(byte[] key) {
            if (key == null || key.length < 32) {
                throw new IllegalArgumentException("journalKey must have at least 32 bytes but had "
                        + (key == null ? "none" : key.length) + "; use e.g. 32 bytes from SecureRandom, kept in a"
                        + " secret store");
            }
            this.journalKey = key.clone();
            return this;
        }

        /** The lock that keeps executions of a plan one at a time (in-process by default). */
        public Builder lock(ExecutionLock lock) {
            this.lock = lock;
            return this;
        }

        /** How long the lock holds without renewal ({@code 1 min} by default; renewed every third). */
        public Builder leaseDuration(Duration leaseDuration) {
            if (leaseDuration == null || leaseDuration.isNegative() || leaseDuration.isZero()) {
                throw new IllegalArgumentException("leaseDuration must be positive but was " + leaseDuration);
            }
            this.leaseDuration = leaseDuration;
            return this;
        }

        /** Who this engine is, as lock holders and journals name it (host/pid by default). */
        public Builder holder(String holder) {
            this.holder = Objects.requireNonNull(holder, "holder");
            return this;
        }

        /** Who approves gated steps. */
        public Builder approver(Approver approver) {
            this.approver = approver;
            return this;
        }

        /** How long an approval waits before escalating to the next role. */
        public Builder approvalTimeout(Duration approvalTimeout) {
            if (approvalTimeout == null || approvalTimeout.isNegative() || approvalTimeout.isZero()) {
                throw new IllegalArgumentException("approvalTimeout must be positive but was " + approvalTimeout);
            }
            this.approvalTimeout = approvalTimeout;
            return this;
        }

        /** Who is told about milestones. */
        public Builder notifier(Notifier notifier) {
            notifiers.add(Objects.requireNonNull(notifier, "notifier"));
            return this;
        }

        /** Seeds jitter and generated ids: the same seed gives the same timeline on virtual time. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Longest interval between polls ({@code 15 s} by default), except early in a long wait: a step
         * whose estimate is at least ten such intervals (a 25-minute restore) is polled at growing
         * intervals of up to a tenth of its estimate (at most ten of these) during the first 70% of it.
         */
        public Builder maxPollInterval(Duration maxPollInterval) {
            if (maxPollInterval == null || maxPollInterval.isNegative() || maxPollInterval.isZero()) {
                throw new IllegalArgumentException("maxPollInterval must be positive but was " + maxPollInterval);
            }
            this.maxPollInterval = maxPollInterval;
            return this;
        }

        /**
         * At most {@code callsPerSecond} calls start per second on each endpoint (0, the default, for
         * no limit); calls over the limit wait their turn on the scheduler.
         */
        public Builder rateLimit(int callsPerSecond) {
            if (callsPerSecond < 0) {
                throw new IllegalArgumentException("callsPerSecond must not be negative but was " + callsPerSecond);
            }
            this.rateLimit = callsPerSecond;
            return this;
        }

        /** A limit for one endpoint, e.g. {@code rateLimit("route53/global", 5)} (Route 53 allows 5 per second). */
        public Builder rateLimit(String endpoint, int callsPerSecond) {
            if (callsPerSecond < 0) {
                throw new IllegalArgumentException("callsPerSecond for " + endpoint + " must not be negative but was "
                        + callsPerSecond);
            }
            rateLimits.put(Objects.requireNonNull(endpoint, "endpoint"), callsPerSecond);
            return this;
        }

        /**
         * Builds the engine.
         *
         * @throws IllegalStateException naming what is missing
         */
        public DrEngine build() {
            List<String> missing = new ArrayList<>();
            if (providers == null) {
                missing.add("providers (add .providers(Providers.builder()...build()))");
            }
            if (scheduler == null) {
                missing.add("scheduler (add .scheduler(SystemScheduler.create()) or a testkit VirtualScheduler)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("DrEngine needs " + String.join(" and ", missing));
            }
            return new DrEngine(this);
        }
    }
}
