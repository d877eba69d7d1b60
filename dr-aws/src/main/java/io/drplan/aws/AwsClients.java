package io.drplan.aws;

import io.drplan.core.DrException;
import io.drplan.core.Region;
import io.drplan.core.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS SDK clients drplan's providers use: one client per service and region, created on first
 * use, cached, safe to share between threads, and closed together by {@link #close()}.
 *
 * <p>All clients share one HTTP connection pool (Apache HttpClient 5) and one credentials provider.
 * <b>SDK retries are off by default</b> ({@link AwsRetryStrategy#doNotRetry()}): the drplan engine
 * retries throttling and server errors itself with Resilience4j (backoff, circuit breaker per
 * endpoint, a report of every attempt), and an SDK retry underneath would multiply the attempts and
 * hide them from the report. Turn SDK retries on with {@link Builder#sdkRetryStrategy} only when you
 * mean to stack them, for example when you call the providers outside the engine.
 *
 * <pre>{@code
 * // Production: default credentials chain (env, profile, SSO, IMDS, ...).
 * try (AwsClients aws = AwsClients.create()) {
 *     AwsProviders providers = AwsProviders.create(aws);
 * }
 *
 * // Against a local moto_server or LocalStack:
 * AwsClients local = AwsClients.builder()
 *     .endpointOverride(URI.create("http://127.0.0.1:5000"))
 *     .staticCredentials("testing", Secret.of("testing"))
 *     .build();
 * }</pre>
 *
 * Route 53 is a global service: {@link #route53()} signs for {@code us-east-1} ({@code aws-global}).
 */
public final class AwsClients implements AutoCloseable {
    /** Default limit on one API call, all SDK attempts included. */
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Default limit on opening a TCP connection. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** Default limit on waiting for bytes from an open connection. */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);
    /** Default size of the shared connection pool. */
    public static final int DEFAULT_MAX_CONNECTIONS = 50;

    private static final Logger log = LoggerFactory.getLogger(AwsClients.class);

    private final AwsCredentialsProvider credentials;
    private final boolean ownsCredentials;
    private final String credentialsDescription;
    private final URI endpointOverride;
    private final RetryStrategy retryStrategy;
    private final boolean sdkRetriesEnabled;
    private final Duration apiCallTimeout;
    private final Duration apiCallAttemptTimeout;
    private final SdkHttpClient httpClient;
    private final boolean ownsHttpClient;
    private final List<ExecutionInterceptor> interceptors;
    private final ConcurrentMap<Key, SdkClient> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private AwsClients(Builder b) {
        this.credentials = b.credentials != null ? b.credentials : DefaultCredentialsProvider.builder().build();
        this.ownsCredentials = b.credentials == null;
        this.credentialsDescription = b.credentials != null ? b.credentialsDescription : "default credentials chain";
        this.endpointOverride = b.endpointOverride;
        this.retryStrategy = b.retryStrategy != null ? b.retryStrategy : AwsRetryStrategy.doNotRetry();
        this.sdkRetriesEnabled = b.retryStrategy != null;
        this.apiCallTimeout = b.apiCallTimeout;
        this.apiCallAttemptTimeout = b.apiCallAttemptTimeout;
        this.interceptors = List.copyOf(b.interceptors);
        if (b.httpClient != null) {
            this.httpClient = b.httpClient;
            this.ownsHttpClient = false;
        } else {
            this.httpClient = Apache5HttpClient.builder()
                    .connectionTimeout(b.connectionTimeout)
                    .socketTimeout(b.socketTimeout)
                    .maxConnections(b.maxConnections)
                    .build();
            this.ownsHttpClient = true;
        }
    }

    /** Clients with the default credentials chain, real AWS endpoints and no SDK retries. */
    public static AwsClients create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** RDS in {@code region}. */
    public RdsClient rds(Region region) {
        return client("rds", region, RdsClient::builder);
    }

    /** ElastiCache in {@code region}. */
    public ElastiCacheClient elastiCache(Region region) {
        return client("elasticache", region, ElastiCacheClient::builder);
    }

    /** EC2 in {@code region}. */
    public Ec2Client ec2(Region region) {
        return client("ec2", region, Ec2Client::builder);
    }

    /** Elastic Load Balancing v2 (ALB/NLB) in {@code region}. */
    public ElasticLoadBalancingV2Client elbv2(Region region) {
        return client("elasticloadbalancing", region, ElasticLoadBalancingV2Client::builder);
    }

    /** Route 53, a global service; requests are signed for {@code us-east-1}. */
    public Route53Client route53() {
        return client("route53", null, Route53Client::builder);
    }

    /**
     * S3 in {@code region}. With an endpoint override, path-style addressing is used
     * ({@code http://host/bucket}), which emulators need.
     */
    public S3Client s3(Region region) {
        return client("s3", region, () -> S3Client.builder().forcePathStyle(endpointOverride != null));
    }

    /** ECR in {@code region}. */
    public EcrClient ecr(Region region) {
        return client("ecr", region, EcrClient::builder);
    }

    /** EKS in {@code region}. */
    public EksClient eks(Region region) {
        return client("eks", region, EksClient::builder);
    }

    /** STS in {@code region} (regional endpoint). */
    public StsClient sts(Region region) {
        return client("sts", region, StsClient::builder);
    }

    /** The endpoint every client talks to instead of AWS, if one was set. */
    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpointOverride);
    }

    /** Whether SDK retries were turned on (they are off unless {@link Builder#sdkRetryStrategy} was set). */
    public boolean sdkRetriesEnabled() {
        return sdkRetriesEnabled;
    }

    /** Closes every client created so far and the shared HTTP client (unless it was supplied). */
    @Override
    public void close() {
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (SdkClient c : clients.values()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        clients.clear();
        if (ownsHttpClient) {
            try {
                httpClient.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (ownsCredentials && credentials instanceof AutoCloseable c) {
            try {
                c.close(); // the default chain may hold an IMDS or SSO refresher thread
            } catch (Exception e) {
                failures.add(e instanceof RuntimeException r ? r : new DrException(e.getMessage(), e));
            }
        }
        if (!failures.isEmpty()) {
            DrException e = new DrException("closing " + failures.size() + " AWS client(s) failed: "
                    + failures.get(0).getMessage());
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "AwsClients[" + credentialsDescription
                + (endpointOverride != null ? ", endpoint " + endpointOverride : "")
                + ", sdkRetries " + (sdkRetriesEnabled ? "on" : "off")
                + ", clients " + clients.keySet() + "]";
    }

    @SuppressWarnings("unchecked")
    private <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(
            String service, Region region, Supplier<B> builder) {
        if (closed) {
            throw new IllegalStateException("AwsClients is closed; create a new one to call " + service);
        }
        Key key = new Key(service, region == null ? "aws-global" : region.code());
        return (C) clients.computeIfAbsent(key, k -> build(k, builder.get()));
    }

    private <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C build(
            Key key, B builder) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy);
        interceptors.forEach(override::addExecutionInterceptor);
        if (apiCallTimeout != null) {
            override.apiCallTimeout(apiCallTimeout);
        }
        if (apiCallAttemptTimeout != null) {
            override.apiCallAttemptTimeout(apiCallAttemptTimeout);
        }
        builder.httpClient(httpClient)
                .credentialsProvider(credentials)
                .region(software.amazon.awssdk.regions.Region.of(key.region()))
                .overrideConfiguration(override.build());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        log.debug("creating {} client for {} ({})", key.service(), key.region(), credentialsDescription);
        return builder.build();
    }

    private record Key(String service, String region) {
        @Override
        public String toString() {
            return service + "/" + region;
        }
    }

    /** Builder of {@link AwsClients}; every setter checks its value at once. */
    public static final class Builder {
        private AwsCredentialsProvider credentials;
        private String credentialsDescription;
        private URI endpointOverride;
        private RetryStrategy retryStrategy;
        private Duration apiCallTimeout = DEFAULT_API_CALL_TIMEOUT;
        private Duration apiCallAttemptTimeout;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private SdkHttpClient httpClient;
        private final List<ExecutionInterceptor> interceptors = new ArrayList<>();

        private Builder() { }

        /** Any SDK credentials provider (a profile, an assumed role, ...). Default: the default chain. */
        public Builder credentials(AwsCredentialsProvider provider) {
            this.credentials = Objects.requireNonNull(provider, "provider");
            this.credentialsDescription = "credentials from " + provider.getClass().getSimpleName();
            return this;
        }

        /** Fixed credentials; the secret key is revealed from {@code secretAccessKey} only when a request is signed. */
        public Builder staticCredentials(String accessKeyId, Secret secretAccessKey) {
            return staticCredentials(accessKeyId, secretAccessKey, null);
        }

        /** Fixed temporary credentials with a session token ({@code sessionToken} may be null). */
        public Builder staticCredentials(String accessKeyId, Secret secretAccessKey, Secret sessionToken) {
            requireText(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            // Revealed on each resolution, so Secret.fromEnv(..) is read when a call is made, not here.
            this.credentials = () -> sessionToken == null
                    ? AwsBasicCredentials.create(accessKeyId, secretAccessKey.reveal())
                    : AwsSessionCredentials.create(accessKeyId, secretAccessKey.reveal(), sessionToken.reveal());
            this.credentialsDescription = "static credentials " + accessKeyId;
            return this;
        }

        /** Sends every request to {@code endpoint} (moto_server, LocalStack, a VPC endpoint). */
        public Builder endpointOverride(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new IllegalArgumentException("endpointOverride must be an absolute http(s) URI such as"
                        + " http://127.0.0.1:5000 but was '" + endpoint + "'");
            }
            this.endpointOverride = endpoint;
            return this;
        }

        /**
         * Turns SDK retries on with {@code strategy} (e.g. {@code AwsRetryStrategy.standardRetryStrategy()}).
         * Only do this on purpose: the engine already retries throttling and 5xx, so the attempts
         * multiply (engine attempts × SDK attempts) and the SDK's attempts do not show in reports.
         */
        public Builder sdkRetryStrategy(RetryStrategy strategy) {
            this.retryStrategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** Limit on one API call including all SDK attempts; default {@link #DEFAULT_API_CALL_TIMEOUT}. */
        public Builder apiCallTimeout(Duration timeout) {
            this.apiCallTimeout = requirePositive(timeout, "apiCallTimeout");
            return this;
        }

        /** Limit on each HTTP attempt; default none (the call timeout applies). */
        public Builder apiCallAttemptTimeout(Duration timeout) {
            this.apiCallAttemptTimeout = requirePositive(timeout, "apiCallAttemptTimeout");
            return this;
        }

        /** Limit on opening a connection; default {@link #DEFAULT_CONNECTION_TIMEOUT}. */
        public Builder connectionTimeout(Duration timeout) {
            this.connectionTimeout = requirePositive(timeout, "connectionTimeout");
            return this;
        }

        /** Limit on waiting for data; default {@link #DEFAULT_SOCKET_TIMEOUT}. */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = requirePositive(timeout, "socketTimeout");
            return this;
        }

        /** Size of the shared connection pool; default {@link #DEFAULT_MAX_CONNECTIONS}. */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1 but was " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * Uses {@code client} instead of the built-in Apache HttpClient 5 pool. The caller keeps
         * ownership: {@link AwsClients#close()} does not close it. Connection and socket timeouts
         * set here are then ignored.
         */
        public Builder httpClient(SdkHttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Adds an SDK interceptor to every client (metrics, tracing, a per-operation count as the
         * Procedure 3 bench keeps). It sees requests after signing: never log their headers.
         */
        public Builder executionInterceptor(ExecutionInterceptor interceptor) {
            this.interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        public AwsClients build() {
            return new AwsClients(this);
        }

        private static Duration requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive but was " + d);
            }
            return d;
        }

        private static void requireText(String s, String name) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank but was '" + s + "'");
            }
        }
    }

    /** Applies {@code spec} to a new builder and builds: {@code AwsClients.of(b -> b.endpointOverride(uri))}. */
    public static AwsClients of(Consumer<Builder> spec) {
        Builder b = builder();
        spec.accept(b);
        return b.build();
    }
}
