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
 * A fake of ECR: per region, the registry's replication destinations and the images present.
 * Operations {@code ecr:DescribeRegistry} and {@code ecr:DescribeImages}, endpoint {@code ecr/<region>}.
 *
 * <pre>{@code
 * cloud.registries().replicate(east, west).addImage(east, "api", "1.0.0").addImage(west, "api", "1.0.0");
 * }</pre>
 */
public final class FakeRegistries implements ContainerRegistryProvider {
    private final Simulation sim;
    private final Map<Region, List<Region>> replication = new HashMap<>();
    private final Map<Region, Set<String>> images = new HashMap<>();

    FakeRegistries(Simulation sim) {
        this.sim = sim;
    }

    /** Makes the registry of {@code from} replicate to {@code destinations}. */
    public FakeRegistries replicate(Region from, Region... destinations) {
        replication.computeIfAbsent(from, r -> new ArrayList<>()).addAll(List.of(destinations));
        return this;
    }

    /** Adds {@code repository:tag} to the registry of {@code region}. */
    public FakeRegistries addImage(Region region, String repository, String tag) {
        images.computeIfAbsent(region, r -> new HashSet<>()).add(repository + ":" + tag);
        return this;
    }

    @Override
    public List<Region> replicationDestinations(Region region) {
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
