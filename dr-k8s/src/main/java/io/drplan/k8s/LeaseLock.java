package io.drplan.k8s;

import io.drplan.core.spi.ExecutionLock;
import io.drplan.core.spi.ProviderException;
import io.drplan.k8s.internal.KubernetesErrors;
import io.drplan.k8s.internal.ResourceNames;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ExecutionLock} on a {@code coordination.k8s.io/v1} Lease, so that two instances of a host
 * service, on any machines that reach the cluster, never run the same plan at once.
 *
 * <pre>{@code
 * ExecutionLock lock = LeaseLock.builder(client)
 *     .namespace("drplan")
 *     .build();
 * Optional<ExecutionLock.Lease> lease = lock.tryAcquire("vibe-region-failover", "pod-7f9c", Duration.ofMinutes(1));
 * if (lease.isEmpty()) {
 *     System.out.println("already running on " + lock.currentHolder("vibe-region-failover").orElse("?"));
 * }
 * }</pre>
 *
 * <p>One Lease per plan, named {@code drplan-<plan name as a DNS-1123 name>}. The first to create it
 * wins (the API server refuses the second create with 409). A holder that stops renewing loses it
 * once {@code renewTime + leaseDurationSeconds} has passed: the next contender takes it over with an
 * update that carries the {@code resourceVersion} it read, so of two contenders exactly one succeeds.
 * Expiry is judged with this lock's {@link Clock}, so the holders' clocks must roughly agree, as for
 * Kubernetes' own leader election. A live lease is refused to its own holder too (two engines of one
 * process may share a holder name), and each acquisition is named on the Lease ({@value
 * #ACQUISITION_ANNOTATION}), so a stale handle can neither renew nor release a newer acquisition of
 * the same holder. Renewing and releasing also write with the {@code resourceVersion} read; releasing
 * clears the holder only if this acquisition still has it, and never throws: if the cluster cannot be
 * reached, the lease simply expires after its duration.
 *
 * <p>Every call is one or two API calls (read, then create or update) and returns at once; the
 * engine schedules renewals.
 */
public final class LeaseLock implements ExecutionLock {
    private static final Logger log = LoggerFactory.getLogger(LeaseLock.class);

    /** The annotation that keeps the plan's own name on the Lease. */
    public static final String PLAN_ANNOTATION = "drplan.io/plan";
    /** The annotation naming the current acquisition: a stale handle of the same holder cannot act on a newer one. */
    public static final String ACQUISITION_ANNOTATION = "drplan.io/acquisition";
    /** The namespace used when neither the builder nor the client names one. */
    public static final String DEFAULT_NAMESPACE = "default";

    private final KubernetesClient client;
    private final String namespace;
    private final String cluster;
    private final Clock clock;

    private LeaseLock(Builder b) {
        this.client = b.client;
        this.namespace = b.namespace;
        this.cluster = b.cluster;
        this.clock = b.clock;
    }

    /** A builder of a lock on {@code client}'s cluster. */
    public static Builder builder(KubernetesClient client) {
        return new Builder(client);
    }

    /** The namespace holding the Leases. */
    public String namespace() {
        return namespace;
    }

    /** The Lease name for {@code planName}. */
    public String leaseName(String planName) {
        return ResourceNames.forPlan(planName);
    }

    @Override
    public Optional<Lease> tryAcquire(String planName, String holder, Duration leaseDuration) {
        requireText(holder, "holder");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        if (leaseDuration.isNegative() || leaseDuration.isZero()) {
            throw new IllegalArgumentException("leaseDuration must be positive but was " + leaseDuration);
        }
        String name = leaseName(planName);
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                leaseDuration.plusNanos(999_999_999L).getSeconds()));
        Instant now = clock.instant();
        String acquisition = UUID.randomUUID().toString();
        var current = read(name);
        if (current == null) {
            var fresh = new LeaseBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace)
                    .addToAnnotations(PLAN_ANNOTATION, planName).addToAnnotations(ACQUISITION_ANNOTATION, acquisition)
                    .endMetadata()
                    .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(seconds)
                    .withAcquireTime(time(now)).withRenewTime(time(now)).withLeaseTransitions(0).endSpec()
                    .build();
            var created = conflictAsEmpty("create", name,
                    () -> client.leases().inNamespace(namespace).resource(fresh).create());
            if (created.isEmpty()) {
                log.info("Plan {} was locked by another holder first; {} does not run it", planName, holder);
                return Optional.empty();
            }
            log.info("Plan {} locked by {} (lease {}/{} for {}s)", planName, holder, namespace, name, seconds);
            return Optional.of(new Held(planName, name, holder, acquisition));
        }
        LeaseSpec spec = current.getSpec() == null ? new LeaseSpec() : current.getSpec();
        String owner = spec.getHolderIdentity();
        boolean held = owner != null && !owner.isEmpty();
        if (held && !isExpired(spec, now)) {
            // Refused to its own holder too: two engines of one process may share a holder name.
            log.info("Plan {} is locked by {} until {}; {} does not run it", planName, owner, expiry(spec), holder);
            return Optional.empty();
        }
        boolean takeover = held && !owner.equals(holder);
        var next = new LeaseBuilder(current)
                .editMetadata().addToAnnotations(PLAN_ANNOTATION, planName)
                .addToAnnotations(ACQUISITION_ANNOTATION, acquisition).endMetadata()
                .editOrNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(seconds)
                .withAcquireTime(time(now)).withRenewTime(time(now))
                .withLeaseTransitions(orZero(spec.getLeaseTransitions()) + (takeover ? 1 : 0))
                .endSpec().build();
        var updated = conflictAsEmpty("update", name,
                () -> client.leases().inNamespace(namespace).resource(next).update());
        if (updated.isEmpty()) {
            log.info("Plan {} was taken by another holder first; {} does not run it", planName, holder);
            return Optional.empty();
        }
        if (held) {
            log.info("Plan {} taken over by {} from {}, whose lease expired at {}", planName, holder, owner,
                    expiry(spec));
        } else {
            log.info("Plan {} locked by {} (lease {}/{} for {}s)", planName, holder, namespace, name, seconds);
        }
        return Optional.of(new Held(planName, name, holder, acquisition));
    }

    @Override
    public Optional<String> currentHolder(String planName) {
        String name = leaseName(planName);
        var current = read(name);
        if (current == null || current.getSpec() == null) {
            return Optional.empty();
        }
        String owner = current.getSpec().getHolderIdentity();
        if (owner == null || owner.isEmpty() || isExpired(current.getSpec(), clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(owner);
    }

    @Override
    public String toString() {
        return "LeaseLock[" + KubernetesErrors.endpoint(cluster) + " namespace " + namespace + "]";
    }

    private static boolean isExpired(LeaseSpec spec, Instant now) {
        Instant expiry = expiry(spec);
        return expiry == null || expiry.isBefore(now);
    }

    private static Instant expiry(LeaseSpec spec) {
        ZonedDateTime last = spec.getRenewTime() != null ? spec.getRenewTime() : spec.getAcquireTime();
        if (last == null || spec.getLeaseDurationSeconds() == null) {
            return null;
        }
        return last.toInstant().plusSeconds(spec.getLeaseDurationSeconds());
    }

    private static ZonedDateTime time(Instant instant) {
        return ZonedDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    /** The plan's Lease as the API server has it now, or null (fully named: {@code Lease} here is the SPI's). */
    private io.fabric8.kubernetes.api.model.coordination.v1.Lease read(String name) {
        return call("get", name, () -> client.leases().inNamespace(namespace).withName(name).get());
    }

    private <T> T call(String verb, String name, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.translate(e, cluster, verb, "leases", namespace + "/" + name, null);
        }
    }

    /** Runs a write; a 409 (someone else wrote first) is an empty answer, every other error is thrown. */
    private <T> Optional<T> conflictAsEmpty(String verb, String name, Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Optional.empty();
            }
            throw KubernetesErrors.translate(e, cluster, verb, "leases", namespace + "/" + name, null);
        }
    }

    /** Whether {@code lease} is still this acquisition of {@code holder}. */
    private static boolean isHeldBy(io.fabric8.kubernetes.api.model.coordination.v1.Lease lease, String holder,
                                    String acquisition) {
        return lease != null && lease.getSpec() != null && holder.equals(lease.getSpec().getHolderIdentity())
                && lease.getMetadata().getAnnotations() != null
                && acquisition.equals(lease.getMetadata().getAnnotations().get(ACQUISITION_ANNOTATION));
    }

    private boolean renew(String planName, String name, String holder, String acquisition) {
        var current = read(name);
        if (!isHeldBy(current, holder, acquisition)) {
            log.warn("Lease of plan {} was lost by {}: now held by {}; stop this execution", planName, holder,
                    current == null || current.getSpec() == null ? "nobody" : current.getSpec().getHolderIdentity());
            return false;
        }
        var next = new LeaseBuilder(current).editSpec().withRenewTime(time(clock.instant())).endSpec().build();
        var updated = conflictAsEmpty("update", name,
                () -> client.leases().inNamespace(namespace).resource(next).update());
        if (updated.isEmpty()) {
            log.warn("Lease of plan {} changed while {} renewed it; treating it as lost", planName, holder);
            return false;
        }
        return true;
    }

    private void release(String planName, String name, String holder, String acquisition) {
        try {
            var current = read(name);
            if (!isHeldBy(current, holder, acquisition)) {
                log.info("Lease of plan {} is no longer held by {}; nothing to release", planName, holder);
                return;
            }
            var next = new LeaseBuilder(current)
                    .editMetadata().removeFromAnnotations(ACQUISITION_ANNOTATION).endMetadata()
                    .editSpec().withHolderIdentity(null)
                    .withRenewTime(time(clock.instant())).endSpec().build();
            if (conflictAsEmpty("update", name,
                    () -> client.leases().inNamespace(namespace).resource(next).update()).isEmpty()) {
                log.info("Lease of plan {} changed while {} released it; left as it is", planName, holder);
            } else {
                log.info("Plan {} unlocked by {}", planName, holder);
            }
        } catch (ProviderException e) {
            // Best effort: the lease expires on its own, and failing the run here would hide its outcome.
            log.warn("Could not release the lease of plan {} held by {} ({}); it expires after its duration",
                    planName, holder, e.getMessage());
        }
    }

    /** A lease this lock holds. */
    private final class Held implements Lease {
        private final String planName;
        private final String name;
        private final String holder;
        private final String acquisition;
        private boolean released;

        Held(String planName, String name, String holder, String acquisition) {
            this.planName = planName;
            this.name = name;
            this.holder = holder;
            this.acquisition = acquisition;
        }

        @Override
        public String holder() {
            return holder;
        }

        @Override
        public synchronized boolean renew() {
            return !released && LeaseLock.this.renew(planName, name, holder, acquisition);
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                release(planName, name, holder, acquisition);
            }
        }

        @Override
        public String toString() {
            return "Lease[" + planName + " held by " + holder + (released ? ", released" : "") + "]";
        }
    }

    /** Builder of {@link LeaseLock}; {@link #build()} checks the settings. */
    public static final class Builder {
        private final KubernetesClient client;
        private String namespace;
        private String cluster;
        private Clock clock = Clock.systemUTC();

        private Builder(KubernetesClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The namespace of the Leases; default the client's namespace, else {@value #DEFAULT_NAMESPACE}. */
        public Builder namespace(String namespace) {
            this.namespace = requireText(namespace, "namespace");
            return this;
        }

        /** The cluster's name in errors' endpoint ({@code k8s/<name>}); default the API server's host and port. */
        public Builder clusterName(String cluster) {
            this.cluster = requireText(cluster, "clusterName");
            return this;
        }

        /** The clock that judges expiry and stamps renewals; default the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public LeaseLock build() {
            if (namespace == null) {
                String ns = client.getNamespace();
                namespace = ns == null || ns.isBlank() ? DEFAULT_NAMESPACE : ns;
            }
            if (cluster == null) {
                cluster = client.getMasterUrl().getHost() + ":" + client.getMasterUrl().getPort();
            }
            return new LeaseLock(this);
        }
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank but was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }
}
