package io.drplan.core.spi;

import io.drplan.core.Region;
import java.util.List;

/** Container registries (ECR in the runbook): replication to the DR region and image presence. */
public interface ContainerRegistryProvider {

    /** The registry's replication destinations, as regions. */
    List<Region> replicationDestinations(Region region);

    /** Whether {@code repository:tag} exists in the registry of {@code region}. */
    boolean imageExists(Region region, String repository, String tag);
}
