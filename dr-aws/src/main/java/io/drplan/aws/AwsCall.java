package io.drplan.aws;

import io.drplan.core.Region;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one SDK call and turns any SDK exception into a {@link ProviderException} classified by
 * {@link Reason}: the one place where AWS error codes meet drplan's retry policy.
 */
final class AwsCall {
    /** Error codes AWS services use to say "slow down". */
    static final Set<String> THROTTLING_CODES = Set.of(
            "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException",
            "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown",
            "ProvisionedThroughputExceededException", "BandwidthLimitExceeded", "EC2ThrottledException",
            "PriorRequestNotComplete", "LimitExceededException");
    /** Error codes that mean the credentials themselves were refused (no IAM action to name). */
    static final Set<String> CREDENTIAL_CODES = Set.of(
            "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "ExpiredToken",
            "ExpiredTokenException", "InvalidAccessKeyId", "AuthFailure", "InvalidSignatureException",
            "MissingAuthenticationToken", "IncompleteSignature", "RequestExpired");

    /**
     * RDS's code when the snapshot's KMS key cannot be used (a cross-region copy or restore of an encrypted
     * snapshot without access to a key in the target region): an access problem, not a bad parameter.
     */
    static final String KMS_KEY_NOT_ACCESSIBLE = "KMSKeyNotAccessibleFault";

    private static final Pattern REFUSED_ACTION = Pattern.compile("perform:? ([a-z0-9-]+:[A-Za-z0-9*]+)");

    private AwsCall() { }

    /**
     * {@code service/region}, the endpoint a circuit breaker guards, e.g. {@code rds/us-west-2}; the
     * global Route 53 is {@code route53/global}, the same names dr-core's steps use.
     */
    static String endpoint(Operation op, Region region) {
        return op.service() + "/" + (region == null ? "global" : region.code());
    }

