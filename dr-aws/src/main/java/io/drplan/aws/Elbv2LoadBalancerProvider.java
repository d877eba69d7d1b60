package io.drplan.aws;

import static io.drplan.aws.AwsCall.run;

import io.drplan.core.spi.Operations;
import io.drplan.core.Region;
import io.drplan.core.spi.LoadBalancerProvider;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** ELBv2 implementation of {@link LoadBalancerProvider}: one {@code DescribeTargetHealth} call. */
final class Elbv2LoadBalancerProvider implements LoadBalancerProvider {
    private final AwsClients clients;

    Elbv2LoadBalancerProvider(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public List<TargetHealth> describeTargetHealth(Region region, String targetGroupArn) {
        ElasticLoadBalancingV2Client elb = clients.elbv2(region);
        return run(Operations.ELB_DESCRIBE_TARGET_HEALTH, region, "target group '" + targetGroupArn + "'",
                () -> elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn))
                        .targetHealthDescriptions().stream().map(Elbv2LoadBalancerProvider::toTargetHealth).toList());
    }

    private static TargetHealth toTargetHealth(TargetHealthDescription d) {
        String reason = d.targetHealth() == null ? null
                : d.targetHealth().description() != null ? d.targetHealth().description()
                : d.targetHealth().reasonAsString();
        return new TargetHealth(d.target().id(), d.target().port() == null ? 0 : d.target().port(),
                d.targetHealth() == null ? "unavailable" : d.targetHealth().stateAsString(), reason);
    }

    @Override
    public String toString() {
        return "Elbv2LoadBalancerProvider[" + clients + "]";
    }
}
