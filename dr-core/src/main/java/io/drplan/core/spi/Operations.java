package io.drplan.core.spi;

import java.util.List;

/**
 * Every call drplan's built-in steps and providers make, in one catalog: the steps declare them
 * (previews, the critical path's call counts), the providers name them in their errors and
 * metrics, and the permission catalogs ({@code IamPermissions}, {@code KubernetesPermissions}) map
 * them to the permissions a run needs. AWS calls are named by their IAM action ({@code service} is
 * the IAM service prefix), Kubernetes calls {@code k8s:<verb> <resource>} as RBAC names them.
 *
 * <pre>{@code
 * List<String> actions = IamPermissions.create().permissionsFor(Operations.RDS_COPY_SNAPSHOT);
 * // [rds:CopyDBSnapshot, kms:CreateGrant, kms:DescribeKey]
 * }</pre>
 */
public final class Operations {
    // RDS
    public static final Operation RDS_DESCRIBE_INSTANCES = Operation.of("rds", "DescribeDBInstances");
    public static final Operation RDS_DESCRIBE_SNAPSHOTS = Operation.of("rds", "DescribeDBSnapshots");
    public static final Operation RDS_CREATE_SNAPSHOT = Operation.of("rds", "CreateDBSnapshot");
    public static final Operation RDS_COPY_SNAPSHOT = Operation.of("rds", "CopyDBSnapshot");
    public static final Operation RDS_RESTORE = Operation.of("rds", "RestoreDBInstanceFromDBSnapshot");
    public static final Operation RDS_RESTORE_PITR = Operation.of("rds", "RestoreDBInstanceToPointInTime");
    public static final Operation RDS_DESCRIBE_AUTOMATED_BACKUPS =
            Operation.of("rds", "DescribeDBInstanceAutomatedBackups");
    public static final Operation RDS_REBOOT = Operation.of("rds", "RebootDBInstance");
    public static final Operation RDS_PROMOTE_READ_REPLICA = Operation.of("rds", "PromoteReadReplica");
    public static final Operation RDS_DELETE_INSTANCE = Operation.of("rds", "DeleteDBInstance");
    public static final Operation RDS_DELETE_SNAPSHOT = Operation.of("rds", "DeleteDBSnapshot");

    // ElastiCache
    public static final Operation ELASTICACHE_DESCRIBE_REPLICATION_GROUPS =
            Operation.of("elasticache", "DescribeReplicationGroups");
    public static final Operation ELASTICACHE_TEST_FAILOVER = Operation.of("elasticache", "TestFailover");
    public static final Operation ELASTICACHE_CREATE_SNAPSHOT = Operation.of("elasticache", "CreateSnapshot");
    public static final Operation ELASTICACHE_DESCRIBE_SNAPSHOTS = Operation.of("elasticache", "DescribeSnapshots");
    public static final Operation ELASTICACHE_DELETE_REPLICATION_GROUP =
            Operation.of("elasticache", "DeleteReplicationGroup");

    // EC2
    public static final Operation EC2_DESCRIBE_VPCS = Operation.of("ec2", "DescribeVpcs");
    public static final Operation EC2_DESCRIBE_AVAILABILITY_ZONES = Operation.of("ec2", "DescribeAvailabilityZones");

    // ELBv2 (IAM prefix elasticloadbalancing)
    public static final Operation ELB_DESCRIBE_TARGET_HEALTH =
            Operation.of("elasticloadbalancing", "DescribeTargetHealth");

    // Route 53
    public static final Operation ROUTE53_CHANGE_RECORD_SETS = Operation.of("route53", "ChangeResourceRecordSets");
    public static final Operation ROUTE53_GET_CHANGE = Operation.of("route53", "GetChange");
    public static final Operation ROUTE53_LIST_RECORD_SETS = Operation.of("route53", "ListResourceRecordSets");
    public static final Operation ROUTE53_GET_HEALTH_CHECK_STATUS = Operation.of("route53", "GetHealthCheckStatus");

    // S3 (IAM action names, which differ from the API names for replication and lifecycle)
    public static final Operation S3_GET_VERSIONING = Operation.of("s3", "GetBucketVersioning");
    public static final Operation S3_GET_REPLICATION = Operation.of("s3", "GetReplicationConfiguration");
    public static final Operation S3_GET_LIFECYCLE = Operation.of("s3", "GetLifecycleConfiguration");
    /** {@code s3:GetBucketLocation}: the region of a replication rule's destination bucket. */
    public static final Operation S3_GET_BUCKET_LOCATION = Operation.of("s3", "GetBucketLocation");
    /** {@code s3:PutObject}; the S3 journal store appends each journal line with it. */
    public static final Operation S3_PUT_OBJECT = Operation.of("s3", "PutObject");
    /** {@code s3:ListBucket}, the IAM action of ListObjectsV2. */
    public static final Operation S3_LIST_BUCKET = Operation.of("s3", "ListBucket");
    /** {@code s3:GetObject}. */
    public static final Operation S3_GET_OBJECT = Operation.of("s3", "GetObject");

