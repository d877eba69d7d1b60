package io.drplan.core;

import java.time.Duration;

/**
 * What a step does, as typed data: one constant per kind of step the DSL offers
 * ({@code s.restoreLatest(..)} is {@link #RESTORE_DATABASE}, {@code s.checkIntegrity(..)} is
 * {@link #CHECK_INTEGRITY}, ...). The plan's {@code Step} and the report's {@link StepReport} carry
 * it, so a checklist or a dashboard tells steps apart by kind, never by their description text.
 *
 * <p>{@link #mutating()} says whether a step of the kind changes something in the cloud (a restore, a
 * DNS change, a secret) or only reads (checks, audits, approvals). A custom step is counted as
 * mutating: drplan cannot know what the host's code does.
 */
public enum StepKind {
    // regions
    VERIFY_REGION_DOWN(false, Duration.ofSeconds(5)),
    VERIFY_REGION_UP(false, Duration.ofSeconds(5)),
    // infrastructure
    TERRAFORM(true, Duration.ofMinutes(12)),
    // databases
    RESTORE_DATABASE(true, false, Duration.ofMinutes(25)),
    CREATE_SNAPSHOT(true, Duration.ofMinutes(10)),
    COPY_SNAPSHOT(true, Duration.ofMinutes(15)),
    CHECK_BACKUP_FRESHNESS(false, Duration.ofSeconds(5)),
    AUDIT_BACKUPS(false, Duration.ofSeconds(10)),
    CHECK_BACKUP_REPLICATION(false, Duration.ofSeconds(5)),
    PRUNE_SNAPSHOTS(true, Duration.ofSeconds(5)),
    FORCE_DATABASE_FAILOVER(true, false, Duration.ofMinutes(2)),
    PROMOTE_READ_REPLICA(true, false, Duration.ofMinutes(5)),
    /** Deletes a database the execution created, after a final snapshot (fail-back, restore tests). */
    DELETE_DATABASE(true, Duration.ofMinutes(5)),
    CHECK_INTEGRITY(false, Duration.ofMinutes(1)),
    // caches
    CACHE_FAILOVER(true, false, Duration.ofMinutes(3)),
    // clusters
    UPDATE_SECRET(true, Duration.ofSeconds(5)),
    ROLLOUT_RESTART(true, Duration.ofMinutes(3)),
    ROLLOUT_UNDO(true, Duration.ofMinutes(3)),
    SCALE(true, Duration.ofMinutes(3)),
    CHECK_PODS(false, Duration.ofSeconds(5)),
    CHECK_SERVICES(false, Duration.ofSeconds(5)),
    CHECK_NODES(false, Duration.ofSeconds(5)),
    CHECK_API_SERVER(false, Duration.ofSeconds(5)),
    PRESERVE_EVIDENCE(false, Duration.ofSeconds(10)),
    // traffic
    CHECK_TARGET_HEALTH(false, Duration.ofSeconds(5)),
    DNS_FAILOVER(true, Duration.ofMinutes(1)),
    CHECK_DNS_FAILOVER(false, Duration.ofSeconds(5)),
    CHECK_HTTP(false, Duration.ofSeconds(5)),
    // pre-requisites
    CHECK_BUCKET_PROTECTION(false, Duration.ofSeconds(5)),
    CHECK_IMAGES_REPLICATED(false, Duration.ofSeconds(5)),
    // people and custom code
    APPROVAL(false, Duration.ZERO),
    CUSTOM(true, Duration.ZERO);

    private final boolean mutating;
    private final boolean idempotent;
    private final Duration typicalDuration;

    StepKind(boolean mutating, Duration typicalDuration) {
        this(mutating, true, typicalDuration);
    }

    StepKind(boolean mutating, boolean idempotent, Duration typicalDuration) {
        this.mutating = mutating;
        this.idempotent = idempotent;
        this.typicalDuration = typicalDuration;
    }

    /**
     * Whether running a step of this kind twice does no harm. A restore, a forced failover, a
     * promotion or a cache failover is not: after a crash while one was in flight, the resumed run
     * looks for its effect before doing it again (or stops there).
     */
    public boolean idempotent() {
        return idempotent;
    }

    /**
     * How long a step of this kind usually takes, the estimate on the critical path unless the step
     * sets its own ({@code .estimate(..)}) or its settings change it (a restore from a read replica
     * is a 5-minute promotion, a Terraform plan without apply takes a minute).
     */
    public Duration typicalDuration() {
        return typicalDuration;
    }

    /** Whether a step of this kind may change something outside drplan (custom steps: assumed so). */
    public boolean mutating() {
        return mutating;
    }

    /** Whether the kind checks the recovered application: HTTP, pods, services, load balancer targets. */
    public boolean checksApplication() {
        return this == CHECK_HTTP || this == CHECK_PODS || this == CHECK_SERVICES || this == CHECK_TARGET_HEALTH;
    }
}
