package io.drplan.core.spi;

import io.drplan.core.DrException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The providers a host application assembles for the engine: one per kind of resource, plus one
 * {@link ClusterProvider} per cluster name. Immutable; build it with {@link #builder()}.
 *
 * <pre>{@code
 * Providers providers = Providers.builder()
 *     .databases(aws.databases())
 *     .dns(aws.dns())
 *     .cluster(k8s.cluster("dr-cluster"))
 *     .build();
 * }</pre>
 */
public final class Providers {
    private final DatabaseProvider databases;
    private final CacheProvider caches;
    private final ObjectStorageProvider objectStorage;
    private final DnsProvider dns;
    private final LoadBalancerProvider loadBalancers;
    private final ContainerRegistryProvider registries;
    private final RegionHealthProvider regionHealth;
    private final InfrastructureProvider infrastructure;
    private final HttpProbe http;
    private final IntegrityProbe integrity;
    private final Map<String, ClusterProvider> clusters;
    private final List<PermissionCatalog> permissionCatalogs;

    private Providers(Builder b) {
        databases = b.databases;
        caches = b.caches;
        objectStorage = b.objectStorage;
        dns = b.dns;
        loadBalancers = b.loadBalancers;
        registries = b.registries;
        regionHealth = b.regionHealth;
        infrastructure = b.infrastructure;
        http = b.http;
        integrity = b.integrity;
        clusters = Map.copyOf(b.clusters);
        permissionCatalogs = List.copyOf(b.permissionCatalogs);
    }

    public static Builder builder() {
        return new Builder();
    }

    public DatabaseProvider databases() {
        return require(databases, "databases");
    }

    public CacheProvider caches() {
        return require(caches, "caches");
    }

    public ObjectStorageProvider objectStorage() {
        return require(objectStorage, "objectStorage");
    }

    public DnsProvider dns() {
        return require(dns, "dns");
    }

    public LoadBalancerProvider loadBalancers() {
        return require(loadBalancers, "loadBalancers");
    }

    public ContainerRegistryProvider registries() {
        return require(registries, "registries");
    }

    public RegionHealthProvider regionHealth() {
        return require(regionHealth, "regionHealth");
    }

    public InfrastructureProvider infrastructure() {
        return require(infrastructure, "infrastructure");
    }

    public HttpProbe http() {
        return require(http, "http");
    }

    public IntegrityProbe integrity() {
        return require(integrity, "integrity");
    }

    /** The cluster named {@code name}. */
    public ClusterProvider cluster(String name) {
        ClusterProvider c = clusters.get(name);
        if (c == null) {
            throw new DrException("no cluster named '" + name + "' among the providers " + clusters.keySet()
                    + "; add it with Providers.builder().cluster(..)");
        }
        return c;
    }

    /** Whether a cluster named {@code name} was added. */
    public boolean hasCluster(String name) {
        return clusters.containsKey(name);
    }

    /** Whether a provider of {@code kind} (e.g. {@code "databases"}) was added. */
    public boolean has(String kind) {
        return switch (kind) {
            case "databases" -> databases != null;
            case "caches" -> caches != null;
            case "objectStorage" -> objectStorage != null;
            case "dns" -> dns != null;
            case "loadBalancers" -> loadBalancers != null;
            case "registries" -> registries != null;
            case "regionHealth" -> regionHealth != null;
            case "infrastructure" -> infrastructure != null;
            case "http" -> http != null;
            case "integrity" -> integrity != null;
            default -> false;
        };
    }

    /**
     * The kind of provider (as {@link #has} names it) that serves calls of {@code service}, e.g.
     * {@code "databases"} for {@code rds}; null for services served by clusters or by step code.
     */
    public static String kindFor(String service) {
        return switch (service) {
            case "rds" -> "databases";
            case "elasticache" -> "caches";
            case "s3" -> "objectStorage";
            case "route53" -> "dns";
            case "elasticloadbalancing" -> "loadBalancers";
            case "ecr" -> "registries";
            case "ec2" -> "regionHealth";
            case "terraform" -> "infrastructure";
            case "http" -> "http";
            case "jdbc" -> "integrity";
            default -> null;
        };
    }

    /** The permissions {@code operation} needs according to the added catalogs. */
    public List<String> permissionsFor(Operation operation) {
        List<String> out = new ArrayList<>();
        for (PermissionCatalog c : permissionCatalogs) {
            out.addAll(c.permissionsFor(operation));
        }
        return out;
    }

    public Optional<PermissionCatalog> firstCatalog() {
        return permissionCatalogs.stream().findFirst();
    }

    private static <T> T require(T provider, String kind) {
        if (provider == null) {
            throw new DrException("no " + kind + " provider was added; add one with Providers.builder()." + kind + "(..)");
        }
        return provider;
    }

    /** Builder of {@link Providers}; every setter replaces the previous value. */
    public static final class Builder {
        private DatabaseProvider databases;
        private CacheProvider caches;
        private ObjectStorageProvider objectStorage;
        private DnsProvider dns;
        private LoadBalancerProvider loadBalancers;
        private ContainerRegistryProvider registries;
        private RegionHealthProvider regionHealth;
        private InfrastructureProvider infrastructure;
        private HttpProbe http;
        private IntegrityProbe integrity;
        private final Map<String, ClusterProvider> clusters = new LinkedHashMap<>();
        private final List<PermissionCatalog> permissionCatalogs = new ArrayList<>();

        private Builder() { }

        public Builder databases(DatabaseProvider p) { this.databases = p; return this; }

        public Builder caches(CacheProvider p) { this.caches = p; return this; }

        public Builder objectStorage(ObjectStorageProvider p) { this.objectStorage = p; return this; }

        public Builder dns(DnsProvider p) { this.dns = p; return this; }

        public Builder loadBalancers(LoadBalancerProvider p) { this.loadBalancers = p; return this; }

        public Builder registries(ContainerRegistryProvider p) { this.registries = p; return this; }

        public Builder regionHealth(RegionHealthProvider p) { this.regionHealth = p; return this; }

        public Builder infrastructure(InfrastructureProvider p) { this.infrastructure = p; return this; }

        public Builder http(HttpProbe p) { this.http = p; return this; }

        /** The data-integrity probe ({@code JdbcIntegrityProbe.create()} for real databases). */
        public Builder integrity(IntegrityProbe p) { this.integrity = p; return this; }

        /** Adds a cluster under its {@link ClusterProvider#name()}. */
        public Builder cluster(ClusterProvider p) { clusters.put(p.name(), p); return this; }

        /** Adds a catalog that maps operations to permissions (dr-aws supplies IAM's). */
        public Builder permissions(PermissionCatalog c) { permissionCatalogs.add(c); return this; }

        public Providers build() {
            return new Providers(this);
        }
    }
}
