package io.drplan.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class IamPermissionsTest {
    private final IamPermissions iam = IamPermissions.create();

    @Test
    void permissionsFor_restore_needsTaggingAndKms() {
        assertThat(iam.permissionsFor(AwsOperations.RDS_RESTORE)).containsExactly(
                "rds:RestoreDBInstanceFromDBSnapshot", "rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey");
    }

    @Test
    void permissionsFor_encryptedCopy_needsKmsGrant() {
        assertThat(iam.permissionsFor(AwsOperations.RDS_COPY_SNAPSHOT))
                .containsExactly("rds:CopyDBSnapshot", "kms:CreateGrant", "kms:DescribeKey", "rds:AddTagsToResource");
    }

    @Test
    void permissionsFor_s3Replication_usesIamActionNameNotApiName() {
        assertThat(iam.permissionsFor(AwsOperations.S3_GET_REPLICATION)).containsExactly("s3:GetReplicationConfiguration");
    }

    @Test
    void permissionsFor_everyAwsOperation_startsWithItsOwnAction() {
        for (Operation op : AwsOperations.ALL) {
            assertThat(iam.permissionsFor(op)).as(op.toString()).first().isEqualTo(op.toString());
        }
    }

    @Test
    void permissionsFor_unknownOperation_isEmpty() {
        assertThat(iam.permissionsFor(Operation.of("k8s", "patch secrets"))).isEmpty();
    }

    @Test
    void policyDocument_procedure3Operations_oneAllowStatementWithSortedUniqueActions() {
        String policy = iam.policyDocument(List.of(AwsOperations.EC2_DESCRIBE_VPCS, AwsOperations.RDS_DESCRIBE_SNAPSHOTS,
                AwsOperations.RDS_RESTORE, AwsOperations.RDS_DESCRIBE_INSTANCES,
                AwsOperations.ELB_DESCRIBE_TARGET_HEALTH, AwsOperations.ROUTE53_CHANGE_RECORD_SETS,
                AwsOperations.ROUTE53_GET_CHANGE, AwsOperations.RDS_RESTORE, Operation.of("k8s", "patch secrets")));

        assertThat(policy).isEqualTo("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Sid": "DrplanLeastPrivilege",
                      "Effect": "Allow",
                      "Action": [
                        "ec2:DescribeVpcs",
                        "elasticloadbalancing:DescribeTargetHealth",
                        "kms:CreateGrant",
                        "kms:DescribeKey",
                        "rds:AddTagsToResource",
                        "rds:DescribeDBInstances",
                        "rds:DescribeDBSnapshots",
                        "rds:RestoreDBInstanceFromDBSnapshot",
                        "route53:ChangeResourceRecordSets",
                        "route53:GetChange"
                      ],
                      "Resource": "*"
                    }
                  ]
                }
                """);
    }

    @Test
    void policyDocument_noOperations_hasEmptyActionList() {
        assertThat(iam.policyDocument(List.of())).contains("\"Action\": [],");
    }

    @Test
    void actionsFor_duplicates_areSortedAndUnique() {
        assertThat(iam.actionsFor(List.of(AwsOperations.RDS_CREATE_SNAPSHOT, AwsOperations.RDS_RESTORE)))
                .containsExactly("kms:CreateGrant", "kms:DescribeKey", "rds:AddTagsToResource", "rds:CreateDBSnapshot",
                        "rds:RestoreDBInstanceFromDBSnapshot");
    }
}
