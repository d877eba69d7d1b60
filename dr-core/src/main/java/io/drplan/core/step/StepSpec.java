package io.drplan.core.step;

import io.drplan.core.RetryPolicy;
import io.drplan.core.StepKind;
import io.drplan.core.internal.StepSpecs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Chooses what a step does: the argument of {@code step(id, s -> s...)}. Each method starts one
 * kind of step, named after the runbook operation it automates, and returns that kind's builder
 * for its details and the shared settings ({@code after}, {@code timeout}, {@code retry},
 * {@code requireApproval}, ...). Choose exactly one kind per step.
 *
 * <pre>{@code
 * .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production")
 *     .as("vibe-postgres-dr").subnetGroup("vibe-db-subnet-group-dr").after("verify-primary"))
 * }</pre>
 */
public final class StepSpec {
    private final PlanRegions regions;
    private StepBuilder<?> chosen;
    private int choices;

    private StepSpec(String source, String target) {
        this.regions = new PlanRegions(source, target);
    }

    private <B extends StepBuilder<B>> B pick(StepKind kind, B builder) {
        choices++;
        builder.kind = kind;
        chosen = builder;
        return builder;
    }

    // ---- regions ----

    /** Procedure 3, step 1: the region must be down (guard against failing over a working region). */
    public RegionCheckStep verifyRegionDown(String region) {
        return pick(StepKind.VERIFY_REGION_DOWN, new RegionCheckStep(regions, region, true));
    }

    /** Procedure 3, step 1 for the plan's source region. */
    public RegionCheckStep verifySourceRegionDown() {
        return verifyRegionDown(regions.source());
    }

    /** The region must be healthy (a DR region before failing over to it). */
    public RegionCheckStep verifyRegionUp(String region) {
        return pick(StepKind.VERIFY_REGION_UP, new RegionCheckStep(regions, region, false));
    }

    // ---- infrastructure ----

    /** Procedure 3, step 2: Terraform in {@code directory} (apply unless {@code planOnly()}). */
    public TerraformStep terraform(String directory) {
        return pick(StepKind.TERRAFORM, new TerraformStep(regions, directory));
    }

    // ---- databases ----

    /**
     * Procedure 3, step 3: restore the newest data of {@code instanceId} in the DR region, from the
     * source {@code .from(..)} names ({@link RestoreSource#FRESHEST} by default: replicated automated
     * backups, a read replica or a snapshot copied there, whichever is newest).
     */
    public DbRestoreStep restoreLatest(String instanceId) {
        return pick(StepKind.RESTORE_DATABASE, new DbRestoreStep(regions, instanceId, null, RestoreSource.FRESHEST));
    }

    /** Restore a new instance from the newest snapshot of {@code instanceId} copied to the DR region. */
    public DbRestoreStep restoreLatestSnapshot(String instanceId) {
        return pick(StepKind.RESTORE_DATABASE, new DbRestoreStep(regions, instanceId, null, RestoreSource.SNAPSHOT_IN_REGION));
    }

    /** Restore a new instance from the named snapshot. */
    public DbRestoreStep restoreSnapshot(String snapshotId) {
        return pick(StepKind.RESTORE_DATABASE, new DbRestoreStep(regions, null, snapshotId, RestoreSource.SNAPSHOT_IN_REGION));
    }

    /** Backup strategy: a manual snapshot of {@code instanceId}. */
    public DbSnapshotStep createSnapshot(String instanceId) {
        return pick(StepKind.CREATE_SNAPSHOT, new DbSnapshotStep(regions, false, instanceId));
    }

    /** Backup strategy: copy a snapshot to the DR region. */
    public DbSnapshotStep copySnapshot(String snapshotId) {
        return pick(StepKind.COPY_SNAPSHOT, new DbSnapshotStep(regions, true, snapshotId));
    }

    /** Drill checklist, "verify backup integrity": the newest snapshot is at most {@code maxAge(..)} old. */
    public SnapshotPolicyStep checkBackupFreshness(String instanceId) {
        return pick(StepKind.CHECK_BACKUP_FRESHNESS, new SnapshotPolicyStep(regions, false, instanceId));
    }

    /**
     * Drill checklist, "verify backup integrity": audit {@code resources} against the backup
     * {@code policy} (e.g. {@link io.drplan.core.runbook.BackupPolicy#runbook()}); fails on any HIGH finding.
     */
    public BackupAuditStep auditBackups(io.drplan.core.runbook.BackupPolicy policy,
                                        io.drplan.core.runbook.BackupResources resources) {
        return pick(StepKind.AUDIT_BACKUPS, new BackupAuditStep(regions, policy, resources));
    }

