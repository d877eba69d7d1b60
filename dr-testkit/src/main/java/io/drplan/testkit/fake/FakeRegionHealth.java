package io.drplan.testkit.fake;

import io.drplan.core.Region;
import io.drplan.core.spi.RegionHealthProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake of the EC2 calls that tell whether a region is healthy: its VPCs and availability zones.
 * A region that is down throws {@code UNAVAILABLE}; an AZ can be marked {@code impaired}.
 * Operations {@code ec2:DescribeVpcs} and {@code ec2:DescribeAvailabilityZones}, endpoint {@code ec2/<region>}.
 *
 * <pre>{@code
 * cloud.regionHealth().addVpc(east, "vpc-1").addAvailabilityZones(east, "us-east-1a", "us-east-1b");
 * }</pre>
 */
public final class FakeRegionHealth implements RegionHealthProvider {
    private final Simulation sim;
    private final Map<Region, List<String>> vpcs = new HashMap<>();
    private final Map<Region, Map<String, String>> zones = new HashMap<>();

    FakeRegionHealth(Simulation sim) {
        this.sim = sim;
    }

    /** Adds an {@code available} VPC. */
    public FakeRegionHealth addVpc(Region region, String vpcId) {
        vpcs.computeIfAbsent(region, r -> new ArrayList<>()).add(vpcId);
        return this;
    }

    /** Adds {@code available} availability zones. */
    public FakeRegionHealth addAvailabilityZones(Region region, String... zoneNames) {
        for (String z : zoneNames) {
            zones.computeIfAbsent(region, r -> new LinkedHashMap<>()).put(z, "available");
        }
        return this;
    }

    /** Sets an availability zone's state, e.g. {@code impaired} or {@code unavailable} (an AZ failure). */
    public FakeRegionHealth setAvailabilityZoneState(Region region, String zoneName, String state) {
        zones.computeIfAbsent(region, r -> new LinkedHashMap<>()).put(zoneName, state);
        return this;
    }

    @Override
    public RegionHealth probe(Region region) {
        String endpoint = "ec2/" + region;
        List<String> vpcStates = sim.call("ec2:DescribeVpcs", endpoint, region,
                () -> vpcs.getOrDefault(region, List.of()).stream().map(v -> "available").toList());
        List<String> zoneStates = sim.call("ec2:DescribeAvailabilityZones", endpoint, region,
                () -> List.copyOf(zones.getOrDefault(region, Map.of()).values()));
        return new RegionHealth(region, vpcStates, zoneStates);
    }

    @Override
    public String toString() {
        return "FakeRegionHealth" + vpcs;
    }
}
