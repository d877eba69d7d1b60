package io.drplan.core;

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
    VERIFY_REGION_DOWN(false),
    VERIFY_REGION_UP(false),
    // infrastructure
    TERRAFORM(true),
    // databases
    RESTORE_DATABASE(true),
    CREATE_SNAPSHOT(true),
    COPY_SNAPSHOT(true),
    CHECK_BACKUP_FRESHNESS(false),
    AUDIT_BACKUPS(false),
    CHECK_BACKUP_REPLICATION(false),
    PRUNE_SNAPSHOTS(true),
    FORCE_DATABASE_FAILOVER(true),
    PROMOTE_READ_REPLICA(true),
    /** Deletes a database the execution created, after a final snapshot (fail-back, restore tests). */
    DELETE_DATABASE(true),
    CHECK_INTEGRITY(false),
    // caches
    CACHE_FAILOVER(true),
    // clusters
    UPDATE_SECRET(true),
    /** Puts a secret's keys back to the values a failover execution journaled (fail-back). */
    RESTORE_SECRET(true),
    ROLLOUT_RESTART(true),
    ROLLOUT_UNDO(true),
    SCALE(true),
    CHECK_PODS(false),
    CHECK_SERVICES(false),
    CHECK_NODES(false),
    CHECK_API_SERVER(false),
    PRESERVE_EVIDENCE(false),
    // traffic
    CHECK_TARGET_HEALTH(false),
    DNS_FAILOVER(true),
    CHECK_DNS_FAILOVER(false),
    CHECK_HTTP(false),
    // pre-requisites
    CHECK_BUCKET_PROTECTION(false),
    CHECK_IMAGES_REPLICATED(false),
    // people and custom code
    APPROVAL(false),
    CUSTOM(true);

    private final boolean mutating;

    StepKind(boolean mutating) {
        this.mutating = mutating;
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
