/**
 * drplan's providers on the AWS SDK for Java v2: RDS, ElastiCache, EC2, ELBv2, Route 53, S3, ECR,
 * EKS, STS; the S3 journal store and the IAM policy a plan needs.
 */
module io.drplan.aws {
    requires transitive io.drplan.core;
    requires org.slf4j;
    requires transitive software.amazon.awssdk.core;
    requires transitive software.amazon.awssdk.awscore;
    requires transitive software.amazon.awssdk.auth;
    requires transitive software.amazon.awssdk.regions;
    requires transitive software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.apache5;
    requires software.amazon.awssdk.retries.api;
    requires transitive software.amazon.awssdk.services.rds;
    requires transitive software.amazon.awssdk.services.elasticache;
    requires transitive software.amazon.awssdk.services.ec2;
    requires transitive software.amazon.awssdk.services.elasticloadbalancingv2;
    requires transitive software.amazon.awssdk.services.route53;
    requires transitive software.amazon.awssdk.services.s3;
    requires transitive software.amazon.awssdk.services.ecr;
    requires transitive software.amazon.awssdk.services.eks;
    requires transitive software.amazon.awssdk.services.sts;

    exports io.drplan.aws;
}
