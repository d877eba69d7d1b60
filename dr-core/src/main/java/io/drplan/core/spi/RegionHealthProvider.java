package io.drplan.core.spi;

import io.drplan.core.Region;
import java.util.List;

/** Whether a region answers and its core resources are in a good state (VPCs, availability zones). */
public interface RegionHealthProvider {

    /**
     * Probes the region. Throws {@link ProviderException} with {@link ProviderException.Reason#UNAVAILABLE}
     * when the region does not answer at all.
     */
    RegionHealth probe(Region region);

    /** What a probe found. */
    record RegionHealth(Region region, List<String> vpcStates, List<String> availabilityZoneStates) {
        public RegionHealth {
            vpcStates = List.copyOf(vpcStates);
            availabilityZoneStates = List.copyOf(availabilityZoneStates);
        }

        /** Healthy when it has at least one VPC, all {@code available}, and at least one AZ {@code available}. */
        public boolean healthy() {
            return !vpcStates.isEmpty() && vpcStates.stream().allMatch("available"::equals)
                    && availabilityZoneStates.stream().anyMatch("available"::equals);
        }
    }
}
