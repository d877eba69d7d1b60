package io.drplan.aws;

import io.drplan.aws.testing.MotoFixtures;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.Region;
import io.drplan.core.spi.ContainerRegistryProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoServerExtension.class)
class EcrRegistryProviderIT {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");

    @Test
    void replicationDestinations_replicatedRegistry_namesDrRegion(MotoServer moto) {
        MotoFixtures.seedRegistries(moto);

        assertThat(moto.providers().registries().replicationDestinations(EAST)).containsExactly(WEST);
    }

    @Test
    void replicationDestinations_noReplication_isEmpty(MotoServer moto) {
        assertThat(moto.providers().registries().replicationDestinations(WEST)).isEmpty();
    }

    @Test
    void imageExists_taggedImageInDrRegion_isTrue(MotoServer moto) {
        MotoFixtures.seedRegistries(moto);
        ContainerRegistryProvider registries = moto.providers().registries();

        assertThat(registries.imageExists(WEST, "vibe-backend", MotoFixtures.IMAGE_TAG)).isTrue();
    }

    @Test
    void imageExists_unknownTag_isFalse(MotoServer moto) {
        MotoFixtures.seedRegistries(moto);

        assertThat(moto.providers().registries().imageExists(WEST, "vibe-backend", "v9.9.9")).isFalse();
    }

    @Test
    void imageExists_unknownRepository_isFalse(MotoServer moto) {
        assertThat(moto.providers().registries().imageExists(WEST, "no-such-repo", "v1")).isFalse();
    }
}