    // ECR
    public static final Operation ECR_DESCRIBE_REGISTRY = Operation.of("ecr", "DescribeRegistry");
    public static final Operation ECR_DESCRIBE_IMAGES = Operation.of("ecr", "DescribeImages");

    // EKS, STS
    public static final Operation EKS_DESCRIBE_CLUSTER = Operation.of("eks", "DescribeCluster");
    public static final Operation STS_GET_CALLER_IDENTITY = Operation.of("sts", "GetCallerIdentity");

    // Terraform (the CLI's subcommands; GetState reads the outputs of the state)
    public static final Operation TERRAFORM_WORKSPACE = Operation.of("terraform", "workspace");
    public static final Operation TERRAFORM_PLAN = Operation.of("terraform", "plan");
    public static final Operation TERRAFORM_APPLY = Operation.of("terraform", "apply");
    public static final Operation TERRAFORM_GET_STATE = Operation.of("terraform", "GetState");

    // Kubernetes (k8s:<verb> <resource>, as RBAC names them)
    public static final Operation K8S_GET_SECRET = Operation.of("k8s", "get secrets");
    public static final Operation K8S_CREATE_SECRET = Operation.of("k8s", "create secrets");
    public static final Operation K8S_PATCH_SECRET = Operation.of("k8s", "patch secrets");
    public static final Operation K8S_DELETE_SECRET = Operation.of("k8s", "delete secrets");
    public static final Operation K8S_PATCH_DEPLOYMENT = Operation.of("k8s", "patch deployments");
    public static final Operation K8S_GET_DEPLOYMENT = Operation.of("k8s", "get deployments");
    public static final Operation K8S_LIST_REPLICASETS = Operation.of("k8s", "list replicasets");
    public static final Operation K8S_LIST_PODS = Operation.of("k8s", "list pods");
    public static final Operation K8S_LIST_SERVICES = Operation.of("k8s", "list services");
    public static final Operation K8S_LIST_NODES = Operation.of("k8s", "list nodes");
    public static final Operation K8S_HEALTHZ = Operation.of("k8s", "get /healthz");
    public static final Operation K8S_POD_LOGS = Operation.of("k8s", "get pods/log");
    public static final Operation K8S_LIST_EVENTS = Operation.of("k8s", "list events");

    // HTTP and JDBC (the default probes)
    public static final Operation HTTP_GET = Operation.of("http", "GET");
    public static final Operation JDBC_COMPARE = Operation.of("jdbc", "compare");

    /** The AWS calls above, in declaration order: what {@code IamPermissions} must map. */
    public static final List<Operation> AWS = List.of(
            RDS_DESCRIBE_INSTANCES, RDS_DESCRIBE_SNAPSHOTS, RDS_CREATE_SNAPSHOT, RDS_COPY_SNAPSHOT, RDS_RESTORE,
            RDS_RESTORE_PITR, RDS_DESCRIBE_AUTOMATED_BACKUPS,
            RDS_REBOOT, RDS_PROMOTE_READ_REPLICA, RDS_DELETE_INSTANCE, RDS_DELETE_SNAPSHOT,
            ELASTICACHE_DESCRIBE_REPLICATION_GROUPS, ELASTICACHE_TEST_FAILOVER, ELASTICACHE_CREATE_SNAPSHOT,
            ELASTICACHE_DESCRIBE_SNAPSHOTS, ELASTICACHE_DELETE_REPLICATION_GROUP,
            EC2_DESCRIBE_VPCS, EC2_DESCRIBE_AVAILABILITY_ZONES,
            ELB_DESCRIBE_TARGET_HEALTH,
            ROUTE53_CHANGE_RECORD_SETS, ROUTE53_GET_CHANGE, ROUTE53_LIST_RECORD_SETS, ROUTE53_GET_HEALTH_CHECK_STATUS,
            S3_GET_VERSIONING, S3_GET_REPLICATION, S3_GET_LIFECYCLE, S3_GET_BUCKET_LOCATION, S3_PUT_OBJECT,
            S3_LIST_BUCKET, S3_GET_OBJECT,
            ECR_DESCRIBE_REGISTRY, ECR_DESCRIBE_IMAGES,
            EKS_DESCRIBE_CLUSTER, STS_GET_CALLER_IDENTITY);

    /** The Kubernetes calls above: what {@code KubernetesPermissions} must map. */
    public static final List<Operation> KUBERNETES = List.of(K8S_GET_SECRET, K8S_CREATE_SECRET, K8S_PATCH_SECRET,
            K8S_DELETE_SECRET, K8S_PATCH_DEPLOYMENT,
            K8S_GET_DEPLOYMENT, K8S_LIST_REPLICASETS, K8S_LIST_PODS, K8S_LIST_SERVICES, K8S_LIST_NODES, K8S_HEALTHZ,
            K8S_POD_LOGS, K8S_LIST_EVENTS);

    private Operations() { }
}
