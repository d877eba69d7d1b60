package io.drplan.examples;

import io.drplan.core.DrPlan;
import io.drplan.core.FailbackPlan;
import io.drplan.core.IncidentTier;
import io.drplan.core.Refs;
import io.drplan.core.integrity.Database;
import io.drplan.core.integrity.TableCheck;
import io.drplan.core.runbook.BackupPolicy;
import io.drplan.core.runbook.BackupResources;
import io.drplan.core.step.RestoreSource;
import io.drplan.core.Roles;
import io.drplan.core.Secret;
import io.drplan.core.SecretTemplate;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The Vibe platform's runbook ({@code disaster-recovery-plan.md}) as drplan plans: Procedure 1
 * (database Multi-AZ failover), Procedure 2 (Redis failover), Procedure 3 (full region failover)
 * and the rollback after a deployment.
 */
public final class VibePlans {
    public static final String PRIMARY = "us-east-1";
    public static final String DR = "us-west-2";
    public static final String NAMESPACE = "vibe-production";
    public static final String DR_CLUSTER = "dr-cluster";
    public static final String HOSTED_ZONE = "Z0VIBEDEV0001";
    public static final String DR_TARGET_GROUP =
            "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/vibe-backend-dr/0123456789abcdef";
    public static final String DR_ALB = "vibe-alb-usw2.us-west-2.elb.amazonaws.com";
    public static final String PRIMARY_ALB = "vibe-alb-use1.us-east-1.elb.amazonaws.com";

    private VibePlans() { }

