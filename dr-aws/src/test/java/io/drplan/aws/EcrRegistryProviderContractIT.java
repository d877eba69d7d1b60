package io.drplan.aws;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.Region;
import io.drplan.core.spi.ContainerRegistryProvider;
import io.drplan.core.spi.ContainerRegistryProvider.RegistryReplicationRule;
import io.drplan.testkit.contract.ContainerRegistryProviderContract;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryFilterType;

/** The container-registry contract on ECR as moto_server 5.2.1 stores it (one replication rule at most). */
@ExtendWith(MotoServerExtension.class)
class EcrRegistryProviderContractIT extends ContainerRegistryProviderContract {
    private MotoServer moto;

    @BeforeEach
    void moto(MotoServer moto) {
        this.moto = moto;
    }

    @Override
    protected ContainerRegistryProvider provider() {
        return moto.providers().registries();
    }

    @Override
    protected void givenReplication(Region region, List<RegistryReplicationRule> rules) {
        givenEcrReplication(moto, region, rules);
    }

    @Override
    protected void givenImage(Region region, String repository, String tag) {
        givenEcrImage(moto, region, repository, tag);
    }

    /** ECR's PutReplicationConfiguration with these rules. */
    static void givenEcrReplication(MotoServer moto, Region region, List<RegistryReplicationRule> rules) {
        moto.sdk(EcrClient.builder(), region.code()).putReplicationConfiguration(r -> r.replicationConfiguration(c -> c
                .rules(rules.stream().map(rule -> software.amazon.awssdk.services.ecr.model.ReplicationRule.builder()
                        .destinations(rule.destinations().stream().map(d -> software.amazon.awssdk.services.ecr.model
                                .ReplicationDestination.builder().region(d.region().code()).registryId(d.registryId())
                                .build()).toList())
                        .repositoryFilters(rule.repositoryPrefixes().stream().map(p -> software.amazon.awssdk.services
                                .ecr.model.RepositoryFilter.builder().filter(p).filterType(RepositoryFilterType.PREFIX_MATCH)
                                .build()).toList())
                        .build()).toList())));
    }

    /** ECR's CreateRepository (unless it exists) and PutImage of a small manifest. */
    static void givenEcrImage(MotoServer moto, Region region, String repository, String tag) {
        EcrClient ecr = moto.sdk(EcrClient.builder(), region.code());
        try {
            ecr.createRepository(r -> r.repositoryName(repository));
        } catch (RepositoryAlreadyExistsException e) {
            // pushing a second tag
        }
        String digest = String.format("%064x", Math.abs((long) (repository + ":" + tag).hashCode()));
        ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":7023,"
                        + "\"digest\":\"sha256:" + digest + "\"},\"layers\":[]}"));
    }
}
