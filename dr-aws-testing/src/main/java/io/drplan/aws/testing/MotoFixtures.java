package io.drplan.aws.testing;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.DrPlan;
import io.drplan.core.spi.DatabaseProvider.SnapshotType;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * Seeds moto_server with the runbook's resources, using plain SDK clients (not drplan's), so tests
 * can run the runbook's procedures against them. {@link #seedRunbook} lays out everything
 * Procedure 3 (full region failover us-east-1 → us-west-2) touches.
 */
public final class MotoFixtures {
    public static final String PRIMARY_REGION = "us-east-1";
    public static final String DR_REGION = "us-west-2";
    public static final String PRIMARY_DB = "vibe-postgres-production";
    public static final String DR_DB = "vibe-postgres-dr";
    public static final String DR_SUBNET_GROUP = "vibe-db-subnet-group-dr";
    public static final String REDIS_GROUP = "vibe-redis-production";
    public static final String ZONE_NAME = "vibe.dev.";
    public static final String API_NAME = "api.vibe.dev.";
    public static final String PRIMARY_ALB = "vibe-alb-use1.us-east-1.elb.amazonaws.com";
    public static final String DR_ALB = "vibe-alb-usw2.us-west-2.elb.amazonaws.com";
    public static final String FILES_BUCKET = "vibe-files-production";
    public static final String FILES_BUCKET_DR = "vibe-files-dr";
    public static final String DR_CLUSTER = "dr-cluster";
    public static final List<String> REPOSITORIES = List.of("vibe-backend", "vibe-frontend");
    public static final String IMAGE_TAG = "1.42.0";

    private MotoFixtures() { }

    /** The network a restore in the DR region needs. */
    public record DrNetwork(String vpcId, List<String> subnetIds, String securityGroupId, String subnetGroup) { }

    /** What {@link #seedRunbook} created, with the ids tests and plans need. */
    public record RunbookResources(String primaryDb, String primarySnapshotId, String drSnapshotId,
                                   DrNetwork drNetwork, String hostedZoneId, String healthCheckId,
                                   String drHealthCheckId, String drTargetGroupArn, String redisGroup,
                                   String filesBucket, String drCluster) { }

    /** A Multi-AZ PostgreSQL instance in us-east-1 with 7 days of automated backups. */
    public static void createPrimaryDatabase(MotoServer moto, String instanceId) {
        RdsClient rds = moto.sdk(RdsClient.builder(), PRIMARY_REGION);
        rds.createDBInstance(r -> r.dbInstanceIdentifier(instanceId)
                .engine("postgres")
                .dbInstanceClass("db.t4g.medium")
                .masterUsername("vibe")
                .masterUserPassword("not-a-real-password")
                .allocatedStorage(100)
                .multiAZ(true)
                .availabilityZone("us-east-1a")
                .backupRetentionPeriod(7)
                .preferredBackupWindow("02:00-03:00"));
    }

