package io.drplan.aws;

import static io.drplan.aws.AwsCall.run;

import io.drplan.core.spi.Operations;
import io.drplan.core.Region;
import io.drplan.core.spi.CacheProvider;
import io.drplan.core.spi.ContainerRegistryProvider;
import io.drplan.core.spi.DnsProvider;
import io.drplan.core.spi.LoadBalancerProvider;
import io.drplan.core.spi.ObjectStorageProvider;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.Providers;
import io.drplan.core.spi.RegionHealthProvider;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * drplan's providers on AWS: RDS, ElastiCache, S3, Route 53, ELBv2, ECR and EC2, plus EKS and STS
 * preflight checks and the IAM permission catalog. Every provider method is one API call that
 * returns at once (the engine polls to wait), and every failure is a
 * {@link io.drplan.core.spi.ProviderException} classified for retry, naming the IAM action when
 * access is denied.
 *
 * <pre>{@code
 * AwsClients clients = AwsClients.create();                  // default credentials chain
 * AwsProviders aws = AwsProviders.create(clients);
 * aws.callerIdentity(Region.of("us-west-2"));                // fails fast on bad credentials
 * Providers providers = aws.register(Providers.builder())
 *     .cluster(k8s.cluster("dr-cluster"))
 *     .build();
 * }</pre>
 */
public final class AwsProviders {
    private final AwsClients clients;
    private final AwsDatabaseProvider databases;
    private final CacheProvider caches;
    private final ObjectStorageProvider objectStorage;
    private final DnsProvider dns;
    private final LoadBalancerProvider loadBalancers;
    private final ContainerRegistryProvider registries;
    private final RegionHealthProvider regionHealth;

    private AwsProviders(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.databases = new RdsDatabaseProvider(clients);
        this.caches = new ElastiCacheProvider(clients);
        this.objectStorage = new S3ObjectStorageProvider(clients);
        this.dns = new Route53DnsProvider(clients);
        this.loadBalancers = new Elbv2LoadBalancerProvider(clients);
        this.registries = new EcrRegistryProvider(clients);
        this.regionHealth = new Ec2RegionHealthProvider(clients);
    }

    /** Providers on {@code clients}; closing the clients is the caller's business. */
    public static AwsProviders create(AwsClients clients) {
        return new AwsProviders(clients);
    }

    /** RDS: instances, snapshots, cross-region copies, restores, failover, promotion, retention. */
    public AwsDatabaseProvider databases() {
        return databases;
    }

    /** ElastiCache: replication groups, test failover, snapshots. */
    public CacheProvider caches() {
        return caches;
    }

    /** S3: versioning, replication and lifecycle of a bucket. */
    public ObjectStorageProvider objectStorage() {
        return objectStorage;
    }

    /** Route 53: failover records, change status, health checks. */
    public DnsProvider dns() {
        return dns;
    }

    /** ELBv2: target health. */
    public LoadBalancerProvider loadBalancers() {
        return loadBalancers;
    }

    /** ECR: replication destinations and image presence. */
    public ContainerRegistryProvider registries() {
        return registries;
    }

    /** EC2: VPC and availability-zone states of a region. */
    public RegionHealthProvider regionHealth() {
        return regionHealth;
    }

    /** The IAM actions each operation needs. */
    public IamPermissions permissions() {
        return IamPermissions.create();
    }

    /** The clients the providers use. */
    public AwsClients clients() {
        return clients;
    }

    /**
     * The EKS cluster {@code name} in {@code region} ({@code DescribeCluster}), or empty when it does
     * not exist. A preflight for the runbook's DR cluster.
     */
    public Optional<EksCluster> findEksCluster(Region region, String name) {
        try {
            Cluster c = run(Operations.EKS_DESCRIBE_CLUSTER, region, "EKS cluster '" + name + "'",
                    () -> clients.eks(region).describeCluster(r -> r.name(name)).cluster());
            return Optional.of(new EksCluster(c.name(), region, c.statusAsString(), c.version(), c.endpoint()));
        } catch (ProviderException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Who the credentials are ({@code GetCallerIdentity} in {@code region}): the preflight that they work. */
    public CallerIdentity callerIdentity(Region region) {
        GetCallerIdentityResponse r = run(Operations.STS_GET_CALLER_IDENTITY, region, "the caller",
                () -> clients.sts(region).getCallerIdentity());
        return new CallerIdentity(r.account(), r.arn(), r.userId());
    }

    /** Adds every AWS provider and the IAM permission catalog to {@code builder}; returns it for chaining. */
    public Providers.Builder register(Providers.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        return builder.databases(databases)
                .caches(caches)
                .objectStorage(objectStorage)
                .dns(dns)
                .loadBalancers(loadBalancers)
                .registries(registries)
                .regionHealth(regionHealth)
                .permissions(IamPermissions.create());
    }

    @Override
    public String toString() {
        return "AwsProviders[" + clients + "]";
    }
}