    /**
     * Readiness: the automated backups of {@code instanceId} are replicated to the DR region with the
     * runbook's 7-day retention and at most {@code maxLag(..)} behind.
     */
    public BackupReplicationCheckStep checkBackupReplication(String instanceId) {
        return pick(StepKind.CHECK_BACKUP_REPLICATION, new BackupReplicationCheckStep(regions, instanceId));
    }

    /**
     * Backup strategy: delete this plan's manual snapshots (ids starting with {@code prefix(..)}, available
     * ones only) older than {@code olderThan(..)} (the 30-day retention).
     */
    public SnapshotPolicyStep pruneSnapshots(String instanceId) {
        return pick(StepKind.PRUNE_SNAPSHOTS, new SnapshotPolicyStep(regions, true, instanceId));
    }

    /**
     * Fail-back and restore tests: delete {@code instanceId}, which a drplan execution created, after a
     * final snapshot; see {@link DbDeleteStep}.
     */
    public DbDeleteStep deleteDatabase(String instanceId) {
        return pick(StepKind.DELETE_DATABASE, new DbDeleteStep(regions, instanceId));
    }

    /** Procedure 1: Multi-AZ forced failover of {@code instanceId}. */
    public DbFailoverStep forceFailover(String instanceId) {
        return pick(StepKind.FORCE_DATABASE_FAILOVER, new DbFailoverStep(regions, false, instanceId));
    }

    /** Promote a read replica in the DR region. */
    public DbFailoverStep promoteReadReplica(String instanceId) {
        return pick(StepKind.PROMOTE_READ_REPLICA, new DbFailoverStep(regions, true, instanceId));
    }

    // ---- caches ----

    /** Procedure 2: fail over a node group of a replication group. */
    public CacheFailoverStep cacheFailover(String replicationGroupId) {
        return pick(StepKind.CACHE_FAILOVER, new CacheFailoverStep(regions, replicationGroupId));
    }

    // ---- clusters ----

    /** Procedure 3, step 4: set keys of a Secret on a cluster. */
    public SecretUpdateStep updateSecret(String cluster, String namespace, String secretName) {
        return pick(StepKind.UPDATE_SECRET, new SecretUpdateStep(regions, cluster, namespace, secretName));
    }

    /** Procedure 3, step 4: {@code kubectl rollout restart} of deployments, waiting until done. */
    public RolloutStep rolloutRestart(String cluster, String namespace, String... deployments) {
        return pick(StepKind.ROLLOUT_RESTART, new RolloutStep(regions, RolloutStep.Kind.RESTART, cluster, namespace, List.of(deployments)));
    }

    /** Rollback after deployment: {@code kubectl rollout undo}, waiting until done. */
    public RolloutStep rolloutUndo(String cluster, String namespace, String deployment) {
        return pick(StepKind.ROLLOUT_UNDO, new RolloutStep(regions, RolloutStep.Kind.UNDO, cluster, namespace, List.of(deployment)));
    }

    /** Scale a deployment; set the count with {@code replicas(n)}. */
    public RolloutStep scale(String cluster, String namespace, String deployment) {
        return pick(StepKind.SCALE, new RolloutStep(regions, RolloutStep.Kind.SCALE, cluster, namespace, List.of(deployment)));
    }

    /** Procedure 3, step 6: wait until the pods of a namespace are ready. */
    public HealthCheckStep checkPods(String cluster, String namespace) {
        return pick(StepKind.CHECK_PODS, new HealthCheckStep(regions, HealthCheckStep.Kind.PODS, cluster, null, namespace));
    }

    /** Procedure 3, step 6: check services exist. */
    public HealthCheckStep checkServices(String cluster, String namespace) {
        return pick(StepKind.CHECK_SERVICES, new HealthCheckStep(regions, HealthCheckStep.Kind.SERVICES, cluster, null, namespace));
    }

    /** EKS cluster health: nodes Ready. */
    public HealthCheckStep checkNodes(String cluster) {
        return pick(StepKind.CHECK_NODES, new HealthCheckStep(regions, HealthCheckStep.Kind.NODES, cluster, null, null));
    }

    /** EKS cluster health: {@code /healthz} and {@code /readyz}. */
    public HealthCheckStep checkApiServer(String cluster) {
        return pick(StepKind.CHECK_API_SERVER, new HealthCheckStep(regions, HealthCheckStep.Kind.API, cluster, null, null));
    }

    /** Post-incident: preserve logs and events. */
    public EvidenceStep preserveEvidence(String cluster, String namespace, Path folder) {
        return pick(StepKind.PRESERVE_EVIDENCE, new EvidenceStep(regions, cluster, namespace, folder));
    }