    /** A VPC with two subnets, a security group and the DB subnet group {@code subnetGroup} in us-west-2. */
    public static DrNetwork createDrNetwork(MotoServer moto, String subnetGroup) {
        Ec2Client ec2 = moto.sdk(Ec2Client.builder(), DR_REGION);
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16")).vpc().vpcId();
        String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.1.1.0/24").availabilityZone("us-west-2a"))
                .subnet().subnetId();
        String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.1.2.0/24").availabilityZone("us-west-2b"))
                .subnet().subnetId();
        String sg = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("vibe-db-dr").description("DR database"))
                .groupId();
        moto.sdk(RdsClient.builder(), DR_REGION).createDBSubnetGroup(r -> r.dbSubnetGroupName(subnetGroup)
                .dbSubnetGroupDescription("DR database subnets").subnetIds(a, b));
        return new DrNetwork(vpc, List.of(a, b), sg, subnetGroup);
    }

    /**
     * Everything the runbook's Procedure 3 touches: the primary database with a manual snapshot
     * copied to us-west-2 ({@code <snapshot>-dr}), the DR network and DB subnet group
     * {@value #DR_SUBNET_GROUP}, hosted zone {@value #ZONE_NAME} with PRIMARY/SECONDARY failover
     * records for {@value #API_NAME}, health checks on both load balancers, a target group in
     * us-west-2 with three healthy targets, the Redis replication group, the files bucket with versioning,
     * replication and lifecycle, ECR repositories replicated to us-west-2 with an image, and the EKS
     * DR cluster.
     */
    public static RunbookResources seedRunbook(MotoServer moto) {
        createPrimaryDatabase(moto, PRIMARY_DB);
        RdsClient east = moto.sdk(RdsClient.builder(), PRIMARY_REGION);
        RdsClient west = moto.sdk(RdsClient.builder(), DR_REGION);
        String snapshot = "vibe-manual-snapshot-20260101";
        String snapshotArn = east.createDBSnapshot(r -> r.dbInstanceIdentifier(PRIMARY_DB).dbSnapshotIdentifier(snapshot))
                .dbSnapshot().dbSnapshotArn();
        west.copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier(snapshotArn).targetDBSnapshotIdentifier(snapshot + "-dr")
                .sourceRegion(PRIMARY_REGION));
        DrNetwork network = createDrNetwork(moto, DR_SUBNET_GROUP);

        Route53Client r53 = moto.sdk(Route53Client.builder(), "aws-global");
        String zoneId = r53.createHostedZone(r -> r.name(ZONE_NAME).callerReference("drplan-seed"))
                .hostedZone().id().replace("/hostedzone/", "");
        String healthCheckId = healthCheck(r53, "drplan-seed-hc", PRIMARY_ALB);
        String drHealthCheckId = healthCheck(r53, "drplan-seed-hc-dr", DR_ALB);
        r53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(
                c -> c.action(ChangeAction.CREATE).resourceRecordSet(s -> s.name(API_NAME).type(RRType.CNAME)
                        .setIdentifier("primary").failover(ResourceRecordSetFailover.PRIMARY).ttl(60L)
                        .healthCheckId(healthCheckId).resourceRecords(v -> v.value(PRIMARY_ALB))),
                c -> c.action(ChangeAction.CREATE).resourceRecordSet(s -> s.name(API_NAME).type(RRType.CNAME)
                        .setIdentifier("secondary").failover(ResourceRecordSetFailover.SECONDARY).ttl(60L)
                        .resourceRecords(v -> v.value(DR_ALB))))));

        ElasticLoadBalancingV2Client elb = moto.sdk(ElasticLoadBalancingV2Client.builder(), DR_REGION);
        String targetGroupArn = elb.createTargetGroup(r -> r.name("vibe-backend-dr").protocol("HTTP").port(8080)
                .vpcId(network.vpcId()).targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
        elb.registerTargets(r -> r.targetGroupArn(targetGroupArn).targets(t -> t.id("10.1.1.10").port(8080),
                t -> t.id("10.1.1.11").port(8080), t -> t.id("10.1.2.10").port(8080)));

        moto.sdk(ElastiCacheClient.builder(), PRIMARY_REGION).createReplicationGroup(r -> r
                .replicationGroupId(REDIS_GROUP).replicationGroupDescription("Vibe cache").engine("redis")
                .cacheNodeType("cache.t4g.medium").numCacheClusters(2).automaticFailoverEnabled(true));

        seedBuckets(moto);
        seedRegistries(moto);
        moto.sdk(EksClient.builder(), DR_REGION).createCluster(r -> r.name(DR_CLUSTER)
                .roleArn("arn:aws:iam::123456789012:role/eks-dr").resourcesVpcConfig(v -> v.subnetIds(network.subnetIds())));

        return new RunbookResources(PRIMARY_DB, snapshot, snapshot + "-dr", network, zoneId, healthCheckId,
                drHealthCheckId, targetGroupArn, REDIS_GROUP, FILES_BUCKET, DR_CLUSTER);
    }

    private static String healthCheck(Route53Client r53, String reference, String fqdn) {
        return r53.createHealthCheck(r -> r.callerReference(reference).healthCheckConfig(c -> c
                .type(HealthCheckType.HTTPS).fullyQualifiedDomainName(fqdn).resourcePath("/health")
                .port(443).requestInterval(30).failureThreshold(3))).healthCheck().id();
    }

    /**
     * The AWS steps of the runbook's Procedure 3 against what {@link #seedRunbook} created: verify the
     * primary region, check the images are in the DR registry, restore the newest snapshot in us-west-2
     * as {@value #DR_DB}, check the DR target group, then point {@code api.vibe.dev}'s PRIMARY record
     * at the DR load balancer. Retries are fast (20 ms, at most 100 ms) so fault-injection tests stay quick.
     * Run it with {@code RunOptions.defaults().forced()}: moto's us-east-1 always answers.
     */
    public static DrPlan procedure3(RunbookResources seeded) {
        return DrPlan.region(PRIMARY_REGION)
                .failoverTo(DR_REGION)
                .named("vibe-region-failover")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)).mttr(Duration.ofHours(2)))
                .retry(r -> r.initialDelay(Duration.ofMillis(20)).maxDelay(Duration.ofMillis(100)))
                .step("verify-primary", s -> s.verifySourceRegionDown())
                .step("images", s -> s.checkImagesReplicated()
                        .image("vibe-backend", IMAGE_TAG).image("vibe-frontend", IMAGE_TAG))
                .step("restore-db", s -> s.restoreLatestSnapshot(PRIMARY_DB).as(DR_DB)
                        .subnetGroup(DR_SUBNET_GROUP)
                        .securityGroups(seeded.drNetwork().securityGroupId())
                        .snapshotType(SnapshotType.ANY)
                        .after("verify-primary"))
                .step("dr-targets", s -> s.checkTargetHealth(DR_REGION, seeded.drTargetGroupArn()).minimum(3))
                .step("dns", s -> s.dnsFailover(seeded.hostedZoneId(), "api.vibe.dev")
                        .primary(DR_ALB).primaryHealthCheck(seeded.drHealthCheckId())
                        .secondary(PRIMARY_ALB).secondaryHealthCheck(seeded.healthCheckId())
                        .after("restore-db", "dr-targets", "images"))
                .build();
    }

    /** The files bucket (versioned, replicated to {@value #FILES_BUCKET_DR}, IA after 30 d, Glacier after 90 d). */
    public static void seedBuckets(MotoServer moto) {
        S3Client east = moto.sdk(S3Client.builder().forcePathStyle(true), PRIMARY_REGION);
        S3Client west = moto.sdk(S3Client.builder().forcePathStyle(true), DR_REGION);
        east.createBucket(r -> r.bucket(FILES_BUCKET));
        west.createBucket(r -> r.bucket(FILES_BUCKET_DR).createBucketConfiguration(c -> c.locationConstraint(DR_REGION)));
        east.putBucketVersioning(r -> r.bucket(FILES_BUCKET)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        west.putBucketVersioning(r -> r.bucket(FILES_BUCKET_DR)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        east.putBucketReplication(r -> r.bucket(FILES_BUCKET).replicationConfiguration(c -> c
                .role("arn:aws:iam::123456789012:role/s3-replication")
                .rules(rule -> rule.id("to-dr").status(ReplicationRuleStatus.ENABLED).priority(1)
                        .filter(f -> f.prefix(""))
                        .deleteMarkerReplication(d -> d.status("Disabled"))
                        .destination(d -> d.bucket("arn:aws:s3:::" + FILES_BUCKET_DR)))));
        east.putBucketLifecycleConfiguration(r -> r.bucket(FILES_BUCKET).lifecycleConfiguration(c -> c.rules(rule -> rule
                .id("tiering").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                .transitions(t -> t.days(30).storageClass(TransitionStorageClass.STANDARD_IA),
                        t -> t.days(90).storageClass(TransitionStorageClass.GLACIER))
                .noncurrentVersionExpiration(n -> n.noncurrentDays(365)))));
    }

    /** ECR repositories in both regions with {@value #IMAGE_TAG}, and replication us-east-1 → us-west-2. */
    public static void seedRegistries(MotoServer moto) {
        EcrClient east = moto.sdk(EcrClient.builder(), PRIMARY_REGION);
        east.putReplicationConfiguration(r -> r.replicationConfiguration(c -> c.rules(rule -> rule
                .destinations(d -> d.region(DR_REGION).registryId("123456789012")))));
        for (String region : List.of(PRIMARY_REGION, DR_REGION)) {
            EcrClient ecr = moto.sdk(EcrClient.builder(), region);
            for (String repo : REPOSITORIES) {
                ecr.createRepository(r -> r.repositoryName(repo));
                ecr.putImage(r -> r.repositoryName(repo).imageTag(IMAGE_TAG).imageManifest(manifest(repo)));
            }
        }
    }

    private static String manifest(String repo) {
        String digest = String.format("%064x", Math.abs((long) repo.hashCode()));
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":7023,"
                + "\"digest\":\"sha256:" + digest + "\"},\"layers\":[]}";
    }
}
