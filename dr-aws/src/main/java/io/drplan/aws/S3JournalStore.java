package io.drplan.aws;

import static io.drplan.aws.AwsCall.run;

import io.drplan.core.spi.Operations;
import io.drplan.core.Region;
import io.drplan.core.spi.JournalStore;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.paginators.ListObjectsV2Iterable;

/**
 * A {@link JournalStore} in an S3 bucket, so that a process in another machine or region can resume
 * an execution whose host died. <b>Put the bucket in the DR region</b> (the region you fail over
 * to), never in the region that fails: a journal that lives only in the failed region cannot be read
 * when it is needed.
 *
 * <pre>{@code
 * try (AwsClients clients = AwsClients.create()) {
 *     JournalStore journal = S3JournalStore.in(clients, Region.of("us-west-2"), "vibe-dr-journal", "drplan/");
 *     DrEngine engine = DrEngine.builder().providers(providers).journal(journal).build();
 *     ExecutionReport report = engine.execute(plan);
 *     // after a crash, on any machine that reaches us-west-2:
 *     engine.resume(plan, report.executionId());
 * }
 * }</pre>
 *
 * <p>S3 cannot append to an object, so every line is an object of its own,
 * {@code <prefix><executionId>/<sequence>.json}, the sequence zero-padded to
 * {@value #SEQUENCE_DIGITS} digits from {@code 0000000001} so that S3's key order is the journal's
 * order. {@link #read} lists the keys (paginated) and gets each object in key order; keys under the
 * execution's folder that are not of that form are ignored.
 *
 * <p><b>No line is ever overwritten:</b> every PutObject carries {@code If-None-Match: *}, so S3
 * refuses it (412) when the key already exists. The next sequence number is kept in memory per
 * execution and recovered from a listing the first time this store touches an execution (a resuming
 * process continues after the last line of the one that died). When the put is refused, this store
 * reads the existing object: if it holds the very same line, an earlier attempt whose answer was lost
 * had written it and the append is done; otherwise another writer got there first, so the store
 * lists again and writes after the last line (logged at WARN: two processes writing one execution's
 * journal means the execution lock was bypassed). A concurrent conditional write that S3 answers
 * with 409 is handled the same way.
 *
 * <p>The engine does not retry journal writes, and a failed append stops the execution, so this store
 * retries throttling, 5xx and lost connections itself with the SDK's standard retry strategy
 * (exponential backoff with jitter, 3 attempts) on its own requests only, whatever the
 * {@link AwsClients} were built with; a conditional put retried after a lost answer is safe, as
 * above. Errors that remain become {@link ProviderException}s, classified like every dr-aws error,
 * with operations {@link #PUT_OBJECT}, {@link #LIST_BUCKET} and {@link #GET_OBJECT}.
 *
 * <p>Thread-safe: appends to one execution are serialized in this process, appends to different
 * executions run in parallel.
 */
public final class S3JournalStore implements JournalStore {
    /** Digits of the zero-padded sequence number in each key. */
    public static final int SEQUENCE_DIGITS = 10;
    /** {@code s3:PutObject}, one per appended line. */
    public static final Operation PUT_OBJECT = Operations.S3_PUT_OBJECT;
    /** {@code s3:ListBucket}, the IAM action of ListObjectsV2. */
    public static final Operation LIST_BUCKET = Operations.S3_LIST_BUCKET;
    /** {@code s3:GetObject}, one per line read. */
    public static final Operation GET_OBJECT = Operations.S3_GET_OBJECT;
    /** The calls any store makes, on no bucket in particular; {@link #operations()} names this store's. */
    public static final List<Operation> OPERATIONS = List.of(PUT_OBJECT, LIST_BUCKET, GET_OBJECT);

