package io.drplan.testkit.fake;

import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider.DbInstance;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import io.drplan.core.spi.HttpProbe.HttpResult;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.ObjectStorageProvider.LifecycleRule;
import io.drplan.core.spi.ObjectStorageProvider.ReplicationRule;
import io.drplan.core.spi.ObjectStorageProvider.Transition;
import io.drplan.core.spi.ProviderException.Reason;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runbook's platform (see {@code FakeCloud.vibePlatform}); every id is a constant here. */
final class VibePlatform {
    static final Region PRIMARY = Region.of("us-east-1");
    static final Region DR = Region.of("us-west-2");
    static final String DB = "vibe-postgres-production";
    static final String NAMESPACE = "vibe-production";
    static final String ZONE = "Z0VIBEDEV0001";
    static final String API = "api.vibe.dev";
    static final String HEALTH_URI = "https://api.vibe.dev/health";
    static final String TF_DIR = "infrastructure/terraform";
    static final String DR_TARGET_GROUP =
            "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/vibe-backend-dr/0123456789abcdef";
    static final String PRIMARY_TARGET_GROUP =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/vibe-backend/fedcba9876543210";
    private static final DateTimeFormatter SNAPSHOT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SNAPSHOT_DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private VibePlatform() { }

    static void seed(Simulation sim) {
        Instant t0 = sim.now();

        // Databases
        FakeDatabases db = sim.databases();
        db.addSubnetGroup(PRIMARY, "vibe-db-subnet-group").addSubnetGroup(DR, "vibe-db-subnet-group-dr")
                .addSecurityGroup(PRIMARY, "sg-0vibeprod").addSecurityGroup(DR, "sg-0vibedr");
        DbInstance primaryDb = db.addInstance(PRIMARY, DB, b -> b.multiAz(true).availabilityZone("us-east-1a")
                .secondaryAvailabilityZone("us-east-1b").engine("postgres").instanceClass("db.t4g.medium"));
        // What AWS would have in the DR region: the primary's automated backups replicated there (kept 7 days,
        // restorable to a few minutes ago; AWS lists no automated snapshots of a us-east-1 instance in
        // us-west-2), and last week's manual snapshot, copied there by the weekly backup procedure.
        db.replicateAutomatedBackups(PRIMARY, DB, DR, 7, t0.minus(Duration.ofDays(30)));
        // The runbook's Backup Strategy (BackupPolicy.runbook()): automated backups kept 7 days in the 02:00-03:00
        // UTC window, encrypted storage; so an audit of this platform is clean.
        db.setBackupSettings(PRIMARY, DB, 7, "02:00-03:00", true);
        db.addSnapshot(DR, DB, "vibe-manual-snapshot-20251225-dr", SnapshotType.MANUAL, t0.minus(Duration.ofDays(7)));
        // In the primary region, the runbook's backup strategy: daily automated backups in the 02:00-03:00
        // window kept 7 days, and weekly manual snapshots kept 30 days.
        Instant backup = t0.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofMinutes(150));
        if (!backup.isBefore(t0)) {
            backup = backup.minus(Duration.ofDays(1));
        }
        for (int d = 6; d >= 0; d--) {
            Instant at = backup.minus(Duration.ofDays(d));
            db.addSnapshot(PRIMARY, DB, "rds:" + DB + "-" + SNAPSHOT_TIME.format(at), SnapshotType.AUTOMATED, at);
        }
        for (int w = 4; w >= 1; w--) {
            Instant at = t0.minus(Duration.ofDays(7L * w));
            db.addSnapshot(PRIMARY, DB, "vibe-manual-snapshot-" + SNAPSHOT_DAY.format(at), SnapshotType.MANUAL, at);
        }

        // Redis
        sim.caches().addReplicationGroup(PRIMARY, "vibe-redis-production", g -> g.automaticFailover(true)
                .nodeGroup("0001", "vibe-redis-production-0001-001", "us-east-1a",
                        "vibe-redis-production-0001-002", "us-east-1b"))
                // daily snapshots kept 3 days (the runbook's Redis backups)
                .setSnapshotSettings(PRIMARY, "vibe-redis-production", 3, "03:00-04:00");

        // S3
        LifecycleRule lifecycle = new LifecycleRule("archive-and-expire", "Enabled",
                List.of(new Transition(30, "STANDARD_IA"), new Transition(90, "GLACIER")), 365);
        sim.objectStorage().addBucket(PRIMARY, new BucketProtection("vibe-files-production", "Enabled",
                List.of(new ReplicationRule("replicate-to-dr", "Enabled", "arn:aws:s3:::vibe-files-dr")),
                List.of(lifecycle)));
        sim.objectStorage().addBucket(DR, new BucketProtection("vibe-files-dr", "Enabled", List.of(), List.of(lifecycle)));

        // ECR
        sim.registries().replicate(PRIMARY, DR);
        for (Region r : List.of(PRIMARY, DR)) {
            sim.registries().addImage(r, "vibe-backend", "1.42.0").addImage(r, "vibe-frontend", "1.42.0");
        }

        // VPCs and AZs
        sim.regionHealth().addVpc(PRIMARY, "vpc-0vibeuse1").addAvailabilityZones(PRIMARY, "us-east-1a", "us-east-1b",
                "us-east-1c");
        sim.regionHealth().addVpc(DR, "vpc-0vibeusw2").addAvailabilityZones(DR, "us-west-2a", "us-west-2b",
                "us-west-2c");

