package io.drplan.testkit.fake;

import io.drplan.core.Region;
import io.drplan.core.spi.LoadBalancerProvider;
import io.drplan.core.spi.ProviderException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fake of ELBv2 target health. A target group lives in a region and may be bound to a
 * Deployment of a cluster: its targets are {@code healthy} when that rollout is complete,
 * {@code initial} while it progresses and {@code unhealthy} when the deployment has no ready pod
 * (or is missing). Unbound target groups are healthy while their region is up.
 * Operation {@code elasticloadbalancing:DescribeTargetHealth}, endpoint {@code elasticloadbalancing/<region>}.
 *
 * <pre>{@code
 * cloud.loadBalancers().addTargetGroup(west, arn, "10.1.0.10", "10.1.0.11")
 *     .bindToDeployment(arn, "dr-cluster", "shop", "api");
 * }</pre>
 */
public final class FakeLoadBalancers implements LoadBalancerProvider {
    private static final int PORT = 8080;

    private final Simulation sim;
    private final Map<String, TargetGroup> groups = new LinkedHashMap<>();

    FakeLoadBalancers(Simulation sim) {
        this.sim = sim;
    }

    /** Adds a target group in {@code region} with targets (IP addresses or instance ids) on port 8080. */
    public FakeLoadBalancers addTargetGroup(Region region, String targetGroupArn, String... targets) {
        TargetGroup g = new TargetGroup(Objects.requireNonNull(region, "region"));
        g.targets.addAll(List.of(targets));
        groups.put(Objects.requireNonNull(targetGroupArn, "targetGroupArn"), g);
        return this;
    }

    /** Registers more targets (what an apply or a deployment does). */
    public FakeLoadBalancers registerTargets(String targetGroupArn, String... targets) {
        group(targetGroupArn).targets.addAll(List.of(targets));
        return this;
    }

    /** Makes the targets' health follow a Deployment's rollout in a cluster. */
    public FakeLoadBalancers bindToDeployment(String targetGroupArn, String cluster, String namespace,
                                              String deployment) {
        TargetGroup g = group(targetGroupArn);
        g.cluster = Objects.requireNonNull(cluster, "cluster");
        g.namespace = namespace;
        g.deployment = deployment;
        return this;
    }

    @Override
    public List<TargetHealth> describeTargetHealth(Region region, String targetGroupArn) {
        String op = "elasticloadbalancing:DescribeTargetHealth";
        String endpoint = "elasticloadbalancing/" + region;
        return sim.call(op, endpoint, region, () -> {
            TargetGroup g = groups.get(targetGroupArn);
            if (g == null || !g.region.equals(region)) {
                throw Simulation.error(Reason.NOT_FOUND, op, endpoint, "target group '" + targetGroupArn
                        + "' not found in " + region + "; check the ARN and its region");
            }
            String state = "healthy";
            String reason = "";
            if (g.cluster != null) {
                FakeCluster c = sim.clusters().stream().filter(x -> x.name().equals(g.cluster)).findFirst().orElse(null);
                boolean clusterUp = c != null && sim.isUp(c.region());
                if (clusterUp && c.rolloutComplete(g.namespace, g.deployment)) {
                    state = "healthy";
                } else if (clusterUp && c.rollout(g.namespace, g.deployment).map(s -> s.readyReplicas() > 0).orElse(false)) {
                    state = "initial";
                    reason = "Elb.RegistrationInProgress";
                } else {
                    state = "unhealthy";
                    reason = "Target.FailedHealthChecks";
                }
            }
            List<TargetHealth> out = new ArrayList<>();
            for (String t : g.targets) {
                out.add(new TargetHealth(t, PORT, state, reason));
            }
            return out;
        });
    }

    private TargetGroup group(String arn) {
        TargetGroup g = groups.get(arn);
        if (g == null) {
            throw new IllegalArgumentException("no target group '" + arn + "'; add it with addTargetGroup");
        }
        return g;
    }

    @Override
    public String toString() {
        return "FakeLoadBalancers" + groups.keySet();
    }

    private static final class TargetGroup {
        final Region region;
        final List<String> targets = new ArrayList<>();
        String cluster;
        String namespace;
        String deployment;

        TargetGroup(Region region) {
            this.region = region;
        }
    }
}
