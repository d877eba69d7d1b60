package io.drplan.testkit.fake;

import io.drplan.core.Region;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The shared state behind one {@link FakeCloud}: the scheduler, the seeded random, regions, faults,
 * the call record and the fakes. Tests use {@link FakeCloud}; this type is public only so that
 * {@code FakeCloud} can assemble it.
 */
public final class Simulation {
    static final String ACCOUNT = "123456789012";
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final VirtualScheduler time;
    private final long seed;
    private final Random random;
    private final FakeCloud.Timings timings;
    private final Faults faults = new Faults();
    private final List<FakeCloud.Call> calls = new ArrayList<>();
    private final Map<Region, FakeRegion> regions = new LinkedHashMap<>();
    private final Map<String, FakeCluster> clusters = new LinkedHashMap<>();
    private final FakeDatabases databases;
    private final FakeCaches caches;
    private final FakeObjectStorage objectStorage;
    private final FakeDns dns;
    private final FakeLoadBalancers loadBalancers;
    private final FakeRegistries registries;
    private final FakeRegionHealth regionHealth;
    private final FakeInfrastructure infrastructure;
    private final FakeHttp http;
    private final FakeIntegrity integrity;
    private final FakeApprover approver;
    private final FakeNotifier notifier = new FakeNotifier();
    private final FakeJournalStore journal = new FakeJournalStore();
    private final FakeExecutionLock lock;

    private Simulation(VirtualScheduler time, long seed, FakeCloud.Timings timings) {
        this.time = Objects.requireNonNull(time, "time");
        this.seed = seed;
        this.random = new Random(seed);
        this.timings = Objects.requireNonNull(timings, "timings");
        this.databases = new FakeDatabases(this);
        this.caches = new FakeCaches(this);
        this.objectStorage = new FakeObjectStorage(this);
        this.dns = new FakeDns(this);
        this.loadBalancers = new FakeLoadBalancers(this);
        this.registries = new FakeRegistries(this);
        this.regionHealth = new FakeRegionHealth(this);
        this.infrastructure = new FakeInfrastructure(this);
        this.http = new FakeHttp(this);
        this.integrity = new FakeIntegrity(this);
        this.approver = new FakeApprover(time);
        this.lock = new FakeExecutionLock(time);
    }

    /** A new, empty simulation. */
    public static Simulation create(VirtualScheduler time, long seed, FakeCloud.Timings timings) {
        return new Simulation(time, seed, timings);
    }

    /** Seeds the runbook's platform (see {@link FakeCloud#vibePlatform(VirtualScheduler)}). */
    public void seedVibePlatform() {
        VibePlatform.seed(this);
    }

    public VirtualScheduler time() {
        return time;
    }

    public long seed() {
        return seed;
    }

    public FakeCloud.Timings timings() {
        return timings;
    }

    public Faults faults() {
        return faults;
    }

    public List<FakeCloud.Call> calls() {
        return List.copyOf(calls);
    }

    public FakeRegion region(Region region) {
        Objects.requireNonNull(region, "region");
        return regions.computeIfAbsent(region, r -> new FakeRegion(r, this));
    }

    public FakeDatabases databases() {
        return databases;
    }

    public FakeCaches caches() {
        return caches;
    }

    public FakeObjectStorage objectStorage() {
        return objectStorage;
    }

    public FakeDns dns() {
        return dns;
    }

    public FakeLoadBalancers loadBalancers() {
        return loadBalancers;
    }

    public FakeRegistries registries() {
        return registries;
    }

    public FakeRegionHealth regionHealth() {
        return regionHealth;
    }

    public FakeInfrastructure infrastructure() {
        return infrastructure;
    }

    public FakeHttp http() {
        return http;
    }

    public FakeIntegrity integrity() {
        return integrity;
    }

    public FakeApprover approver() {
        return approver;
    }

    public FakeNotifier notifier() {
        return notifier;
    }

    public FakeJournalStore journal() {
        return journal;
    }

    public FakeExecutionLock lock() {
        return lock;
    }

    public FakeCluster addCluster(String name, Region region) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        if (clusters.containsKey(name)) {
            throw new IllegalArgumentException("cluster '" + name + "' already exists; get it with cloud.cluster(\""
                    + name + "\")");
        }
        FakeCluster c = new FakeCluster(this, name, region);
        clusters.put(name, c);
        return c;
    }

    public FakeCluster cluster(String name) {
        FakeCluster c = clusters.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no cluster named '" + name + "' in the fake cloud (it has "
                    + clusters.keySet() + "); add it with cloud.addCluster(\"" + name + "\", region)");
        }
        return c;
    }

    public List<FakeCluster> clusters() {
        return List.copyOf(clusters.values());
    }

    /** When {@code region} went down, or {@code null} while it is up. */
    Instant downSince(Region region) {
        FakeRegion r = regions.get(region);
        return r == null ? null : r.downSince();
    }

    boolean isUp(Region region) {
        FakeRegion r = regions.get(region);
        return r == null || r.isUp();
    }

    /** Clusters that run in {@code region}, in the order they were added. */
    List<FakeCluster> clustersIn(Region region) {
        return clusters.values().stream().filter(c -> c.region().equals(region)).toList();
    }

    /**
     * The gate every fake call goes through: region up, injected faults, injected latency, then
     * {@code body}; the call is recorded whatever happens.
     *
     * @param region the region the endpoint lives in, or {@code null} for a global endpoint
     */
    <T> T call(String operation, String endpoint, Region region, Supplier<T> body) {
        Instant at = time.now();
        boolean failed = true;
        try {
            if (region != null && !isUp(region)) {
                throw new ProviderException(Reason.UNAVAILABLE, operation, endpoint,
                        "could not connect to " + endpoint + " for " + operation + ": region " + region
                                + " is down (fake outage); call cloud.region(Region.of(\"" + region
                                + "\")).recover() to bring it back");
            }
            faults.check(operation, endpoint);
            Duration latency = faults.latencyFor(operation, endpoint);
            if (!latency.isZero()) {
                time.elapse(latency);
            }
            T result = body.get();
            failed = false;
            return result;
        } finally {
            calls.add(new FakeCloud.Call(at, operation, endpoint, failed));
        }
    }

    void run(String operation, String endpoint, Region region, Runnable body) {
        call(operation, endpoint, region, () -> {
            body.run();
            return null;
        });
    }

    /** Runs {@code task} after {@code delay} of virtual time. */
    void after(Duration delay, Runnable task) {
        time.schedule(delay, task);
    }

    Instant now() {
        return time.now();
    }

    String randomString(int length) {
        return randomString(length, LOWER_ALNUM);
    }

    String randomString(int length, String alphabet) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static ProviderException error(Reason reason, String operation, String endpoint, String message) {
        return new ProviderException(reason, operation, endpoint, message);
    }

    @Override
    public String toString() {
        return "Simulation[seed=" + seed + ", now=" + time.now() + "]";
    }
}
