package io.drplan.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.Operations;
import io.drplan.core.spi.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class IamPermissionsTest {
    private final IamPermissions iam = IamPermissions.create();

    @Test
    void permissionsFor_restore_needsTaggingAndKms() {
        assertThat(iam.permissionsFor(Operations.RDS_RESTORE)).containsExactly(
                "rds:RestoreDBInstanceFromDBSnapshot", "rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey");
    }

    @Test
    void permissionsFor_encryptedCopy_needsKmsGrant() {
        assertThat(iam.permissionsFor(Operations.RDS_COPY_SNAPSHOT))
                .containsExactly("rds:CopyDBSnapshot", "kms:CreateGrant", "kms:DescribeKey", "rds:AddTagsToResource");
    }

    @Test
    void permissionsFor_s3Replication_usesIamActionNameNotApiName() {
        assertThat(iam.permissionsFor(Operations.S3_GET_REPLICATION)).containsExactly("s3:GetReplicationConfiguration");
    }

    @Test
    void permissionsFor_everyAwsOperation_startsWithItsOwnAction() {
        for (Operation op : Operations.AWS) {
            assertThat(iam.permissionsFor(op)).as(op.toString()).first().isEqualTo(op.toString());
        }
    }

    @Test
    void permissionsFor_unknownOperation_isEmpty() {
        assertThat(iam.permissionsFor(Operation.of("k8s", "patch secrets"))).isEmpty();
    }

    @Test
    void policyDocument_operationsWithoutResources_starOnlyInTheTwoStatementsSayingWhy() {
        String policy = iam.policyDocument(List.of(Operations.EC2_DESCRIBE_VPCS, Operations.RDS_DESCRIBE_SNAPSHOTS,
                Operations.ELB_DESCRIBE_TARGET_HEALTH, Operations.RDS_DESCRIBE_SNAPSHOTS,
                Operation.of("k8s", "patch secrets")));

        assertThat(policy).isEqualTo("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Sid": "ResourcesNotNamedByThePlan",
                      "Effect": "Allow",
                      "Action": ["rds:DescribeDBSnapshots"],
                      "Resource": "*"
                    },
                    {
                      "Sid": "ActionsAwsDoesNotScopeToResources",
                      "Effect": "Allow",
                      "Action": [
                        "ec2:DescribeVpcs",
                        "elasticloadbalancing:DescribeTargetHealth"
                      ],
                      "Resource": "*"
                    }
                  ]
                }
                """);
    }

    @Test
    void policyDocument_s3JournalStoreOperations_allowsExactlyItsThreeActions() {
        String policy = iam.policyDocument(S3JournalStore.OPERATIONS);

        assertThat(policy).isEqualTo("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Sid": "ResourcesNotNamedByThePlan",
                      "Effect": "Allow",
                      "Action": [
                        "s3:GetObject",
                        "s3:ListBucket",
                        "s3:PutObject"
                      ],
                      "Resource": "*"
                    }
                  ]
                }
                """);
    }

    @Test
    void policyDocument_aStoresOperations_nameItsBucketAndKeyPrefixOnly() {
        try (AwsClients clients = AwsClients.builder().endpointOverride(java.net.URI.create("http://127.0.0.1:1"))
                .staticCredentials("AKIDEXAMPLE", io.drplan.core.Secret.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
                .build()) {
            S3JournalStore store = S3JournalStore.in(clients, io.drplan.core.Region.of("us-west-2"), "vibe-drplan-journal",
                    "drplan/");

            String policy = IamPermissions.forAccount("123456789012").policyDocument(store.operations());

            assertThat(policy).doesNotContain("\"Resource\": \"*\"", "ResourcesNotNamedByThePlan")
                    .contains("\"arn:aws:s3:::vibe-drplan-journal\"", "\"arn:aws:s3:::vibe-drplan-journal/drplan/*\"");
            assertThat(policy.split("\"Sid\"")).hasSize(3);   // objects and the bucket: two statements
            assertThat(policy.substring(policy.indexOf("s3:ListBucket"))).startsWith("s3:ListBucket\"")
                    .contains("\"arn:aws:s3:::vibe-drplan-journal\"");
        }
    }

    @Test
    void policyDocument_noOperations_hasNoStatement() {
        assertThat(iam.policyDocument(List.of())).isEqualTo("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n");
    }

    @Test
    void policyDocument_unknownAccount_starSegmentInArns() {
        String policy = iam.policyDocument(List.of(Operations.RDS_DESCRIBE_INSTANCES.on(
                Operation.Target.in("us-west-2", "db", "vibe-postgres-dr"))));

        assertThat(policy).contains("\"Resource\": [\"arn:aws:rds:us-west-2:*:db:vibe-postgres-dr\"]");
    }

    @Test
    void forAccount_notTwelveDigits_namesTheFix() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IamPermissions.forAccount("12345"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accountId must be 12 digits but was '12345'; use the Account of aws sts get-caller-identity,"
                        + " or IamPermissions.create() for any account");
    }

    @Test
    void permissionsFor_scopedOperation_sameActionsAsUnscoped() {
        assertThat(iam.permissionsFor(Operations.RDS_RESTORE.on(Operation.Target.in("us-west-2", "db", "x"))))
                .isEqualTo(iam.permissionsFor(Operations.RDS_RESTORE));
    }

    @Test
    void actionsFor_duplicates_areSortedAndUnique() {
        assertThat(iam.actionsFor(List.of(Operations.RDS_CREATE_SNAPSHOT, Operations.RDS_RESTORE)))
                .containsExactly("kms:CreateGrant", "kms:DescribeKey", "rds:AddTagsToResource", "rds:CreateDBSnapshot",
                        "rds:RestoreDBInstanceFromDBSnapshot");
    }

    private static io.drplan.core.DrPlan procedure3() {
        return io.drplan.core.DrPlan.region("us-east-1").failoverTo("us-west-2").named("vibe-region-failover")
                .objectives(o -> o.rto(java.time.Duration.ofHours(4)).rpo(java.time.Duration.ofHours(1)))
                .step("verify-primary", s -> s.verifySourceRegionDown())
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr").after("verify-primary"))
                .step("check-targets", s -> s.checkTargetHealth("arn:aws:elasticloadbalancing:us-west-2:123456789012:"
                        + "targetgroup/vibe-tg-dr/0123456789abcdef").minimum(3))
                .step("dns-failover", s -> s.dnsFailover("Z0VIBEDEV0001", "api.vibe.dev")
                        .primary("vibe-alb-usw2.us-west-2.elb.amazonaws.com").after("restore-db", "check-targets"))
                .step("redis", s -> s.cacheFailover("vibe-redis-production").nodeGroup("0001"))
                .build();
    }

    @Test
    void policyDocument_procedure3_namesThePlansResourcesWithConditions() {
        String policy = IamPermissions.forAccount("123456789012").policyDocument(procedure3().preview().operations());

        assertThat(policy).isEqualTo("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Sid": "PlanResources1",
                      "Effect": "Allow",
                      "Action": [
                        "elasticache:DescribeReplicationGroups",
                        "elasticache:TestFailover"
                      ],
                      "Resource": ["arn:aws:elasticache:us-east-1:123456789012:replicationgroup:vibe-redis-production"]
                    },
                    {
                      "Sid": "PlanResources2",
                      "Effect": "Allow",
                      "Action": ["rds:DeleteDBInstance"],
                      "Resource": ["arn:aws:rds:us-west-2:123456789012:db:vibe-postgres-dr"],
                      "Condition": {
                        "Null": {
                          "aws:ResourceTag/drplan:managed": "false"
                        }
                      }
                    },
                    {
                      "Sid": "PlanResources3",
                      "Effect": "Allow",
                      "Action": ["rds:DescribeDBInstances"],
                      "Resource": ["arn:aws:rds:us-west-2:123456789012:db:vibe-postgres-dr"]
                    },
                    {
                      "Sid": "PlanResources4",
                      "Effect": "Allow",
                      "Action": ["rds:CreateDBSnapshot"],
                      "Resource": [
                        "arn:aws:rds:us-west-2:123456789012:db:vibe-postgres-dr",
                        "arn:aws:rds:us-west-2:123456789012:snapshot:*"
                      ]
                    },
                    {
                      "Sid": "PlanResources5",
                      "Effect": "Allow",
                      "Action": [
                        "rds:AddTagsToResource",
                        "rds:RestoreDBInstanceFromDBSnapshot"
                      ],
                      "Resource": [
                        "arn:aws:rds:us-west-2:123456789012:db:vibe-postgres-dr",
                        "arn:aws:rds:us-west-2:123456789012:snapshot:*",
                        "arn:aws:rds:us-west-2:123456789012:subgrp:vibe-db-subnet-group-dr"
                      ],
                      "Condition": {
                        "Null": {
                          "aws:RequestTag/drplan:managed": "false"
                        }
                      }
                    },
                    {
                      "Sid": "PlanResources6",
                      "Effect": "Allow",
                      "Action": ["rds:DescribeDBSnapshots"],
                      "Resource": [
                        "arn:aws:rds:us-west-2:123456789012:db:vibe-postgres-production",
                        "arn:aws:rds:us-west-2:123456789012:snapshot:*"
                      ]
                    },
                    {
                      "Sid": "PlanResources7",
                      "Effect": "Allow",
                      "Action": ["route53:GetChange"],
                      "Resource": ["arn:aws:route53:::change/*"]
                    },
                    {
                      "Sid": "PlanResources8",
                      "Effect": "Allow",
                      "Action": ["route53:ChangeResourceRecordSets"],
                      "Resource": ["arn:aws:route53:::hostedzone/Z0VIBEDEV0001"],
                      "Condition": {
                        "ForAllValues:StringEquals": {
                          "route53:ChangeResourceRecordSetsActions": "UPSERT",
                          "route53:ChangeResourceRecordSetsNormalizedRecordNames": "api.vibe.dev"
                        }
                      }
                    },
                    {
                      "Sid": "PlanResources9",
                      "Effect": "Allow",
                      "Action": ["route53:ListResourceRecordSets"],
                      "Resource": ["arn:aws:route53:::hostedzone/Z0VIBEDEV0001"]
                    },
                    {
                      "Sid": "KmsOnlyThroughRds1",
                      "Effect": "Allow",
                      "Action": ["kms:CreateGrant"],
                      "Resource": "*",
                      "Condition": {
                        "Bool": {
                          "kms:GrantIsForAWSResource": "true"
                        },
                        "StringEquals": {
                          "kms:ViaService": "rds.us-west-2.amazonaws.com"
                        }
                      }
                    },
                    {
                      "Sid": "KmsOnlyThroughRds2",
                      "Effect": "Allow",
                      "Action": ["kms:DescribeKey"],
                      "Resource": "*",
                      "Condition": {
                        "StringEquals": {
                          "kms:ViaService": "rds.us-west-2.amazonaws.com"
                        }
                      }
                    },
                    {
                      "Sid": "ActionsAwsDoesNotScopeToResources",
                      "Effect": "Allow",
                      "Action": [
                        "ec2:DescribeAvailabilityZones",
                        "ec2:DescribeVpcs",
                        "elasticloadbalancing:DescribeTargetHealth"
                      ],
                      "Resource": "*"
                    }
                  ]
                }
                """);
    }

    /** Every built-in step that calls AWS, once: their operations must all be in the one AWS catalog. */
    private static io.drplan.core.DrPlan everyAwsStep() {
        return io.drplan.core.DrPlan.region("us-east-1").failoverTo("us-west-2").named("every-aws-step")
                .objectives(o -> o.rto(java.time.Duration.ofHours(4)).rpo(java.time.Duration.ofHours(1)))
                .step("down", s -> s.verifySourceRegionDown())
                .step("up", s -> s.verifyRegionUp("us-west-2"))
                .step("restore", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr"))
                .step("restore-named", s -> s.restoreSnapshot("vibe-manual-snapshot-20260101-dr").as("vibe-postgres-dr2")
                        .subnetGroup("vibe-db-subnet-group-dr"))
                .step("snapshot", s -> s.createSnapshot("vibe-postgres-production").as("vibe-manual-snapshot-20260101"))
                .step("copy", s -> s.copySnapshot("vibe-manual-snapshot-20260101").as("vibe-manual-snapshot-20260101-dr")
                        .after("snapshot"))
                .step("fresh", s -> s.checkBackupFreshness("vibe-postgres-production").maxAge(java.time.Duration.ofHours(1)))
                .step("prune", s -> s.pruneSnapshots("vibe-postgres-production").prefix("vibe-manual-snapshot-").olderThan(java.time.Duration.ofDays(30)))
                .step("multi-az", s -> s.forceFailover("vibe-postgres-production"))
                .step("promote", s -> s.promoteReadReplica("vibe-postgres-replica"))
                .step("redis", s -> s.cacheFailover("vibe-redis-production"))
                .step("targets", s -> s.checkTargetHealth("arn:aws:elasticloadbalancing:us-west-2:123456789012:"
                        + "targetgroup/vibe-tg-dr/0123456789abcdef"))
                .step("dns", s -> s.dnsFailover("Z0VIBEDEV0001", "api.vibe.dev").primary("dr.vibe.dev"))
                .step("dns-ready", s -> s.checkDnsFailover("Z0VIBEDEV0001", "api.vibe.dev"))
                .step("bucket", s -> s.checkBucketProtection("vibe-files-production"))
                .step("images", s -> s.checkImagesReplicated().image("vibe-backend", "1.42.0"))
                .build();
    }

    @Test
    void permissionsFor_everyOperationOfTheBuiltInAwsSteps_isInTheCatalog() {
        var ops = everyAwsStep().preview().operations();

        assertThat(ops).isNotEmpty().allSatisfy(op -> assertThat(iam.permissionsFor(op)).as(op.toString()).isNotEmpty());
    }

    @Test
    void policyDocument_everyBuiltInAwsStep_starOnlyForActionsAwsDoesNotScope() {
        String policy = IamPermissions.forAccount("123456789012").policyDocument(everyAwsStep().preview().operations());

        assertThat(policy).doesNotContain("ResourcesNotNamedByThePlan")
                .contains("\"arn:aws:rds:us-west-2:123456789012:snapshot:vibe-manual-snapshot-20260101-dr\"",
                        "\"arn:aws:rds:us-east-1:123456789012:db:vibe-postgres-production\"",
                        "\"arn:aws:s3:::vibe-files-production\"",
                        "\"arn:aws:ecr:us-west-2:123456789012:repository/vibe-backend\"");
    }
}
