package io.drplan.core.step;

import io.drplan.core.RetryPolicy;
import io.drplan.core.internal.StepSpecs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
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

    private <B extends StepBuilder<B>> B pick(B builder) {
        choices++;
        chosen = builder;
        return builder;
    }

    // ---- regions ----

    /** Procedure 3, step 1: the region must be down (guard against failing over a working region). */
    public VerifyRegionDownStep verifyRegionDown(String region) {
        return pick(new VerifyRegionDownStep(regions, region));
    }

    /** Procedure 3, step 1 for the plan's source region. */
    public VerifyRegionDownStep verifySourceRegionDown() {
        return verifyRegionDown(regions.source());
    }

    /** The region must be healthy (a DR region before failing over to it). */
    public VerifyRegionUpStep verifyRegionUp(String region) {
        return pick(new VerifyRegionUpStep(regions, region));
    }

    // ---- infrastructure ----

    /** Procedure 3, step 2: Terraform in {@code directory} (apply unless {@code planOnly()}). */
    public TerraformStep terraform(String directory) {
        return pick(new TerraformStep(regions, directory));
    }

    // ---- databases ----

    /**
     * Procedure 3, step 3: restore the newest data of {@code instanceId} in the DR region, from the
     * source {@code .from(..)} names ({@link RestoreSource#FRESHEST} by default: replicated automated
     * backups, a read replica or a snapshot copied there, whichever is newest).
     */
    public DbRestoreStep restoreLatest(String instanceId) {
        return pick(new DbRestoreStep(regions, instanceId, null, RestoreSource.FRESHEST));
    }

    /** Restore a new instance from the newest snapshot of {@code instanceId} copied to the DR region. */
    public DbRestoreStep restoreLatestSnapshot(String instanceId) {
        return pick(new DbRestoreStep(regions, instanceId, null, RestoreSource.SNAPSHOT_IN_REGION));
    }

    /** Restore a new instance from the named snapshot. */
    public DbRestoreStep restoreSnapshot(String snapshotId) {
        return pick(new DbRestoreStep(regions, null, snapshotId, RestoreSource.SNAPSHOT_IN_REGION));
    }

    /** Backup strategy: a manual snapshot of {@code instanceId}. */
    public CreateSnapshotStep createSnapshot(String instanceId) {
        return pick(new CreateSnapshotStep(regions, instanceId));
    }

    /** Backup strategy: copy a snapshot to the DR region. */
    public CopySnapshotStep copySnapshot(String snapshotId) {
        return pick(new CopySnapshotStep(regions, snapshotId));
    }

    /** Drill checklist, "verify backup integrity": the newest snapshot is at most {@code maxAge(..)} old. */
    public BackupFreshnessStep checkBackupFreshness(String instanceId) {
        return pick(new BackupFreshnessStep(regions, instanceId));
    }

    /**
     * Drill checklist, "verify backup integrity": audit {@code resources} against the backup
     * {@code policy} (e.g. {@link io.drplan.core.runbook.BackupPolicy#runbook()}); fails on any HIGH finding.
     */
    public BackupAuditStep auditBackups(io.drplan.core.runbook.BackupPolicy policy,
                                        io.drplan.core.runbook.BackupResources resources) {
        return pick(new BackupAuditStep(regions, policy, resources));
    }

    /**
     * Readiness: the automated backups of {@code instanceId} are replicated to the DR region with the
     * runbook's 7-day retention and at most {@code maxLag(..)} behind.
     */
    public BackupReplicationCheckStep checkBackupReplication(String instanceId) {
        return pick(new BackupReplicationCheckStep(regions, instanceId));
    }

    /**
     * Backup strategy: delete this plan's manual snapshots (ids starting with {@code prefix(..)}, available
     * ones only) older than {@code olderThan(..)} (the 30-day retention).
     */
    public PruneSnapshotsStep pruneSnapshots(String instanceId) {
        return pick(new PruneSnapshotsStep(regions, instanceId));
    }

    /**
     * Fail-back and restore tests: delete {@code instanceId}, which a drplan execution created, after a
     * final snapshot; see {@link DbDeleteStep}.
     */
    public DbDeleteStep deleteDatabase(String instanceId) {
        return pick(new DbDeleteStep(regions, instanceId));
    }

    /** Procedure 1: Multi-AZ forced failover of {@code instanceId}. */
    public ForceFailoverStep forceFailover(String instanceId) {
        return pick(new ForceFailoverStep(regions, instanceId));
    }

    /** Promote a read replica in the DR region. */
    public PromoteReadReplicaStep promoteReadReplica(String instanceId) {
        return pick(new PromoteReadReplicaStep(regions, instanceId));
    }

    // ---- caches ----

    /** Procedure 2: fail over a node group of a replication group. */
    public CacheFailoverStep cacheFailover(String replicationGroupId) {
        return pick(new CacheFailoverStep(regions, replicationGroupId));
    }

    // ---- clusters ----

    /** Procedure 3, step 4: set keys of a Secret on a cluster. */
    public SecretUpdateStep updateSecret(String cluster, String namespace, String secretName) {
        return pick(new SecretUpdateStep(regions, cluster, namespace, secretName));
    }

    /** Procedure 3, step 4: {@code kubectl rollout restart} of deployments, waiting until done. */
    public RolloutRestartStep rolloutRestart(String cluster, String namespace, String... deployments) {
        return pick(new RolloutRestartStep(regions, cluster, namespace, List.of(deployments)));
    }

    /** Rollback after deployment: {@code kubectl rollout undo}, waiting until done. */
    public RolloutUndoStep rolloutUndo(String cluster, String namespace, String deployment) {
        return pick(new RolloutUndoStep(regions, cluster, namespace, deployment));
    }

    /** Scale a deployment; set the count with {@code replicas(n)}. */
    public ScaleStep scale(String cluster, String namespace, String deployment) {
        return pick(new ScaleStep(regions, cluster, namespace, deployment));
    }

    /** Procedure 3, step 6: wait until the pods of a namespace are ready. */
    public PodsCheckStep checkPods(String cluster, String namespace) {
        return pick(new PodsCheckStep(regions, cluster, namespace));
    }

    /** Procedure 3, step 6: check services exist. */
    public ServicesCheckStep checkServices(String cluster, String namespace) {
        return pick(new ServicesCheckStep(regions, cluster, namespace));
    }

    /** EKS cluster health: nodes Ready. */
    public NodesCheckStep checkNodes(String cluster) {
        return pick(new NodesCheckStep(regions, cluster));
    }

    /** EKS cluster health: {@code /healthz} and {@code /readyz}. */
    public ApiServerCheckStep checkApiServer(String cluster) {
        return pick(new ApiServerCheckStep(regions, cluster));
    }

    /** Post-incident: preserve logs and events. */
    public EvidenceStep preserveEvidence(String cluster, String namespace, Path folder) {
        return pick(new EvidenceStep(regions, cluster, namespace, folder));
    }

    // ---- traffic ----

    /** Procedure 3, step 5: wait for healthy targets in a target group of the DR region. */
    public TargetHealthCheckStep checkTargetHealth(String targetGroupArn) {
        return checkTargetHealth(regions.target(), targetGroupArn);
    }

    /** Wait for healthy targets in a target group of {@code region}. */
    public TargetHealthCheckStep checkTargetHealth(String region, String targetGroupArn) {
        return pick(new TargetHealthCheckStep(regions, region, targetGroupArn));
    }

    /** Procedure 3, step 5: point failover DNS records at the DR target. */
    public DnsFailoverStep dnsFailover(String hostedZoneId, String recordName) {
        return pick(new DnsFailoverStep(regions, hostedZoneId, recordName));
    }

    /** Pre-requisite "DNS failover configured in Route53": PRIMARY with a health check, and SECONDARY. */
    public DnsReadinessStep checkDnsFailover(String hostedZoneId, String recordName) {
        return pick(new DnsReadinessStep(regions, hostedZoneId, recordName));
    }

    /** Procedure 3, step 6: wait until {@code GET uri} answers 200 ({@code curl -f}). */
    public HttpCheckStep checkHttp(String uri) {
        return pick(new HttpCheckStep(regions, uri));
    }

    /**
     * "Verify data integrity": compares the database restored by an earlier step (its host, e.g.
     * {@code Refs.database("restore-db").endpoint()}) with the primary, or a baseline when the primary
     * cannot be reached; see {@link IntegrityStep}.
     */
    public IntegrityStep checkIntegrity(io.drplan.core.Output<String> restoredHost) {
        return pick(new IntegrityStep(regions, restoredHost, null));
    }

    /** "Verify data integrity" of a database at a known address; see {@link IntegrityStep}. */
    public IntegrityStep checkIntegrity(io.drplan.core.integrity.Database restored) {
        return pick(new IntegrityStep(regions, null, restored));
    }

    // ---- pre-requisites ----

    /** S3 backup strategy: versioning, replication and lifecycle of a bucket. */
    public BucketProtectionStep checkBucketProtection(String bucket) {
        return pick(new BucketProtectionStep(regions, bucket));
    }

    /** Pre-requisite: container images replicated to the DR registry; add them with {@code image(..)}. */
    public ImagesReplicatedStep checkImagesReplicated() {
        return pick(new ImagesReplicatedStep(regions));
    }

    // ---- people and custom code ----

    /** A gate: nothing runs after it until {@code role} approves. */
    public ApprovalStep approval(String role, String question) {
        return pick(new ApprovalStep(regions, role, question));
    }

    /** A step the host application writes. */
    public CustomStep custom(String description, Function<StepContext, CompletionStage<Map<String, Object>>> action) {
        return pick(new CustomStep(regions, description, action));
    }

    static {
        // the plan builder evaluates specs through StepSpecs, so that evaluate is no API
        StepSpecs.register(StepSpec::evaluate);
    }

    /**
     * Evaluates one step's spec; for the plan builder, not for applications. Problems found are
     * added to {@code problems}; returns null when the spec is unusable.
     */
    private static Step evaluate(String id, Function<StepSpec, ? extends StepBuilder<?>> spec, String source, String target,
                                RetryPolicy defaultRetry, Duration defaultTimeout, List<String> problems) {
        StepSpec s = new StepSpec(source, target);
        StepBuilder<?> returned;
        try {
            returned = spec.apply(s);
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
        if (returned != s.chosen) {
            problems.add("step '" + id + "' must return the builder its spec chose, e.g. s -> s.restoreLatest(..).as(..)"
                    + (returned == null ? ", but returned null" : ""));
            return null;
        }
        return s.chosen.build(id, defaultRetry, defaultTimeout, problems);
    }
}