    /** What every region-failover plan shares: stages are immutable, so this one is continued two ways. */
    private static DrPlan.PlanStage regionFailoverStage() {
        return DrPlan.region(PRIMARY)
                .failoverTo(DR)
                .named("vibe-region-failover")
                .tier(IncidentTier.CRITICAL)
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)).mttr(Duration.ofHours(2)));
    }

    /**
     * Procedure 3: full region failover from us-east-1 to us-west-2, the runbook's six steps as a
     * dependency graph: the database restore and the Terraform apply run in parallel.
     *
     * @param dbPassword the application's database password, for the new {@code DATABASE_URL}
     */
    public static DrPlan regionFailover(Secret dbPassword) {
        return regionFailover(dbPassword, AwsIds.runbook());
    }

    /**
     * {@link #regionFailover(Secret)} with the account's ids (an emulator's, say) instead of the
     * runbook's: the same steps, dependencies and settings; only the hosted zone, target group, DB
     * subnet group, security group and health check ids differ.
     *
     * @param dbPassword the application's database password, for the new {@code DATABASE_URL}
     * @param ids        the account's ids ({@link AwsIds#runbook()} are the runbook's)
     */
    public static DrPlan regionFailover(Secret dbPassword, AwsIds ids) {
        return procedure3(regionFailoverStage(), dbPassword, ids).build();
    }

    /** The resources the runbook's Backup Strategy covers on the Vibe platform. */
    public static final BackupResources BACKUP_RESOURCES = BackupResources.builder(PRIMARY, DR)
            .database("vibe-postgres-production").cache("vibe-redis-production").bucket("vibe-files-production")
            .image("vibe-backend", "1.42.0").image("vibe-frontend", "1.42.0").build();

    /** The primary database, the reference an integrity check compares a restored copy with. */
    public static final String PRIMARY_DB_URL =
            "jdbc:postgresql://vibe-postgres-production.c0vibe.us-east-1.rds.amazonaws.com:5432/vibe";

    /** What "Verify data integrity" compares: the orders, by key ranges, with their newest write as watermark. */
    public static final TableCheck ORDERS = TableCheck.of("orders").key("id").columns("id", "total", "updated_at")
            .watermark("updated_at").ranges(10_000);

    /**
     * The quarterly DR drill (the runbook's "Checklist for DR Drill") of Procedure 3: the failover's
     * steps, plus the checks the checklist calls for: "Verify backup integrity" as an audit of the
     * Backup Strategy ({@code audit-backups}, before anything changes: a HIGH finding stops the drill
     * at once) and "Verify data integrity" as a comparison of the restored database with the primary
     * ({@code verify-data}: row counts, checksums and the measured data loss). Run it with
     * {@code engine.drill(plan)}; the primary stays up, so the integrity check can reach it.
     *
     * @param dbPassword the database password, for the new {@code DATABASE_URL} and the integrity check
     */
    public static DrPlan regionFailoverDrill(Secret dbPassword) {
        return procedure3(regionFailoverStage().named("vibe-region-failover-drill"), dbPassword, AwsIds.runbook())
                // Pre-Drill: verify backup integrity (retention, windows, encryption, copies, replication)
                .step("audit-backups", s -> s.auditBackups(BackupPolicy.runbook(), BACKUP_RESOURCES))
                // During Drill: verify data integrity of the restored database against the primary
                .step("verify-data", s -> againstPrimary(s, "restore-db", dbPassword))
                .build();
    }

    /** The DR database as the fail-back's guard reaches it (the endpoint RDS gives vibe-postgres-dr). */
    public static final String DR_DB_URL = "jdbc:postgresql://vibe-postgres-dr.c0vibe.us-west-2.rds.amazonaws.com:5432/vibe";

    /**
     * The fail-back of {@link #regionFailoverDrill}: refuses when the DR database has writes newer than
     * the primary's (unless forced), then DNS back to the primary's load balancer, {@code DATABASE_URL}
     * back to the primary database, the DR backend and frontend scaled to 0, and the DR database deleted
     * after a final snapshot. Drill with {@code engine.drill(VibePlans.regionFailoverDrill(pw),
     * VibePlans.failback(pw))}.
     */
    public static FailbackPlan failback(Secret dbPassword) {
        return FailbackPlan.of(regionFailoverDrill(dbPassword))
                .guard(s -> s.checkIntegrity(Database.of(DR_DB_URL, "vibe", dbPassword))
                        .reference(Database.of(PRIMARY_DB_URL, "vibe", dbPassword)).table(ORDERS))
                .restoreSecret("DATABASE_URL", SecretTemplate.of("postgresql://vibe:", dbPassword,
                        "@vibe-postgres-production.c0vibe.us-east-1.rds.amazonaws.com:5432/vibe"));
    }

    /** "Verify data integrity" of the database {@code restoreStep} restored, against the primary. */
    private static io.drplan.core.step.IntegrityStep againstPrimary(io.drplan.core.step.StepSpec s, String restoreStep,
                                                                    Secret dbPassword) {
        return s.checkIntegrity(Refs.database(restoreStep).endpoint()).database("vibe").user("vibe")
                .password(dbPassword).reference(Database.of(PRIMARY_DB_URL, "vibe", dbPassword)).table(ORDERS);
    }

    private static DrPlan.PlanStage procedure3(DrPlan.PlanStage stage, Secret dbPassword, AwsIds ids) {
        return stage
                // Step 1: verify primary region status
                .step("verify-primary", s -> s.verifyRegionDown(PRIMARY))
                // Pre-requisite: container images replicated to DR ECR
                .step("check-images", s -> s.checkImagesReplicated()
                        .image("vibe-backend", "1.42.0").image("vibe-frontend", "1.42.0"))
                // Step 2: activate DR infrastructure
                .step("activate-dr-infra", s -> s.terraform("infrastructure/terraform").workspace("dr")
                        .var("environment", "dr").var("enable_backup", "false")
                        .after("verify-primary").timeout(Duration.ofMinutes(45)))
                // Step 3: restore the database in the DR region from the freshest source there (replicated
                // automated backups, a read replica, or a snapshot copied there)
                .step("restore-db", s -> s.restoreLatest("vibe-postgres-production").from(RestoreSource.FRESHEST)
                        .as("vibe-postgres-dr").subnetGroup(ids.drSubnetGroup()).securityGroups(ids.drSecurityGroup())
                        .after("verify-primary").timeout(Duration.ofMinutes(90)))
                // Step 4: update application configuration and roll out
                .step("update-config", s -> s.updateSecret(DR_CLUSTER, NAMESPACE, "vibe-secrets")
                        .key("DATABASE_URL", SecretTemplate.of("postgresql://vibe:", dbPassword, "@",
                                Refs.database("restore-db").endpoint(), ":5432/vibe")))
                .step("restart-apps", s -> s.rolloutRestart(DR_CLUSTER, NAMESPACE, "vibe-backend", "vibe-frontend")
                        .after("update-config", "activate-dr-infra", "check-images").timeout(Duration.ofMinutes(20)))
                // Step 5: check DR targets, then update Route 53
                .step("check-targets", s -> s.checkTargetHealth(ids.drTargetGroupArn()).minimum(3).after("restart-apps")
                        .timeout(Duration.ofMinutes(15)))
                .step("dns-failover", s -> s.dnsFailover(ids.hostedZoneId(), "api.vibe.dev")
                        .primary(DR_ALB).primaryHealthCheck(ids.drHealthCheckId())
                        .secondary(PRIMARY_ALB).secondaryHealthCheck(ids.primaryHealthCheckId())
                        .after("check-targets"))
                // Step 6: verify application health
                .step("check-pods", s -> s.checkPods(DR_CLUSTER, NAMESPACE).minimum(5).after("dns-failover")
                        .timeout(Duration.ofMinutes(10)))
                .step("check-services", s -> s.checkServices(DR_CLUSTER, NAMESPACE)
                        .expect("vibe-backend", "vibe-frontend").after("dns-failover"))
                .step("check-health", s -> s.checkHttp("https://api.vibe.dev/health").after("dns-failover")
                        .timeout(Duration.ofMinutes(10)));
    }

    /**
     * The backup strategy's weekly manual snapshot: snapshot the primary database, copy the snapshot
     * to the DR region, check a restore there would meet the RPO, and prune manual snapshots past the
     * 30-day retention in both regions.
     *
     * @param day the day of the snapshot, for its id ({@code vibe-manual-snapshot-YYYYMMDD})
     */
    public static DrPlan weeklyBackup(LocalDate day) {
        String id = "vibe-manual-snapshot-" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
        Duration retention = Duration.ofDays(30);
        return DrPlan.region(PRIMARY)
                .failoverTo(DR)
                .named("vibe-weekly-backup")
                .tier(IncidentTier.MINOR)
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("snapshot", s -> s.createSnapshot("vibe-postgres-production").as(id).in(PRIMARY))
                .step("copy-to-dr", s -> s.copySnapshot(id).from(PRIMARY).to(DR).as(id + "-dr").after("snapshot"))
                .step("check-dr-backup", s -> s.checkBackupFreshness("vibe-postgres-production").in(DR)
                        .maxAge(Duration.ofHours(1)).after("copy-to-dr"))
                .step("prune-primary", s -> s.pruneSnapshots("vibe-postgres-production").in(PRIMARY)
                        .prefix("vibe-manual-snapshot-").olderThan(retention).after("snapshot"))
                .step("prune-dr", s -> s.pruneSnapshots("vibe-postgres-production").in(DR)
                        .prefix("vibe-manual-snapshot-").olderThan(retention).after("copy-to-dr"))
                .build();
    }

    /**
     * The Testing Schedule's weekly "Backup restoration" (30 min, DevOps Team) as a plan: restore the
     * newest snapshot of the production database (automated or manual, in the primary region) to a
     * scratch instance {@code vibe-restore-test-YYYYMMDD}, check its data against the primary
     * (row counts, checksums, measured loss: a snapshot with differences fails the test), then delete
     * the scratch instance. Run it with {@code engine.execute(..)} on an engine with a journal store:
     * {@code TestingSchedule.runbook().dueAt(now, store)} then counts it.
     *
     * <p>The deletion takes a final snapshot like every drplan deletion, although the scratch copy
     * holds nothing the production snapshots do not: the provider SPI deletes only after a final
     * snapshot (no data is ever destroyed without one), so the test leaves one snapshot
     * {@code drplan-final-<execution>-delete-scratch} a week, which the weekly backup's pruning or a
     * person removes.
     *
     * @param day        the day of the test, for the scratch instance's id
     * @param dbPassword the password of the {@code vibe} user on the scratch copy and the primary
     */
    public static DrPlan backupRestorationTest(LocalDate day, Secret dbPassword) {
        String scratch = "vibe-restore-test-" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
        return DrPlan.region(PRIMARY)
                .failoverTo(DR)
                .named("vibe-backup-restoration-test")
                .tier(IncidentTier.MINOR)
                // daily automated snapshots: the newest is at most a day (and its window) old
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(25)))
                .step("restore-newest", s -> s.restoreLatestSnapshot("vibe-postgres-production").in(PRIMARY)
                        .snapshotType(io.drplan.core.spi.DatabaseProvider.SnapshotType.ANY).as(scratch)
                        .subnetGroup("vibe-db-subnet-group"))
                .step("check-restored", s -> againstPrimary(s, "restore-newest", dbPassword))
                .step("delete-scratch", s -> s.deleteDatabase(scratch).in(PRIMARY).after("check-restored"))
                .build();
    }

    /**
     * The drill checklist's pre-drill checks: backups fresh in the DR region, the files bucket
     * protected, images replicated, and the DR environment ready (region, nodes, API server).
     */
    public static DrPlan preDrillChecks() {
        return DrPlan.region(PRIMARY)
                .failoverTo(DR)
                .named("vibe-pre-drill-checks")
                .tier(IncidentTier.MINOR)
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("backups", s -> s.checkBackupReplication("vibe-postgres-production").to(DR)
                        .maxLag(Duration.ofHours(1)))
                .step("files-bucket", s -> s.checkBucketProtection("vibe-files-production").in(PRIMARY))
                .step("images", s -> s.checkImagesReplicated()
                        .image("vibe-backend", "1.42.0").image("vibe-frontend", "1.42.0"))
                .step("dr-region", s -> s.verifyRegionUp(DR))
                .step("dr-nodes", s -> s.checkNodes(DR_CLUSTER).minimum(3).timeout(Duration.ofMinutes(5)))
                .step("dr-api", s -> s.checkApiServer(DR_CLUSTER).timeout(Duration.ofMinutes(5)))
                .build();
    }

    /**
     * The AWS part of Procedure 3 for a real account (or an emulator): verify the primary, check
     * the images in the DR registry, restore the newest snapshot in us-west-2, check the DR targets
     * and fail DNS over. The ids are the account's.
     */
    public static DrPlan awsRegionFailover(AwsIds ids) {
        return regionFailoverStage()
                .step("verify-primary", s -> s.verifyRegionDown(PRIMARY))
                .step("check-images", s -> s.checkImagesReplicated()
                        .image("vibe-backend", "1.42.0").image("vibe-frontend", "1.42.0"))
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup(ids.drSubnetGroup()).securityGroups(ids.drSecurityGroup())
                        .snapshotType(io.drplan.core.spi.DatabaseProvider.SnapshotType.ANY)
                        .after("verify-primary").timeout(Duration.ofMinutes(90)))
                .step("check-targets", s -> s.checkTargetHealth(ids.drTargetGroupArn()).minimum(1)
                        .timeout(Duration.ofMinutes(15)))
                .step("dns-failover", s -> s.dnsFailover(ids.hostedZoneId(), "api.vibe.dev")
                        .primary(DR_ALB).primaryHealthCheck(ids.drHealthCheckId())
                        .secondary(PRIMARY_ALB).secondaryHealthCheck(ids.primaryHealthCheckId())
                        .after("restore-db", "check-targets", "check-images"))
                .build();
    }

    /** The account-specific ids {@link #awsRegionFailover} needs. */
    public record AwsIds(String hostedZoneId, String drTargetGroupArn, String drSubnetGroup, String drSecurityGroup,
                         String primaryHealthCheckId, String drHealthCheckId) {
        /** The runbook's ids (hosted zone {@value VibePlans#HOSTED_ZONE}, {@code vibe-db-subnet-group-dr}, ...). */
        public static AwsIds runbook() {
            return new AwsIds(HOSTED_ZONE, DR_TARGET_GROUP, "vibe-db-subnet-group-dr", "sg-0vibedr",
                    "hc-vibe-primary", "hc-vibe-dr");
        }
    }

    /** Procedure 1: database failover (Multi-AZ), with the check that the AZ really changed. */
    public static DrPlan databaseFailover() {
        return DrPlan.region(PRIMARY)
                .failoverTo(DR)
                .named("vibe-db-multi-az-failover")
                .tier(IncidentTier.MAJOR)
                .objectives(o -> o.rto(Duration.ofHours(2)).rpo(Duration.ofMinutes(5)))
                .step("approve", s -> s.approval(Roles.ON_CALL, "force a Multi-AZ failover of vibe-postgres-production?"))
                .step("force-failover", s -> s.forceFailover("vibe-postgres-production").in(PRIMARY).after("approve"))
                .build();
    }

    /** Procedure 2: Redis failover of node group 0001. */
    public static DrPlan redisFailover() {
        return DrPlan.region(PRIMARY)
                .failoverTo(DR)
                .named("vibe-redis-failover")
                .tier(IncidentTier.MAJOR)
                .objectives(o -> o.rto(Duration.ofHours(2)).rpo(Duration.ofHours(1)))
                .step("approve", s -> s.approval(Roles.ON_CALL, "trigger a test failover of vibe-redis-production?"))
                .step("redis-failover", s -> s.cacheFailover("vibe-redis-production").nodeGroup("0001").in(PRIMARY)
                        .after("approve"))
                .build();
    }

    /** Rollback after deployment: history, undo, status, for the backend in the given cluster. */
    public static DrPlan rollbackDeployment(String cluster) {
        return DrPlan.region(PRIMARY)
                .failoverTo(DR)
                .named("vibe-rollback-backend")
                .tier(IncidentTier.MINOR)
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("undo-backend", s -> s.rolloutUndo(cluster, NAMESPACE, "vibe-backend"))
                .step("check-pods", s -> s.checkPods(cluster, NAMESPACE).label("app.kubernetes.io/component", "backend")
                        .after("undo-backend"))
                .build();
    }

    /** Where the runbook's Terraform configuration lives, relative to the Terraform provider's working directory. */
    public static final String TERRAFORM_DIR = "infrastructure/terraform";

    /**
     * Rollback after Terraform changes: {@code terraform plan} of {@code module.database} with the
     * previous instance class (the planned changes are noted in the report), the DevOps lead's
     * approval, then {@code terraform apply -target=module.database -var="db_instance_class=db.t4g.small"}
     * of exactly that saved plan; nothing is applied when the plan shows no changes.
     */
    public static DrPlan rollbackTerraform() {
        return DrPlan.region(PRIMARY)
                .failoverTo(DR)
                .named("vibe-rollback-terraform")
                .tier(IncidentTier.MINOR)
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("plan-rollback", s -> s.terraform(TERRAFORM_DIR).target("module.database")
                        .var("db_instance_class", "db.t4g.small").planOnly())
                .step("approve-rollback", s -> s.approval(Roles.DEVOPS_LEAD,
                        "apply the planned rollback of module.database (see plan-rollback's notes)?")
                        .after("plan-rollback"))
                .step("apply-rollback", s -> s.terraform(TERRAFORM_DIR)
                        .applySavedPlan(Refs.terraform("plan-rollback").planId()).after("approve-rollback"))
                .build();
    }
}
