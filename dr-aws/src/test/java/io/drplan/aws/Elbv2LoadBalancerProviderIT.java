package io.drplan.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.Region;
import io.drplan.core.spi.LoadBalancerProvider.TargetHealth;
import io.drplan.core.spi.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

@ExtendWith(MotoServerExtension.class)
class Elbv2LoadBalancerProviderIT {
    private static final Region WEST = Region.of("us-west-2");

    @Test
    void describeTargetHealth_registeredTargets_returnsEachTargetState(MotoServer moto) {
        String vpc = moto.sdk(Ec2Client.builder(), "us-west-2").createVpc(r -> r.cidrBlock("10.1.0.0/16")).vpc().vpcId();
        ElasticLoadBalancingV2Client elb = moto.sdk(ElasticLoadBalancingV2Client.builder(), "us-west-2");
        String arn = elb.createTargetGroup(r -> r.name("vibe-backend-dr").protocol("HTTP").port(8080).vpcId(vpc)
                .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
        elb.registerTargets(r -> r.targetGroupArn(arn).targets(t -> t.id("10.1.1.10").port(8080),
                t -> t.id("10.1.2.10").port(8081)));

        var targets = moto.providers().loadBalancers().describeTargetHealth(WEST, arn);

        assertThat(targets).extracting(TargetHealth::targetId, TargetHealth::port, TargetHealth::state)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("10.1.1.10", 8080, "healthy"),
                        org.assertj.core.groups.Tuple.tuple("10.1.2.10", 8081, "healthy"));
        assertThat(targets).allMatch(TargetHealth::isHealthy);
    }

    @Test
    void describeTargetHealth_unknownTargetGroup_isNotFound(MotoServer moto) {
        String arn = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/missing/0123456789abcdef";

        assertThatThrownBy(() -> moto.providers().loadBalancers().describeTargetHealth(WEST, arn))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("elasticloadbalancing:DescribeTargetHealth");
                    assertThat(e.endpoint()).isEqualTo("elasticloadbalancing/us-west-2");
                    assertThat(e.getMessage()).contains("target group '" + arn + "'");
                });
    }
}