    // ---- traffic ----

    /** Procedure 3, step 5: wait for healthy targets in a target group of the DR region. */
    public HealthCheckStep checkTargetHealth(String targetGroupArn) {
        return checkTargetHealth(regions.target(), targetGroupArn);
    }

    /** Wait for healthy targets in a target group of {@code region}. */
    public HealthCheckStep checkTargetHealth(String region, String targetGroupArn) {
        return pick(StepKind.CHECK_TARGET_HEALTH, new HealthCheckStep(regions, HealthCheckStep.Kind.TARGETS, region, targetGroupArn, null));
    }

    /** Procedure 3, step 5: point failover DNS records at the DR target. */
    public DnsFailoverStep dnsFailover(String hostedZoneId, String recordName) {
        return pick(StepKind.DNS_FAILOVER, new DnsFailoverStep(regions, hostedZoneId, recordName));
    }

    /** Pre-requisite "DNS failover configured in Route53": PRIMARY with a health check, and SECONDARY. */
    public DnsReadinessStep checkDnsFailover(String hostedZoneId, String recordName) {
        return pick(StepKind.CHECK_DNS_FAILOVER, new DnsReadinessStep(regions, hostedZoneId, recordName));
    }

    /** Procedure 3, step 6: wait until {@code GET uri} answers 200 ({@code curl -f}). */
    public HealthCheckStep checkHttp(String uri) {
        return pick(StepKind.CHECK_HTTP, new HealthCheckStep(regions, HealthCheckStep.Kind.HTTP, null, uri, null));
    }

    /**
     * "Verify data integrity": compares the database restored by an earlier step (its host, e.g.
     * {@code Refs.database("restore-db").endpoint()}) with the primary, or a baseline when the primary
     * cannot be reached; see {@link IntegrityStep}.
     */
    public IntegrityStep checkIntegrity(io.drplan.core.Output<String> restoredHost) {
        return pick(StepKind.CHECK_INTEGRITY, new IntegrityStep(regions, restoredHost, null));
    }

    /** "Verify data integrity" of a database at a known address; see {@link IntegrityStep}. */
    public IntegrityStep checkIntegrity(io.drplan.core.integrity.Database restored) {
        return pick(StepKind.CHECK_INTEGRITY, new IntegrityStep(regions, null, restored));
    }

    // ---- pre-requisites ----

    /** S3 backup strategy: versioning, replication and lifecycle of a bucket. */
    public PrerequisiteStep checkBucketProtection(String bucket) {
        return pick(StepKind.CHECK_BUCKET_PROTECTION, new PrerequisiteStep(regions, PrerequisiteStep.Kind.BUCKET, bucket));
    }

    /** Pre-requisite: container images replicated to the DR registry; add them with {@code image(..)}. */
    public PrerequisiteStep checkImagesReplicated() {
        return pick(StepKind.CHECK_IMAGES_REPLICATED, new PrerequisiteStep(regions, PrerequisiteStep.Kind.IMAGES, null));
    }

    // ---- people and custom code ----

    /** A gate: nothing runs after it until {@code role} approves. */
    public CustomStep approval(String role, String question) {
        return pick(StepKind.APPROVAL, new CustomStep(regions, "Approval by " + role + ": " + question,
                ctx -> java.util.concurrent.CompletableFuture.completedFuture(Map.of()))).requireApproval(role);
    }

    /** A step the host application writes. */
    public CustomStep custom(String description, Function<StepContext, CompletionStage<Map<String, Object>>> action) {
        return pick(StepKind.CUSTOM, new CustomStep(regions, description, action));
    }

    static {
        // the plan builder evaluates specs through StepSpecs, so that evaluate is no API
        StepSpecs.register(StepSpec::evaluate);
    }

    /**
     * Evaluates one step's spec; for the plan builder, not for applications. Problems found are
     * added to {@code problems}; returns null when the spec is unusable.
     */
    private static Step evaluate(String id, Consumer<StepSpec> spec, String source, String target,
                                RetryPolicy defaultRetry, Duration defaultTimeout, List<String> problems) {
        StepSpec s = new StepSpec(source, target);
        try {
            spec.accept(s);
        } catch (RuntimeException e) {
            problems.add("step '" + id + "': its spec threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return null;
        }
        if (s.choices == 0) {
            problems.add("step '" + id + "' does nothing; choose what it does, e.g. s -> s.restoreLatestSnapshot(..)");
            return null;
        }
        if (s.choices > 1) {
            problems.add("step '" + id + "' chose " + s.choices + " kinds of step; give each its own step(..)");
        }
        return s.chosen.build(id, defaultRetry, defaultTimeout, problems);
    }
}
