package io.drplan.aws;

import static io.drplan.aws.AwsCall.run;

import io.drplan.core.spi.Operations;
import io.drplan.core.Region;
import io.drplan.core.spi.ContainerRegistryProvider;
import io.drplan.core.spi.ProviderException;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** ECR implementation of {@link ContainerRegistryProvider}; every method is one API call. */
final class EcrRegistryProvider implements ContainerRegistryProvider {
    private final AwsClients clients;

    EcrRegistryProvider(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    /** {@code DescribeRegistry}: the replication configuration's rules, destinations and {@code PREFIX_MATCH} filters. */
    @Override
    public List<RegistryReplicationRule> replicationRules(Region region) {
        EcrClient ecr = clients.ecr(region);
        return run(Operations.ECR_DESCRIBE_REGISTRY, region, "registry of " + region, () -> {
            var config = ecr.describeRegistry(r -> { }).replicationConfiguration();
            if (config == null) {
                return List.<RegistryReplicationRule>of();
            }
            return config.rules().stream().map(rule -> new RegistryReplicationRule(
                    rule.destinations().stream().map(d -> new ReplicationDestination(
                            Region.isKnown(d.region()) ? Region.of(d.region()) : Region.custom(d.region()),
                            d.registryId())).toList(),
                    rule.repositoryFilters().stream().map(f -> f.filter()).toList())).toList();
        });
    }

    /**
     * Whether {@code repository:tag} is in the registry of {@code region}; a missing repository
     * counts as a missing image (replication has not created it there).
     */
    @Override
    public boolean imageExists(Region region, String repository, String tag) {
        EcrClient ecr = clients.ecr(region);
        try {
            return run(Operations.ECR_DESCRIBE_IMAGES, region, "image '" + repository + ":" + tag + "'",
                    () -> !ecr.describeImages(r -> r.repositoryName(repository).imageIds(id -> id.imageTag(tag)))
                            .imageDetails().isEmpty());
        } catch (ProviderException e) {
            if (e.getCause() instanceof ImageNotFoundException || e.getCause() instanceof RepositoryNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "EcrRegistryProvider[" + clients + "]";
    }
}