    /**
     * Runs {@code call}; an SDK exception becomes a {@link ProviderException}.
     *
     * @param target what the call was about, for the message, e.g. {@code DB instance 'vibe-postgres-dr'}
     */
    static <T> T run(Operation op, Region region, String target, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(e, op, region, target);
        }
    }

    /** Like {@link #run} for calls whose answer is not needed. */
    static void exec(Operation op, Region region, String target, Runnable call) {
        run(op, region, target, () -> {
            call.run();
            return null;
        });
    }

    static ProviderException translate(SdkException e, Operation op, Region region, String target) {
        String endpoint = endpoint(op, region);
        String where = region == null ? "" : " in " + region.code();
        if (e instanceof AwsServiceException ase) {
            AwsErrorDetails details = ase.awsErrorDetails();
            String code = details == null ? null : details.errorCode();
            String awsMessage = details == null ? ase.getMessage() : details.errorMessage();
            String refusedBatch = code == null ? invalidChangeBatch(details) : null;
            if (refusedBatch != null) {
                code = "InvalidChangeBatch";
                awsMessage = refusedBatch;
            }
            int status = ase.statusCode();
            Reason reason = classify(code, status, ase.isThrottlingException());
            String permission = null;
            boolean credentials = code != null && CREDENTIAL_CODES.contains(code);
            boolean kms = KMS_KEY_NOT_ACCESSIBLE.equals(code);
            if (kms) {
                // RDS needs a grant on the key to use it on the caller's behalf.
                permission = "kms:CreateGrant";
            } else if (reason == Reason.ACCESS_DENIED && !credentials) {
                permission = refusedAction(awsMessage, op);
            }
            String said = "(" + (code == null ? "no error code" : code) + ", HTTP " + status
                    + (awsMessage == null || awsMessage.isBlank() ? "" : ": " + awsMessage)
                    + (ase.requestId() == null ? "" : ", request id " + ase.requestId()) + ")";
            String message = op + " failed for " + target + " on " + endpoint + ": " + describe(reason) + " "
                    + said + ". " + (kms ? kmsAdvice(where) : advice(reason, op, where, permission, credentials));
            return new ProviderException(reason, op.toString(), endpoint, permission, message, e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || (e instanceof SdkClientException && hasCause(e, IOException.class))) {
            Throwable root = rootCause(e);
            String message = op + " failed for " + target + " on " + endpoint + ": the endpoint could not be"
                    + " reached or did not answer in time (" + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage()) + "). "
                    + advice(Reason.UNAVAILABLE, op, where, null, false);
            return new ProviderException(Reason.UNAVAILABLE, op.toString(), endpoint, null, message, e);
        }
        String message = op + " failed for " + target + " on " + endpoint + ": " + e.getMessage()
                + ". " + advice(Reason.OTHER, op, where, null, false);
        return new ProviderException(Reason.OTHER, op.toString(), endpoint, null, message, e);
    }

    private static final Pattern BATCH_MESSAGE = Pattern.compile("<Message>(.*?)</Message>", Pattern.DOTALL);

    /**
     * The messages of Route 53's {@code InvalidChangeBatch} error, which has its own shape ({@code
     * <InvalidChangeBatch><Messages><Message>..}) that the SDK does not read; null for any other error.
     */
    static String invalidChangeBatch(AwsErrorDetails details) {
        if (details == null || details.rawResponse() == null) {
            return null;
        }
        String body = details.rawResponse().asUtf8String();
        if (!body.contains("<InvalidChangeBatch")) {
            return null;
        }
        java.util.List<String> messages = new java.util.ArrayList<>();
        Matcher m = BATCH_MESSAGE.matcher(body);
        while (m.find()) {
            messages.add(m.group(1).trim());
        }
        return String.join("; ", messages);
    }

    /** The reason for an AWS error code and HTTP status; order matters (SlowDown is a 503, NotFound may be a 400). */
    static Reason classify(String code, int status, boolean sdkSaysThrottling) {
        String c = code == null ? "" : code;
        if (sdkSaysThrottling || status == 429 || THROTTLING_CODES.contains(c)) {
            return Reason.THROTTLED;
        }
        if (c.startsWith("AccessDenied") || c.equals("UnauthorizedOperation") || c.equals("AuthorizationError")
                || c.equals("UnauthorizedException") || c.equals("NotAuthorized") || CREDENTIAL_CODES.contains(c)
                || c.equals(KMS_KEY_NOT_ACCESSIBLE)
                || (c.isEmpty() && status == 403)) {
            return Reason.ACCESS_DENIED;
        }
        if (status >= 500) {
            return Reason.SERVER_ERROR;
        }
        if (c.contains("NotFound") || c.startsWith("NoSuch") || status == 404) {
            return Reason.NOT_FOUND;
        }
        if (c.contains("AlreadyExist") || c.contains("Conflict") || c.equals("ConcurrentModification")
                || status == 409) {
            return Reason.CONFLICT;
        }
        if (c.startsWith("Invalid") || c.contains("Validation") || c.contains("State") || c.startsWith("Malformed")
                || c.startsWith("Missing") || c.contains("QuotaExceeded") || c.contains("NotAvailable")
                || c.contains("Unsupported") || c.equals("PermanentRedirect") || c.equals("AuthorizationHeaderMalformed")
                || status == 400 || status == 301) {
            return Reason.INVALID_REQUEST;
        }
        return Reason.OTHER;
    }

    /** The IAM action AWS named as refused, or the operation's own action. */
    static String refusedAction(String awsMessage, Operation op) {
        if (awsMessage != null) {
            Matcher m = REFUSED_ACTION.matcher(awsMessage);
            if (m.find()) {
                return m.group(1);
            }
        }
        return op.toString();
    }

    private static String describe(Reason reason) {
        return switch (reason) {
            case THROTTLED -> "AWS throttled the call";
            case SERVER_ERROR -> "AWS failed on its side";
            case UNAVAILABLE -> "the endpoint could not be reached";
            case NOT_FOUND -> "it does not exist";
            case ACCESS_DENIED -> "access denied";
            case INVALID_REQUEST -> "AWS rejected the request";
            case CONFLICT -> "it already exists or conflicts with the current state";
            case OTHER -> "unexpected error";
        };
    }

    private static String advice(Reason reason, Operation op, String where, String permission, boolean credentials) {
        return switch (reason) {
            case THROTTLED -> "Retryable: the engine backs off and tries again; if it persists, lower the plan's"
                    + " concurrency or ask AWS for a higher " + op.service() + " quota" + where;
            case SERVER_ERROR -> "Retryable: if it persists, check the AWS Health Dashboard for " + op.service() + where;
            case UNAVAILABLE -> "Retryable: check the network, the region and the endpoint override"
                    + " (AwsClients.builder().endpointOverride(..))";
            case NOT_FOUND -> "Check the identifier and that it exists" + where;
            case ACCESS_DENIED -> credentials
                    ? "The credentials were refused: check them, their region and their expiry"
                    : "Grant " + permission + " to the caller's IAM policy; IamPermissions.policyDocument(..)"
                    + " prints the least-privilege policy for a plan";
            case INVALID_REQUEST -> "Not retryable: fix the parameters, or wait until the resource is in a state"
                    + " that allows " + op.action();
            case CONFLICT -> "Not retryable: choose another identifier or remove the existing resource";
            case OTHER -> "Not retryable: see the cause";
        };
    }

    private static String kmsAdvice(String where) {
        return "The KMS key of the encrypted snapshot is not accessible" + where + ": grant kms:CreateGrant and"
                + " kms:DescribeKey on it to the caller, and for a cross-region copy or restore give a KMS key of the"
                + " target region that the caller may use";
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
