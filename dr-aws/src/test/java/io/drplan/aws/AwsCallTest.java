package io.drplan.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.Operations;
import io.drplan.core.Region;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsCallTest {
    private static final Region WEST = Region.of("us-west-2");

    private static AwsServiceException serviceError(String code, int status, String message) {
        return AwsServiceException.builder().statusCode(status).requestId("req-1")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .build();
    }

    @ParameterizedTest(name = "{0} / HTTP {1} -> {2}")
    @CsvSource({
            "Throttling, 400, THROTTLED",
            "ThrottlingException, 400, THROTTLED",
            "TooManyRequestsException, 429, THROTTLED",
            "RequestLimitExceeded, 503, THROTTLED",
            "SlowDown, 503, THROTTLED",
            "PriorRequestNotComplete, 400, THROTTLED",
            "'', 429, THROTTLED",
            "InternalFailure, 500, SERVER_ERROR",
            "ServiceUnavailable, 503, SERVER_ERROR",
            "'', 502, SERVER_ERROR",
            "DBInstanceNotFound, 404, NOT_FOUND",
            "DBSnapshotNotFound, 404, NOT_FOUND",
            "ReplicationGroupNotFoundFault, 404, NOT_FOUND",
            "InvalidVpcID.NotFound, 400, NOT_FOUND",
            "NoSuchHostedZone, 404, NOT_FOUND",
            "NoSuchBucket, 404, NOT_FOUND",
            "RepositoryNotFoundException, 400, NOT_FOUND",
            "'', 404, NOT_FOUND",
            "AccessDenied, 403, ACCESS_DENIED",
            "AccessDeniedException, 400, ACCESS_DENIED",
            "UnauthorizedOperation, 403, ACCESS_DENIED",
            "InvalidClientTokenId, 403, ACCESS_DENIED",
            "ExpiredToken, 400, ACCESS_DENIED",
            "'', 403, ACCESS_DENIED",
            "InvalidParameterValue, 400, INVALID_REQUEST",
            "InvalidParameterCombination, 400, INVALID_REQUEST",
            "ValidationError, 400, INVALID_REQUEST",
            "InvalidDBInstanceState, 400, INVALID_REQUEST",
            "InvalidChangeBatch, 400, INVALID_REQUEST",
            "TestFailoverNotAvailableFault, 400, INVALID_REQUEST",
            "KMSKeyNotAccessibleFault, 400, ACCESS_DENIED",
            "'', 400, INVALID_REQUEST",
            "PermanentRedirect, 301, INVALID_REQUEST",
            "DBInstanceAlreadyExists, 400, CONFLICT",
            "DBSnapshotAlreadyExists, 400, CONFLICT",
            "SnapshotAlreadyExistsFault, 400, CONFLICT",
            "ConcurrentModification, 400, CONFLICT",
            "'', 409, CONFLICT",
            "SomethingNew, 418, OTHER",
    })
    void classify_errorCodeAndStatus_givesReason(String code, int status, Reason expected) {
        assertThat(AwsCall.classify(code, status, false)).isEqualTo(expected);
    }

    @Test
    void translate_accessDenied_takesTheActionAwsNamedNotTheOperation() {
        AwsServiceException e = serviceError("AccessDenied", 403, "User: arn:aws:iam::1:user/x is not authorized to"
                + " perform: kms:CreateGrant on resource: arn:aws:kms:us-west-2:1:key/k");

        ProviderException p = AwsCall.translate(e, Operations.RDS_COPY_SNAPSHOT, WEST, "copy of snapshot 's'");

        assertThat(p.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(p.permission()).contains("kms:CreateGrant");
        assertThat(p.operation()).isEqualTo("rds:CopyDBSnapshot");
        assertThat(p.endpoint()).isEqualTo("rds/us-west-2");
        assertThat(p.getCause()).isSameAs(e);
    }

    @Test
    void translate_kmsKeyNotAccessible_isAccessDeniedNamingCreateGrantAndTheTargetRegionsKey() {
        AwsServiceException e = serviceError("KMSKeyNotAccessibleFault", 400,
                "The specified KMS key is not accessible.");

        ProviderException p = AwsCall.translate(e, Operations.RDS_COPY_SNAPSHOT, WEST, "copy of snapshot 's'");

        assertThat(p.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(p.isRetryable()).isFalse();
        assertThat(p.permission()).contains("kms:CreateGrant");
        assertThat(p.getMessage()).isEqualTo("rds:CopyDBSnapshot failed for copy of snapshot 's' on rds/us-west-2:"
                + " access denied (KMSKeyNotAccessibleFault, HTTP 400: The specified KMS key is not accessible.,"
                + " request id req-1). The KMS key of the encrypted snapshot is not accessible in us-west-2: grant"
                + " kms:CreateGrant and kms:DescribeKey on it to the caller, and for a cross-region copy or restore"
                + " give a KMS key of the target region that the caller may use");
    }

    @Test
    void translate_accessDeniedWithoutActionInMessage_namesTheOperationsAction() {
        ProviderException p = AwsCall.translate(serviceError("UnauthorizedOperation", 403,
                "You are not authorized to perform this operation."), Operations.EC2_DESCRIBE_VPCS, WEST, "VPCs");

        assertThat(p.permission()).contains("ec2:DescribeVpcs");
        assertThat(p.getMessage()).endsWith("Grant ec2:DescribeVpcs to the caller's IAM policy;"
                + " IamPermissions.policyDocument(..) prints the least-privilege policy for a plan");
    }

    @Test
    void translate_refusedCredentials_namesNoPermission() {
        ProviderException p = AwsCall.translate(serviceError("InvalidClientTokenId", 403,
                "The security token included in the request is invalid."), Operations.STS_GET_CALLER_IDENTITY, WEST,
                "the caller");

        assertThat(p.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(p.permission()).isEmpty();
        assertThat(p.getMessage()).isEqualTo("sts:GetCallerIdentity failed for the caller on sts/us-west-2: access"
                + " denied (InvalidClientTokenId, HTTP 403: The security token included in the request is invalid.,"
                + " request id req-1). The credentials were refused: check them, their region and their expiry");
    }

    @Test
    void translate_ioFailure_isUnavailable() {
        SdkClientException e = SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused"));

        ProviderException p = AwsCall.translate(e, Operations.ROUTE53_GET_CHANGE, null, "change 'C1'");

        assertThat(p.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(p.isRetryable()).isTrue();
        assertThat(p.endpoint()).isEqualTo("route53/global");
        assertThat(p.getMessage()).isEqualTo("route53:GetChange failed for change 'C1' on route53/global: the"
                + " endpoint could not be reached or did not answer in time (ConnectException: Connection refused)."
                + " Retryable: check the network, the region and the endpoint override"
                + " (AwsClients.builder().endpointOverride(..))");
    }

    @Test
    void translate_apiCallTimeout_isUnavailable() {
        ProviderException p = AwsCall.translate(ApiCallTimeoutException.create(800),
                Operations.RDS_DESCRIBE_INSTANCES, WEST, "DB instance 'x'");

        assertThat(p.reason()).isEqualTo(Reason.UNAVAILABLE);
    }

    @Test
    void translate_clientErrorWithoutIo_isOtherAndNotRetryable() {
        ProviderException p = AwsCall.translate(SdkClientException.create("Unable to unmarshall response"),
                Operations.RDS_DESCRIBE_INSTANCES, WEST, "DB instance 'x'");

        assertThat(p.reason()).isEqualTo(Reason.OTHER);
        assertThat(p.isRetryable()).isFalse();
        assertThat(p.getMessage()).isEqualTo("rds:DescribeDBInstances failed for DB instance 'x' on rds/us-west-2:"
                + " Unable to unmarshall response. Not retryable: see the cause");
    }

    @Test
    void translate_ioCauseDeepInChain_isUnavailable() {
        SdkClientException e = SdkClientException.create("outer", new RuntimeException(new IOException("reset")));

        assertThat(AwsCall.translate(e, Operations.S3_GET_VERSIONING, WEST, "bucket 'b'").reason())
                .isEqualTo(Reason.UNAVAILABLE);
    }
}
