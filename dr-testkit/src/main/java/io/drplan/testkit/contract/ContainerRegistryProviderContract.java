package io.drplan.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.Region;
import io.drplan.core.spi.ContainerRegistryProvider;
import io.drplan.core.spi.ContainerRegistryProvider.RegistryReplicationRule;
import io.drplan.core.spi.ContainerRegistryProvider.ReplicationDestination;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContainerRegistryProvider} does, run against the fake (dr-testkit) and against
 * ECR on moto_server (dr-aws). A subclass supplies the provider, sets the registry's replication
 * configuration as ECR's {@code PutReplicationConfiguration} does (replacing it), and pushes images.
 * One rule per configuration: moto 5.2.1 refuses more ("This feature is disabled"), so several rules
 * are tested in dr-aws on WireMock, in the shape of the ECR API reference.
 */
public abstract class ContainerRegistryProviderContract {
    protected static final Region PRIMARY = Region.of("us-east-1");
    protected static final Region DR = Region.of("us-west-2");
    protected static final String ACCOUNT = "123456789012";

    /** The provider under test. */
    protected abstract ContainerRegistryProvider provider();

    /** Replaces the replication configuration of the registry of {@code region} with {@code rules}. */
    protected abstract void givenReplication(Region region, List<RegistryReplicationRule> rules);

    /** Creates {@code repository} in the registry of {@code region} if needed and pushes {@code tag} to it. */
    protected abstract void givenImage(Region region, String repository, String tag);

    @Test
    void replicationRules_noConfiguration_isEmpty() {
        assertThat(provider().replicationRules(PRIMARY)).isEmpty();
        assertThat(provider().replicationDestinations(PRIMARY)).isEmpty();
    }

    @Test
    void replicationRules_ruleToDr_readsDestinationsAndNoFilter() {
        givenReplication(PRIMARY, List.of(new RegistryReplicationRule(
                List.of(new ReplicationDestination(DR, ACCOUNT)), List.of())));

        assertThat(provider().replicationRules(PRIMARY)).containsExactly(new RegistryReplicationRule(
                List.of(new ReplicationDestination(DR, ACCOUNT)), List.of()));
        assertThat(provider().replicationDestinations(PRIMARY)).containsExactly(DR);
        assertThat(provider().replicationRules(DR)).isEmpty();
    }

    @Test
    void replicationRules_prefixFilteredRule_coversOnlyMatchingRepositories() {
        givenReplication(PRIMARY, List.of(new RegistryReplicationRule(
                List.of(new ReplicationDestination(DR, ACCOUNT), new ReplicationDestination(Region.of("eu-west-1"), ACCOUNT)),
                List.of("vibe-back"))));

        List<RegistryReplicationRule> rules = provider().replicationRules(PRIMARY);

        assertThat(rules).containsExactly(new RegistryReplicationRule(List.of(new ReplicationDestination(DR, ACCOUNT),
                new ReplicationDestination(Region.of("eu-west-1"), ACCOUNT)), List.of("vibe-back")));
        assertThat(rules.get(0).covers(DR, "vibe-backend")).isTrue();
        assertThat(rules.get(0).covers(DR, "vibe-frontend")).isFalse();
        assertThat(provider().replicationDestinations(PRIMARY)).containsExactly(DR, Region.of("eu-west-1"));
    }

    @Test
    void replicationRules_putAgain_replacesTheConfiguration() {
        givenReplication(PRIMARY, List.of(new RegistryReplicationRule(
                List.of(new ReplicationDestination(Region.of("eu-west-1"), ACCOUNT)), List.of())));
        givenReplication(PRIMARY, List.of(new RegistryReplicationRule(
                List.of(new ReplicationDestination(DR, ACCOUNT)), List.of())));

        assertThat(provider().replicationDestinations(PRIMARY)).containsExactly(DR);
    }

    @Test
    void imageExists_byRegionRepositoryAndTag() {
        givenImage(DR, "vibe-backend", "1.42.0");

        assertThat(provider().imageExists(DR, "vibe-backend", "1.42.0")).isTrue();
        assertThat(provider().imageExists(DR, "vibe-backend", "9.9.9")).isFalse();
        assertThat(provider().imageExists(DR, "vibe-frontend", "1.42.0")).isFalse();
        assertThat(provider().imageExists(PRIMARY, "vibe-backend", "1.42.0")).isFalse();
    }
}
