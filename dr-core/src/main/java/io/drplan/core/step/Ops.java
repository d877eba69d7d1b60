package io.drplan.core.step;

import io.drplan.core.Region;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Operation.Target;

/** The operations built-in steps make, named like the services name them (IAM actions for AWS). */
final class Ops {
    private Ops() { }

    static final Operation RDS_DESCRIBE_INSTANCES = Operation.of("rds", "DescribeDBInstances");
    static final Operation RDS_DESCRIBE_SNAPSHOTS = Operation.of("rds", "DescribeDBSnapshots");
    static final Operation RDS_CREATE_SNAPSHOT = Operation.of("rds", "CreateDBSnapshot");
    static final Operation RDS_COPY_SNAPSHOT = Operation.of("rds", "CopyDBSnapshot");
    static final Operation RDS_RESTORE = Operation.of("rds", "RestoreDBInstanceFromDBSnapshot");
    static final Operation RDS_RESTORE_PITR = Operation.of("rds", "RestoreDBInstanceToPointInTime");
    static final Operation RDS_DESCRIBE_AUTOMATED_BACKUPS = Operation.of("rds", "DescribeDBInstanceAutomatedBackups");
    static final Operation RDS_REBOOT = Operation.of("rds", "RebootDBInstance");
    static final Operation RDS_PROMOTE = Operation.of("rds", "PromoteReadReplica");
    static final Operation RDS_DELETE_INSTANCE = Operation.of("rds", "DeleteDBInstance");
    static final Operation RDS_DELETE_SNAPSHOT = Operation.of("rds", "DeleteDBSnapshot");
    static final Operation CACHE_DESCRIBE = Operation.of("elasticache", "DescribeReplicationGroups");
    static final Operation CACHE_TEST_FAILOVER = Operation.of("elasticache", "TestFailover");
    static final Operation S3_READ_PROTECTION = Operation.of("s3", "GetBucketVersioning");
    static final Operation S3_READ_REPLICATION = Operation.of("s3", "GetReplicationConfiguration");
    static final Operation S3_READ_LIFECYCLE = Operation.of("s3", "GetLifecycleConfiguration");
    static final Operation DNS_CHANGE = Operation.of("route53", "ChangeResourceRecordSets");
    static final Operation DNS_GET_CHANGE = Operation.of("route53", "GetChange");
    static final Operation DNS_LIST = Operation.of("route53", "ListResourceRecordSets");
    static final Operation DNS_HEALTH_CHECK_STATUS = Operation.of("route53", "GetHealthCheckStatus");
    static final Operation ELB_TARGET_HEALTH = Operation.of("elasticloadbalancing", "DescribeTargetHealth");
    static final Operation ECR_DESCRIBE_REGISTRY = Operation.of("ecr", "DescribeRegistry");
    static final Operation ECR_DESCRIBE_IMAGES = Operation.of("ecr", "DescribeImages");
    static final Operation EC2_DESCRIBE_VPCS = Operation.of("ec2", "DescribeVpcs");
    static final Operation EC2_DESCRIBE_AZS = Operation.of("ec2", "DescribeAvailabilityZones");
    static final Operation TF_WORKSPACE = Operation.of("terraform", "workspace");
    static final Operation TF_PLAN = Operation.of("terraform", "plan");
    static final Operation TF_APPLY = Operation.of("terraform", "apply");
    static final Operation K8S_PATCH_SECRET = Operation.of("k8s", "patch secrets");
    static final Operation K8S_PATCH_DEPLOYMENT = Operation.of("k8s", "patch deployments");
    static final Operation K8S_GET_DEPLOYMENT = Operation.of("k8s", "get deployments");
    static final Operation K8S_LIST_REPLICASETS = Operation.of("k8s", "list replicasets");
    static final Operation K8S_LIST_PODS = Operation.of("k8s", "list pods");
    static final Operation K8S_LIST_SERVICES = Operation.of("k8s", "list services");
    static final Operation K8S_LIST_NODES = Operation.of("k8s", "list nodes");
    static final Operation K8S_HEALTHZ = Operation.of("k8s", "get /healthz");
    static final Operation K8S_POD_LOGS = Operation.of("k8s", "get pods/log");
    static final Operation K8S_LIST_EVENTS = Operation.of("k8s", "list events");
    static final Operation HTTP_GET = Operation.of("http", "GET");

    /** Route 53 is global: one endpoint, up whatever region is down. */
    static final String ROUTE53 = "route53/global";

    /**
     * {@code op} on the targets that are known ({@code null} ones, from a setting the plan left out
     * and {@code build()} reports, are skipped).
     */
    static Operation on(Operation op, Target... targets) {
        Target[] known = java.util.Arrays.stream(targets).filter(java.util.Objects::nonNull).toArray(Target[]::new);
        return known.length == 0 ? op : op.on(known);
    }

    /** A regional target, or null when its region or id is not set. */
    static Target in(String region, String type, String id) {
        return region == null || id == null || !Region.isKnown(region) ? null : Target.in(region, type, id);
    }

    /** A global target, or null when its id is not set. */
    static Target global(String type, String id) {
        return id == null ? null : Target.global(type, id);
    }

    static String aws(String service, Region region) {
        return service + "/" + region;
    }

    static String k8s(String cluster) {
        return "k8s/" + cluster;
    }
}
