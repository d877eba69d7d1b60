package io.drplan.core.spi;

import io.drplan.core.Region;
import java.util.List;

/** Container registries (ECR in the runbook): replication rules to the DR region and image presence. */
public interface ContainerRegistryProvider {

    /** The registry's replication rules (ECR: {@code DescribeRegistry}'s replication configuration), in order. */
    List<RegistryReplicationRule> replicationRules(Region region);

    /** The regions any replication rule of the registry of {@code region} copies to. */
    default List<Region> replicationDestinations(Region region) {
        return replicationRules(region).stream().flatMap(r -> r.destinations().stream())
                .map(ReplicationDestination::region).distinct().toList();
    }

    /** Whether {@code repository:tag} exists in the registry of {@code region}. */
    boolean imageExists(Region region, String repository, String tag);

    /**
     * A registry replication rule: where it copies to, and which repositories (empty: all of them;
     * else the repositories whose name starts with one of the prefixes, ECR's {@code PREFIX_MATCH}).
     */
    record RegistryReplicationRule(List<ReplicationDestination> destinations, List<String> repositoryPrefixes) {
        public RegistryReplicationRule {
            destinations = List.copyOf(destinations);
            repositoryPrefixes = List.copyOf(repositoryPrefixes);
        }

        /** Whether this rule copies {@code repository} to {@code region}. */
        public boolean covers(Region region, String repository) {
            return destinations.stream().anyMatch(d -> d.region().equals(region))
                    && (repositoryPrefixes.isEmpty() || repositoryPrefixes.stream().anyMatch(repository::startsWith));
        }
    }

    /** A replication destination: a region and the registry (account id) there. */
    record ReplicationDestination(Region region, String registryId) { }
}