    private static final Logger log = LoggerFactory.getLogger(S3JournalStore.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern LINE_KEY = Pattern.compile("\\d{" + SEQUENCE_DIGITS + "}\\.json");
    private static final long MAX_SEQUENCE = 9_999_999_999L;
    /** Appends that lose the race to other writers this many times in a row give up. */
    private static final int MAX_CONFLICTS = 10;
    private static final RetryStrategy RETRIES = AwsRetryStrategy.standardRetryStrategy();
    private static final SdkPlugin RETRYING = config -> config.overrideConfiguration(
            config.overrideConfiguration().toBuilder().retryStrategy(RETRIES).build());

    private final AwsClients clients;
    private final Region region;
    private final String bucket;
    private final String prefix;
    /** Per execution: the next sequence number to write, once known; the object is also the append lock. */
    private final ConcurrentMap<String, Cursor> cursors = new ConcurrentHashMap<>();

    private S3JournalStore(AwsClients clients, Region region, String bucket, String prefix) {
        this.clients = clients;
        this.region = region;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /**
     * A store in {@code bucket} of {@code region}, every key starting with {@code prefix}.
     *
     * @param clients the AWS clients (not closed by this store)
     * @param region  the bucket's region: the DR region, not the one that fails
     * @param bucket  an existing bucket; this store never creates it
     * @param prefix  prepended to every key, e.g. {@code drplan/}; may be empty
     */
    public static S3JournalStore in(AwsClients clients, Region region, String bucket, String prefix) {
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(prefix, "prefix");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be blank but was "
                    + (bucket == null ? "null" : "'" + bucket + "'"));
        }
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must not start with '/' but was '" + prefix
                    + "'; S3 keys have no leading slash, use e.g. 'drplan/'");
        }
        return new S3JournalStore(clients, region, bucket, prefix);
    }

    /**
     * The calls this store makes, on its bucket and under its key prefix, for a least-privilege
     * policy: {@code IamPermissions.forAccount(account).policyDocument(store.operations())} allows
     * {@code s3:PutObject} and {@code s3:GetObject} on {@code arn:aws:s3:::<bucket>/<prefix>*} and
     * {@code s3:ListBucket} on {@code arn:aws:s3:::<bucket>}, nothing on other buckets.
     */
    public List<Operation> operations() {
        Operation.Target objects = Operation.Target.global("object", bucket + "/" + prefix + "*");
        return List.of(PUT_OBJECT.on(objects), LIST_BUCKET.on(Operation.Target.global("bucket", bucket)),
                GET_OBJECT.on(objects));
    }

    /** The key of line {@code sequence} (1-based) of {@code executionId}'s journal. */
    public String key(String executionId, long sequence) {
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence must be between 1 and " + MAX_SEQUENCE + " but was " + sequence);
        }
        return folder(executionId) + String.format(Locale.ROOT, "%0" + SEQUENCE_DIGITS + "d.json", sequence);
    }

    @Override
    public void append(String executionId, String line) {
        String folder = folder(executionId);
        Objects.requireNonNull(line, "line");
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a journal line must not contain a line break");
        }
        Cursor cursor = cursors.computeIfAbsent(executionId, k -> new Cursor());
        synchronized (cursor) {
            for (int conflicts = 0; ; conflicts++) {
                if (cursor.next == 0) {
                    cursor.next = lastSequence(folder) + 1;
                }
                String key = key(executionId, cursor.next);
                if (putIfAbsent(key, line)) {
                    cursor.next++;
                    return;
                }
                if (line.equals(get(key))) {
                    // an attempt whose answer was lost wrote it: the line is there once, which is what we want
                    cursor.next++;
                    return;
                }
                if (conflicts + 1 >= MAX_CONFLICTS) {
                    cursor.next = 0;
                    throw new ProviderException(ProviderException.Reason.CONFLICT, PUT_OBJECT.toString(),
                            AwsCall.endpoint(PUT_OBJECT, region), null, PUT_OBJECT + " failed for journal '"
                            + executionId + "' in bucket '" + bucket + "': " + MAX_CONFLICTS + " attempts in a row"
                            + " found the next line already written by another writer. Only one process may run an"
                            + " execution: stop the others (see the execution lock), then resume", null);
                }
                log.warn("Line {} of the journal of execution {} in s3://{}/{} was written by another writer;"
                        + " appending after the last line. Check that only one process runs this execution",
                        cursor.next, executionId, bucket, folder);
                cursor.next = 0;
            }
        }
    }

    @Override
    public List<String> read(String executionId) {
        String folder = folder(executionId);
        List<String> lines = new ArrayList<>();
        for (String key : lineKeys(folder)) {
            String line = get(key);
            if (line == null) {
                throw new ProviderException(ProviderException.Reason.NOT_FOUND, GET_OBJECT.toString(),
                        AwsCall.endpoint(GET_OBJECT, region), null, GET_OBJECT + " failed for s3://" + bucket + "/"
                        + key + ": the line was listed but is gone; someone deleted part of the journal of execution '"
                        + executionId + "', which cannot be resumed safely from what is left", null);
            }
            lines.add(line);
        }
        return List.copyOf(lines);
    }

    /**
     * The ids of the executions under the prefix: one "folder" ({@code <prefix><id>/}) each, listed
     * with {@code ListObjectsV2} and the delimiter {@code /}; folders whose name is not an execution
     * id are left out. Sorted.
     */
    @Override
    public List<String> executionIds() {
        return run(LIST_BUCKET, region, "journals s3://" + bucket + "/" + prefix, () -> {
            ListObjectsV2Iterable pages = s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix).delimiter("/")
                    .overrideConfiguration(o -> retrying(o)));
            List<String> ids = new ArrayList<>();
            pages.commonPrefixes().forEach(p -> {
                String id = p.prefix().substring(prefix.length(), p.prefix().length() - 1);
                if (ID.matcher(id).matches()) {
                    ids.add(id);
                }
            });
            ids.sort(null);
            return List.copyOf(ids);
        });
    }

    @Override
    public String toString() {
        return "S3JournalStore[s3://" + bucket + "/" + prefix + " in " + region.code() + "]";
    }

    private String folder(String executionId) {
        if (executionId == null || !ID.matcher(executionId).matches()) {
            throw new IllegalArgumentException("execution id '" + executionId
                    + "' is not valid; use 1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return prefix + executionId + "/";
    }

    private S3Client s3() {
        return clients.s3(region);
    }

    private static AwsRequestOverrideConfiguration.Builder retrying(AwsRequestOverrideConfiguration.Builder o) {
        return o.addPlugin(RETRYING);
    }

    /** Writes {@code key} unless it exists; false when S3 refused because it does. */
    private boolean putIfAbsent(String key, String line) {
        String target = "journal line s3://" + bucket + "/" + key;
        try {
            run(PUT_OBJECT, region, target, () -> s3().putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*")
                    .contentType("application/json").overrideConfiguration(o -> retrying(o)),
                    RequestBody.fromString(line, StandardCharsets.UTF_8)));
            return true;
        } catch (ProviderException e) {
            if (e.getCause() instanceof AwsServiceException ase
                    && (ase.statusCode() == 412 || ase.statusCode() == 409)) {
                return false;
            }
            throw e;
        }
    }

    /** The object's text, or null when there is none. */
    private String get(String key) {
        String target = "journal line s3://" + bucket + "/" + key;
        try {
            return run(GET_OBJECT, region, target, () -> s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)
                    .overrideConfiguration(o -> retrying(o))).asUtf8String());
        } catch (ProviderException e) {
            if (e.reason() == ProviderException.Reason.NOT_FOUND && e.getCause() instanceof AwsServiceException ase
                    && ase.awsErrorDetails() != null && "NoSuchKey".equals(ase.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
    }

    /** Every line's key under {@code folder}, in order. */
    private List<String> lineKeys(String folder) {
        return run(LIST_BUCKET, region, "journal s3://" + bucket + "/" + folder, () -> {
            ListObjectsV2Iterable pages = s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(folder)
                    .overrideConfiguration(o -> retrying(o)));
            List<String> keys = new ArrayList<>();
            for (S3Object o : pages.contents()) {
                if (LINE_KEY.matcher(o.key().substring(folder.length())).matches()) {
                    keys.add(o.key());
                }
            }
            keys.sort(null); // S3 lists in key order already; fixed-width numbers make that the journal's order
            return keys;
        });
    }

    private long lastSequence(String folder) {
        List<String> keys = lineKeys(folder);
        if (keys.isEmpty()) {
            return 0;
        }
        String last = keys.get(keys.size() - 1);
        return Long.parseLong(last.substring(folder.length(), folder.length() + SEQUENCE_DIGITS));
    }

    /** Where the next append of one execution goes; guarded by its own monitor. */
    private static final class Cursor {
        /** The next sequence number, or 0 when it must be recovered from a listing. */
        long next;
    }
}
