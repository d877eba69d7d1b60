package io.drplan.testkit.fake;

import io.drplan.core.Region;
import io.drplan.core.spi.ContainerRegistryProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fake of ECR: per region, the registry's replication rules and the images present. As in ECR,
 * replication copies nothing by itself here: add the images to the DR region too when they are
 * meant to be there. Operations {@code ecr:DescribeRegistry} and {@code ecr:DescribeImages},
 * endpoint {@code ecr/<region>}.
 *
 * <pre>{@code
 * cloud.registries().replicate(east, west).addImage(east, "api", "1.0.0").addImage(west, "api", "1.0.0");
 * }</pre>
 */
public final class FakeRegistries implements ContainerRegistryProvider {
    private final Simulation sim;
    private final Map<Region, List<RegistryReplicationRule>> replication = new HashMap<>();
    private final Map<Region, Set<String>> images = new HashMap<>();

    FakeRegistries(Simulation sim) {
        this.sim = sim;
    }

    /** Adds a rule replicating every repository of the registry of {@code from} to {@code destinations} (this account). */
    public FakeRegistries replicate(Region from, Region... destinations) {
        return replicate(from, new RegistryReplicationRule(
                List.of(destinations).stream().map(d -> new ReplicationDestination(d, Simulation.ACCOUNT)).toList(),
                List.of()));
    }

    /** Adds a replication rule to the registry of {@code from}. */
    public FakeRegistries replicate(Region from, RegistryReplicationRule rule) {
        replication.computeIfAbsent(from, r -> new ArrayList<>()).add(rule);
        return this;
    }

    /** Replaces the registry's replication rules, as ECR's {@code PutReplicationConfiguration} does. */
    public FakeRegistries setReplication(Region from, List<RegistryReplicationRule> rules) {
        replication.put(from, new ArrayList<>(rules));
        return this;
    }

    /** Adds {@code repository:tag} to the registry of {@code region}. */
    public FakeRegistries addImage(Region region, String repository, String tag) {
        images.computeIfAbsent(region, r -> new HashSet<>()).add(repository + ":" + tag);
        return this;
    }

    @Override
    public List<RegistryReplicationRule> replicationRules(Region region) {
        return sim.call("ecr:DescribeRegistry", "ecr/" + region, region,
                () -> List.copyOf(replication.getOrDefault(region, List.of())));
    }

    @Override
    public boolean imageExists(Region region, String repository, String tag) {
        return sim.call("ecr:DescribeImages", "ecr/" + region, region,
                () -> images.getOrDefault(region, Set.of()).contains(repository + ":" + tag));
    }

    @Override
    public String toString() {
        return "FakeRegistries" + images;
    }
}
