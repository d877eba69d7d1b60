package io.drplan.testkit.fake;

import io.drplan.core.Region;
import java.time.Duration;
import java.util.Objects;

/**
 * A region of the fake cloud that can go down and recover. While it is down every call to a
 * service in it (and to the clusters that run in it) throws {@code ProviderException(UNAVAILABLE)};
 * resources keep their state and work already started keeps progressing, as in a real outage of
 * the control plane.
 *
 * <pre>{@code
 * cloud.region(Region.of("us-east-1")).goDownAfter(Duration.ofMinutes(10));
 * }</pre>
 */
public final class FakeRegion {
    private final Region region;
    private final Simulation simulation;
    private boolean up = true;
    private java.time.Instant downSince;

    FakeRegion(Region region, Simulation simulation) {
        this.region = region;
        this.simulation = simulation;
    }

    public Region region() {
        return region;
    }

    /** Takes the region down now. */
    public FakeRegion goDown() {
        if (up) {
            downSince = simulation.now();
        }
        up = false;
        return this;
    }

    /** Takes the region down after {@code delay} of virtual time (an outage in the middle of a plan). */
    public FakeRegion goDownAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative but was " + delay);
        }
        simulation.time().schedule(delay, this::goDown);
        return this;
    }

    /** Brings the region back. */
    public FakeRegion recover() {
        up = true;
        downSince = null;
        return this;
    }

    public boolean isUp() {
        return up;
    }

    /** When the region went down, or {@code null} while it is up (what replication to other regions last saw). */
    java.time.Instant downSince() {
        return downSince;
    }

    /**
     * An availability-zone failure (the runbook's Tier 2): the zone turns {@code impaired} in region
     * health probes; Multi-AZ database instances whose primary is there fail over to their standby
     * (as a forced failover does), single-AZ ones turn {@code failed}; cache node groups whose primary
     * is there fail over when automatic failover is enabled.
     */
    public FakeRegion failAvailabilityZone(String zone) {
        Objects.requireNonNull(zone, "zone");
        simulation.regionHealth().setAvailabilityZoneState(region, zone, "impaired");
        simulation.databases().availabilityZoneFailed(region, zone);
        simulation.caches().availabilityZoneFailed(region, zone);
        return this;
    }

    @Override
    public String toString() {
        return region + (up ? " (up)" : " (down)");
    }
}