        // Route 53
        sim.dns().addHostedZone(ZONE).addHealthCheck("hc-vibe-primary", PRIMARY).addHealthCheck("hc-vibe-dr", DR)
                .addRecord(ZONE, new FailoverRecord(API, "CNAME", FailoverRole.PRIMARY, "primary",
                        "vibe-alb-use1.us-east-1.elb.amazonaws.com", 60, "hc-vibe-primary"))
                .addRecord(ZONE, new FailoverRecord(API, "CNAME", FailoverRole.SECONDARY, "secondary",
                        "vibe-alb-usw2.us-west-2.elb.amazonaws.com", 60, "hc-vibe-dr"));

        // Clusters
        String password = sim.randomString(20);
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("DATABASE_URL", "postgresql://vibe:" + password + "@" + primaryDb.endpoint() + ":5432/vibe");
        secrets.put("REDIS_URL", "rediss://master.vibe-redis-production." + sim.randomString(6)
                + ".use1.cache.amazonaws.com:6379");
        secrets.put("JWT_SECRET", sim.randomString(32));
        cluster(sim, "primary-cluster", PRIMARY, "10.0", "ec2.internal", secrets);
        cluster(sim, "dr-cluster", DR, "10.1", "us-west-2.compute.internal", secrets);

        // Load balancers: the DR target group gets its targets from the DR Terraform apply.
        sim.loadBalancers().addTargetGroup(PRIMARY, PRIMARY_TARGET_GROUP, "10.0.1.21", "10.0.2.22", "10.0.3.23")
                .bindToDeployment(PRIMARY_TARGET_GROUP, "primary-cluster", NAMESPACE, "vibe-backend");
        sim.loadBalancers().addTargetGroup(DR, DR_TARGET_GROUP)
                .bindToDeployment(DR_TARGET_GROUP, "dr-cluster", NAMESPACE, "vibe-backend");

        // Terraform
        sim.infrastructure().addDirectory(TF_DIR, 42).markApplied(TF_DIR, "default")
                .workspaceRegion(TF_DIR, "default", PRIMARY).workspaceRegion(TF_DIR, "dr", DR)
                .onApply(TF_DIR, "dr", () -> sim.loadBalancers()
                        .registerTargets(DR_TARGET_GROUP, "10.1.1.21", "10.1.2.22", "10.1.3.23"));

        // Data integrity: the restored DR database holds the primary's data up to its restore point; the primary
        // keeps taking ~12 writes a minute meanwhile (a drill does not stop it), so the measured loss is the time since
        // the restore point. A test models a lagging or corrupted restore with cloud.integrity().answer(..).
        sim.integrity().answerFromRestorePoint("vibe-postgres-dr", DR, 12);

        // The application's health endpoint
        sim.http().route(URI.create(HEALTH_URI), () -> health(sim));
    }

    private static void cluster(Simulation sim, String name, Region region, String net, String domain,
                                Map<String, String> secrets) {
        FakeCluster c = sim.addCluster(name, region);
        for (int i = 1; i <= 3; i++) {
            c.addNode("ip-" + net.replace('.', '-') + "-" + i + "-10." + domain);
        }
        c.addSecret(NAMESPACE, "vibe-secrets", secrets);
        c.addDeployment(NAMESPACE, "vibe-backend", d -> d.replicas(3).label("app.kubernetes.io/name", "vibe-backend")
                .label("app.kubernetes.io/component", "backend").revisions(2).envFromSecret("vibe-secrets"));
        c.addDeployment(NAMESPACE, "vibe-frontend", d -> d.replicas(2).label("app.kubernetes.io/name", "vibe-frontend")
                .label("app.kubernetes.io/component", "frontend").revisions(2));
        c.addService(NAMESPACE, "vibe-backend", "ClusterIP", net + ".100.10", 8080);
        c.addService(NAMESPACE, "vibe-frontend", "ClusterIP", net + ".100.11", 80);
    }

    /** What the application answers: it needs its region, its pods and a database it can reach. */
    private static HttpResult health(Simulation sim) {
        String op = "http:GET";
        String endpoint = "http/" + API;
        FailoverRecord record = sim.dns().resolve(ZONE, API).orElseThrow(() -> Simulation.error(Reason.UNAVAILABLE,
                op, endpoint, "could not resolve " + API + ": no failover record in " + ZONE + " is healthy"));
        Region region = FakeDns.regionOf(record).orElseThrow(() -> Simulation.error(Reason.UNAVAILABLE, op, endpoint,
                "could not connect to " + record.value() + ": it is not a load balancer of a known region"));
        if (!sim.isUp(region)) {
            throw Simulation.error(Reason.UNAVAILABLE, op, endpoint, "could not connect to " + record.value()
                    + ": region " + region + " is down");
        }
        FakeCluster cluster = sim.clustersIn(region).stream().findFirst().orElse(null);
        if (cluster == null) {
            return down("no cluster serves " + region);
        }
        if (!cluster.rolloutComplete(NAMESPACE, "vibe-backend")) {
            return down("vibe-backend in " + cluster.name() + " is not ready: " + cluster.rollout(NAMESPACE, "vibe-backend")
                    .map(Object::toString).orElse("no such deployment"));
        }
        List<String> hosts = sim.databases().availableEndpoints(region);
        List<String> urls = cluster.readyPodEnvironment(NAMESPACE, "vibe-backend", "DATABASE_URL");
        boolean connected = !urls.isEmpty() && urls.stream().allMatch(u -> hosts.stream().anyMatch(u::contains));
        if (!connected) {
            return down("vibe-backend pods in " + cluster.name() + " cannot reach their database: DATABASE_URL of "
                    + NAMESPACE + "/vibe-secrets (as the pods read it at start) names no available database in "
                    + region);
        }
        return new HttpResult(200, "{\"status\":\"ok\"}");
    }

    private static HttpResult down(String reason) {
        return new HttpResult(503, "{\"status\":\"unavailable\",\"reason\":\"" + reason.replace("\"", "'") + "\"}");
    }
}
