package io.drplan.testkit;

import io.drplan.core.Region;
import io.drplan.core.spi.Providers;
import io.drplan.testkit.fake.FakeApprover;
import io.drplan.testkit.fake.FakeCaches;
import io.drplan.testkit.fake.FakeCluster;
import io.drplan.testkit.fake.FakeDatabases;
import io.drplan.testkit.fake.FakeDns;
import io.drplan.testkit.fake.FakeHttp;
import io.drplan.testkit.fake.FakeExecutionLock;
import io.drplan.testkit.fake.FakeInfrastructure;
import io.drplan.testkit.fake.FakeJournalStore;
import io.drplan.testkit.fake.FakeLoadBalancers;
import io.drplan.testkit.fake.FakeNotifier;
import io.drplan.testkit.fake.FakeObjectStorage;
import io.drplan.testkit.fake.FakeRegion;
import io.drplan.testkit.fake.FakeRegionHealth;
import io.drplan.testkit.fake.FakeRegistries;
import io.drplan.testkit.fake.Faults;
import io.drplan.testkit.fake.Simulation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An in-memory cloud that implements every provider SPI with behaviour: resources move through
 * their states on the {@link VirtualScheduler} after realistic durations ({@link Timings}), regions
 * go down, faults are injected per operation, and every call is recorded.
 *
 * <pre>{@code
 * VirtualScheduler time = VirtualScheduler.create();
 * FakeCloud cloud = FakeCloud.vibePlatform(time);            // the runbook's platform
 * cloud.region(Region.of("us-east-1")).goDown();
 * cloud.faults().throttleNext(2, "rds:RestoreDBInstanceFromDBSnapshot");
 * Providers providers = cloud.providers();                    // hand these to the engine
 * ...
 * time.advance(Duration.ofMinutes(25));                       // the restore completes
 * assertThat(cloud.calls()).extracting(FakeCloud.Call::operation).contains("rds:RestoreDBInstanceFromDBSnapshot");
 * }</pre>
 *
 * <p>Every fake call first checks that its region is up (else {@code ProviderException(UNAVAILABLE)}),
 * then the injected {@link #faults()}, then applies injected latency (moving the virtual clock),
 * then does its work, and is recorded in {@link #calls()} whether it failed or not. Any randomness
 * (endpoint suffixes, pod names, change ids) comes from one {@code Random} seeded with
 * {@link Builder#seed(long)}: the same seed and the same calls give the same timeline.
 * Like {@link VirtualScheduler}, a fake cloud is meant to be used from one thread.
 */
public final class FakeCloud {
    private final Simulation simulation;

    private FakeCloud(Simulation simulation) {
        this.simulation = simulation;
    }

    /** An empty cloud (no resources, all regions up) with default {@link Timings} and seed 0. */
    public static FakeCloud create(VirtualScheduler time) {
        return builder(time).build();
    }

    /** A builder for a cloud with a seed, timings or the runbook's preset. */
    public static Builder builder(VirtualScheduler time) {
        return new Builder(time);
    }

    /**
     * The runbook's Vibe platform, primary us-east-1, DR us-west-2, as of {@code t0 = time.now()}:
     * <ul>
     * <li>RDS {@code vibe-postgres-production} in us-east-1: available, Multi-AZ us-east-1a/us-east-1b,
     *     postgres, db.t4g.medium. In us-west-2, 24 hourly AUTOMATED snapshots of it, the newest taken
     *     at {@code t0 - 40 min}, named {@code rds:vibe-postgres-production-yyyy-MM-dd-HH-mm} (UTC), and the
     *     MANUAL snapshot {@code vibe-manual-snapshot-20251225-dr} ({@code t0 - 7 days}). In us-east-1, the
     *     runbook's backup strategy: 7 daily AUTOMATED snapshots taken at 02:30 UTC, and 4 weekly MANUAL
     *     snapshots {@code vibe-manual-snapshot-yyyyMMdd} taken {@code t0 - 7, 14, 21, 28 days}. Subnet groups
     *     {@code vibe-db-subnet-group} (us-east-1) and {@code vibe-db-subnet-group-dr} (us-west-2);
     *     security groups {@code sg-0vibeprod} (us-east-1) and {@code sg-0vibedr} (us-west-2).</li>
     * <li>ElastiCache {@code vibe-redis-production} (us-east-1), node group {@code 0001}: primary
     *     {@code vibe-redis-production-0001-001} in us-east-1a, replica {@code -002} in us-east-1b.</li>
     * <li>S3 {@code vibe-files-production} (us-east-1): versioning Enabled, replication to
     *     {@code arn:aws:s3:::vibe-files-dr}, STANDARD_IA after 30 days, GLACIER after 90, noncurrent
     *     versions expire after 365; {@code vibe-files-dr} in us-west-2.</li>
     * <li>ECR: us-east-1 replicates to us-west-2; {@code vibe-backend:1.42.0} and {@code vibe-frontend:1.42.0}
     *     in both. VPCs and three available AZs in both regions.</li>
     * <li>Route 53 zone {@code Z0VIBEDEV0001}: {@code api.vibe.dev} CNAME PRIMARY ({@code primary}) →
     *     {@code vibe-alb-use1.us-east-1.elb.amazonaws.com} with health check {@code hc-vibe-primary}
     *     (healthy while us-east-1 is up); SECONDARY ({@code secondary}) →
     *     {@code vibe-alb-usw2.us-west-2.elb.amazonaws.com} with {@code hc-vibe-dr} (us-west-2).</li>
     * <li>Target groups {@code arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/vibe-backend-dr/0123456789abcdef}
     *     (no targets until a Terraform apply of {@code infrastructure/terraform} in workspace {@code dr}
     *     registers three; then they follow dr-cluster's {@code vibe-production/vibe-backend} rollout) and
     *     {@code arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/vibe-backend/fedcba9876543210}
     *     (three targets following primary-cluster).</li>
     * <li>Terraform directory {@code infrastructure/terraform} (42 resources), workspace {@code default}
     *     (us-east-1) already applied; {@code dr} (us-west-2) does not exist yet.</li>
     * <li>Clusters {@code primary-cluster} (us-east-1) and {@code dr-cluster} (us-west-2), each with three
     *     Ready nodes and, in namespace {@code vibe-production}: secret {@code vibe-secrets}
     *     ({@code DATABASE_URL} pointing at the production database, {@code REDIS_URL}, {@code JWT_SECRET}),
     *     deployments {@code vibe-backend} (3 replicas, labels {@code app.kubernetes.io/name=vibe-backend},
     *     {@code app.kubernetes.io/component=backend}, env from {@code vibe-secrets}) and
     *     {@code vibe-frontend} (2 replicas, {@code component=frontend}), two revisions each, and services
     *     {@code vibe-backend} (8080) and {@code vibe-frontend} (80).</li>
     * <li>{@code GET https://api.vibe.dev/health}: resolves {@code api.vibe.dev} as Route 53 would; answers
     *     200 {@code {"status":"ok"}} when that region is up, its cluster's {@code vibe-backend} rollout is
     *     complete and its ready pods' {@code DATABASE_URL} (read when each pod started) names an
     *     available database of that region; 503 with the reason otherwise; {@code UNAVAILABLE} when
     *     nothing resolves or the region is down.</li>
     * </ul>
     */
    public static FakeCloud vibePlatform(VirtualScheduler time) {
        return builder(time).vibePlatform().build();
    }

    /** Providers for the engine: every fake, every cluster added so far, no permission catalog. */
    public Providers providers() {
        Providers.Builder b = Providers.builder()
                .databases(databases())
                .caches(caches())
                .objectStorage(objectStorage())
                .dns(dns())
                .loadBalancers(loadBalancers())
                .registries(registries())
                .regionHealth(regionHealth())
                .infrastructure(infrastructure())
                .http(http())
                .integrity(integrity());
        simulation.clusters().forEach(b::cluster);
        return b.build();
    }

    public FakeDatabases databases() {
        return simulation.databases();
    }

    public FakeCaches caches() {
        return simulation.caches();
    }

    public FakeObjectStorage objectStorage() {
        return simulation.objectStorage();
    }

    public FakeDns dns() {
        return simulation.dns();
    }

    public FakeLoadBalancers loadBalancers() {
        return simulation.loadBalancers();
    }

    public FakeRegistries registries() {
        return simulation.registries();
    }

    public FakeRegionHealth regionHealth() {
        return simulation.regionHealth();
    }

    public FakeInfrastructure infrastructure() {
        return simulation.infrastructure();
    }

    public FakeHttp http() {
        return simulation.http();
    }

    /** The data-integrity probe: answers per restored instance. */
    public io.drplan.testkit.fake.FakeIntegrity integrity() {
        return simulation.integrity();
    }

    /** An approver answering in virtual time (approves at once unless told otherwise); not part of {@link #providers()}. */
    public FakeApprover approver() {
        return simulation.approver();
    }

    /** A notifier that keeps what it is sent. */
    public FakeNotifier notifier() {
        return simulation.notifier();
    }

    /** An in-memory journal store that can simulate a crash of the host. */
    public FakeJournalStore journal() {
        return simulation.journal();
    }

    /** An execution lock whose leases expire in virtual time. */
    public FakeExecutionLock lock() {
        return simulation.lock();
    }

    /**
     * The cluster named {@code name}.
     *
     * @throws IllegalArgumentException when no such cluster was added (see {@link #addCluster})
     */
    public FakeCluster cluster(String name) {
        return simulation.cluster(name);
    }

    /** Adds an empty cluster that runs in {@code region} (it is down while the region is). */
    public FakeCluster addCluster(String name, Region region) {
        return simulation.addCluster(name, region);
    }

    /** Every cluster, in the order they were added. */
    public List<FakeCluster> clusters() {
        return simulation.clusters();
    }

    /** The handle to take {@code region} down and bring it back. */
    public FakeRegion region(Region region) {
        return simulation.region(region);
    }

    /** Fault injection: throttling, failures and latency per operation pattern. */
    public Faults faults() {
        return simulation.faults();
    }

    /** Every call made to the fakes so far, in order. */
    public List<Call> calls() {
        return simulation.calls();
    }

    /**
     * The calls whose operation matches {@code pattern}: an exact operation
     * ({@code rds:DescribeDBInstances}), a service ({@code rds:*}) or {@code *}.
     */
    public List<Call> calls(String pattern) {
        return simulation.calls().stream().filter(c -> Faults.matches(pattern, c.operation())).toList();
    }

    /** The scheduler this cloud runs on. */
    public VirtualScheduler time() {
        return simulation.time();
    }

    public Timings timings() {
        return simulation.timings();
    }

    public long seed() {
        return simulation.seed();
    }

    @Override
    public String toString() {
        return "FakeCloud[seed=" + seed() + ", now=" + time().now() + ", clusters="
                + clusters().stream().map(FakeCluster::name).toList() + ", calls=" + calls().size() + "]";
    }

    /**
     * One call to a fake.
     *
     * @param at        the virtual time the call was made (before any injected latency)
     * @param operation e.g. {@code rds:RestoreDBInstanceFromDBSnapshot}
     * @param endpoint  e.g. {@code rds/us-west-2}, {@code route53/global}, {@code k8s/dr-cluster}
     * @param failed    whether the call threw
     */
    public record Call(Instant at, String operation, String endpoint, boolean failed) {
        @Override
        public String toString() {
            return at + " " + operation + " " + endpoint + (failed ? " FAILED" : "");
        }
    }

    /**
     * How long simulated work takes. The defaults are the numbers the engine's duration estimates
     * use; change them with {@code FakeCloud.builder(time).timings(t -> t.dbRestore(Duration.ofMinutes(30)))}.
     *
     * @param dbRestore           a restore from snapshot: {@code creating} for 4/5, {@code backing-up} for 1/5, then {@code available}
     * @param dbSnapshotCreate    a manual snapshot: {@code creating} then {@code available}
     * @param dbSnapshotCopy      a cross-region snapshot copy
     * @param dbForcedFailover    reboot with failover: {@code rebooting}, then the AZs swap
     * @param dbPromoteReplica    read replica promotion: {@code modifying}
     * @param dbDelete            instance deletion: {@code deleting}, then gone
     * @param cacheFailover       replication group test failover: {@code modifying}
     * @param cacheSnapshot       cache snapshot: {@code creating}
     * @param terraformApply      a Terraform apply run
     * @param terraformPlan       a Terraform plan run
     * @param rolloutRestart      a rollout restart, one replica every {@code rolloutRestart / replicas}
     * @param rolloutUndo         a rollout undo, paced the same way
     * @param rolloutObservedLag  until a Deployment's observedGeneration catches up with its generation
     * @param dnsChange           a DNS change: {@code PENDING}, then {@code INSYNC}
     */
    public record Timings(Duration dbRestore, Duration dbSnapshotCreate, Duration dbSnapshotCopy,
                          Duration dbForcedFailover, Duration dbPromoteReplica, Duration dbDelete,
                          Duration cacheFailover, Duration cacheSnapshot, Duration terraformApply,
                          Duration terraformPlan, Duration rolloutRestart, Duration rolloutUndo,
                          Duration rolloutObservedLag, Duration dnsChange) {
        public static final Duration DEFAULT_DB_RESTORE = Duration.ofMinutes(25);
        public static final Duration DEFAULT_DB_SNAPSHOT_CREATE = Duration.ofMinutes(10);
        public static final Duration DEFAULT_DB_SNAPSHOT_COPY = Duration.ofMinutes(15);
        public static final Duration DEFAULT_DB_FORCED_FAILOVER = Duration.ofMinutes(2);
        public static final Duration DEFAULT_DB_PROMOTE_REPLICA = Duration.ofMinutes(5);
        public static final Duration DEFAULT_DB_DELETE = Duration.ofMinutes(5);
        public static final Duration DEFAULT_CACHE_FAILOVER = Duration.ofMinutes(3);
        public static final Duration DEFAULT_CACHE_SNAPSHOT = Duration.ofMinutes(5);
        public static final Duration DEFAULT_TERRAFORM_APPLY = Duration.ofMinutes(12);
        public static final Duration DEFAULT_TERRAFORM_PLAN = Duration.ofMinutes(1);
        public static final Duration DEFAULT_ROLLOUT_RESTART = Duration.ofMinutes(3);
        public static final Duration DEFAULT_ROLLOUT_UNDO = Duration.ofMinutes(3);
        public static final Duration DEFAULT_ROLLOUT_OBSERVED_LAG = Duration.ofSeconds(5);
        public static final Duration DEFAULT_DNS_CHANGE = Duration.ofSeconds(60);

        public Timings {
            positive("dbRestore", dbRestore);
            positive("dbSnapshotCreate", dbSnapshotCreate);
            positive("dbSnapshotCopy", dbSnapshotCopy);
            positive("dbForcedFailover", dbForcedFailover);
            positive("dbPromoteReplica", dbPromoteReplica);
            positive("dbDelete", dbDelete);
            positive("cacheFailover", cacheFailover);
            positive("cacheSnapshot", cacheSnapshot);
            positive("terraformApply", terraformApply);
            positive("terraformPlan", terraformPlan);
            positive("rolloutRestart", rolloutRestart);
            positive("rolloutUndo", rolloutUndo);
            positive("rolloutObservedLag", rolloutObservedLag);
            positive("dnsChange", dnsChange);
        }

        /** The default timings (the {@code DEFAULT_*} constants). */
        public static Timings defaults() {
            return new Builder().build();
        }

        /** Defaults changed by {@code customizer}. */
        public static Timings of(Consumer<Builder> customizer) {
            Builder b = new Builder();
            customizer.accept(b);
            return b.build();
        }

        /** A builder starting from these timings. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        private static void positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timing " + name + " must be positive but was " + d);
            }
        }

        /** Builder of {@link Timings}; starts from the defaults, {@link #build()} checks every value. */
        public static final class Builder {
            private Duration dbRestore = DEFAULT_DB_RESTORE;
            private Duration dbSnapshotCreate = DEFAULT_DB_SNAPSHOT_CREATE;
            private Duration dbSnapshotCopy = DEFAULT_DB_SNAPSHOT_COPY;
            private Duration dbForcedFailover = DEFAULT_DB_FORCED_FAILOVER;
            private Duration dbPromoteReplica = DEFAULT_DB_PROMOTE_REPLICA;
            private Duration dbDelete = DEFAULT_DB_DELETE;
            private Duration cacheFailover = DEFAULT_CACHE_FAILOVER;
            private Duration cacheSnapshot = DEFAULT_CACHE_SNAPSHOT;
            private Duration terraformApply = DEFAULT_TERRAFORM_APPLY;
            private Duration terraformPlan = DEFAULT_TERRAFORM_PLAN;
            private Duration rolloutRestart = DEFAULT_ROLLOUT_RESTART;
            private Duration rolloutUndo = DEFAULT_ROLLOUT_UNDO;
            private Duration rolloutObservedLag = DEFAULT_ROLLOUT_OBSERVED_LAG;
            private Duration dnsChange = DEFAULT_DNS_CHANGE;

            private Builder() { }

            private Builder(Timings t) {
                dbRestore = t.dbRestore;
                dbSnapshotCreate = t.dbSnapshotCreate;
                dbSnapshotCopy = t.dbSnapshotCopy;
                dbForcedFailover = t.dbForcedFailover;
                dbPromoteReplica = t.dbPromoteReplica;
                dbDelete = t.dbDelete;
                cacheFailover = t.cacheFailover;
                cacheSnapshot = t.cacheSnapshot;
                terraformApply = t.terraformApply;
                terraformPlan = t.terraformPlan;
                rolloutRestart = t.rolloutRestart;
                rolloutUndo = t.rolloutUndo;
                rolloutObservedLag = t.rolloutObservedLag;
                dnsChange = t.dnsChange;
            }

            public Builder dbRestore(Duration d) { positive("dbRestore", d); dbRestore = d; return this; }

            public Builder dbSnapshotCreate(Duration d) { positive("dbSnapshotCreate", d); dbSnapshotCreate = d; return this; }

            public Builder dbSnapshotCopy(Duration d) { positive("dbSnapshotCopy", d); dbSnapshotCopy = d; return this; }

            public Builder dbForcedFailover(Duration d) { positive("dbForcedFailover", d); dbForcedFailover = d; return this; }

            public Builder dbPromoteReplica(Duration d) { positive("dbPromoteReplica", d); dbPromoteReplica = d; return this; }

            public Builder dbDelete(Duration d) { positive("dbDelete", d); dbDelete = d; return this; }

            public Builder cacheFailover(Duration d) { positive("cacheFailover", d); cacheFailover = d; return this; }

            public Builder cacheSnapshot(Duration d) { positive("cacheSnapshot", d); cacheSnapshot = d; return this; }

            public Builder terraformApply(Duration d) { positive("terraformApply", d); terraformApply = d; return this; }

            public Builder terraformPlan(Duration d) { positive("terraformPlan", d); terraformPlan = d; return this; }

            public Builder rolloutRestart(Duration d) { positive("rolloutRestart", d); rolloutRestart = d; return this; }

            public Builder rolloutUndo(Duration d) { positive("rolloutUndo", d); rolloutUndo = d; return this; }

            public Builder rolloutObservedLag(Duration d) { positive("rolloutObservedLag", d); rolloutObservedLag = d; return this; }

            public Builder dnsChange(Duration d) { positive("dnsChange", d); dnsChange = d; return this; }

            public Timings build() {
                return new Timings(dbRestore, dbSnapshotCreate, dbSnapshotCopy, dbForcedFailover, dbPromoteReplica,
                        dbDelete, cacheFailover, cacheSnapshot, terraformApply, terraformPlan, rolloutRestart,
                        rolloutUndo, rolloutObservedLag, dnsChange);
            }
        }
    }

    /** Builder of {@link FakeCloud}. */
    public static final class Builder {
        private final VirtualScheduler time;
        private long seed;
        private Timings timings = Timings.defaults();
        private boolean vibePlatform;

        private Builder(VirtualScheduler time) {
            this.time = Objects.requireNonNull(time, "time");
        }

        /** The seed of every random choice (endpoint suffixes, pod names, change ids); 0 unless set. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Changes some timings, starting from the current ones (the defaults unless set). */
        public Builder timings(Consumer<Timings.Builder> customizer) {
            Timings.Builder b = timings.toBuilder();
            customizer.accept(b);
            this.timings = b.build();
            return this;
        }

        public Builder timings(Timings timings) {
            this.timings = Objects.requireNonNull(timings, "timings");
            return this;
        }

        /** Seeds the runbook's Vibe platform (see {@link FakeCloud#vibePlatform(VirtualScheduler)}). */
        public Builder vibePlatform() {
            this.vibePlatform = true;
            return this;
        }

        public FakeCloud build() {
            Simulation simulation = Simulation.create(time, seed, timings);
            if (vibePlatform) {
                simulation.seedVibePlatform();
            }
            return new FakeCloud(simulation);
        }
    }
}
