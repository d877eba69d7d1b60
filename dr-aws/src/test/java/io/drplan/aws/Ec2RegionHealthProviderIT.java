package io.drplan.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.core.spi.Providers;
import io.drplan.core.spi.RegionHealthProvider.RegionHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;

@ExtendWith(MotoServerExtension.class)
class Ec2RegionHealthProviderIT {

    @Test
    void probe_regionWithVpcs_isHealthyWithEveryVpcAndZone(MotoServer moto) {
        Ec2Client ec2 = moto.sdk(Ec2Client.builder(), "us-east-1");
        ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16"));
        int vpcs = ec2.describeVpcs().vpcs().size();
        int zones = ec2.describeAvailabilityZones().availabilityZones().size();

        RegionHealth health = moto.providers().regionHealth().probe(Region.of("us-east-1"));

        assertThat(health.region()).isEqualTo(Region.of("us-east-1"));
        assertThat(health.vpcStates()).hasSize(vpcs).containsOnly("available");
        assertThat(health.availabilityZoneStates()).hasSize(zones).containsOnly("available");
        assertThat(health.healthy()).isTrue();
    }

    @Test
    void probe_sendsItsTwoReadsOnceEach_seenByAnInterceptorOfAwsClients(MotoServer moto) {
        OperationStats sent = new OperationStats();
        try (AwsClients clients = AwsClients.builder().endpointOverride(moto.endpoint())
                .staticCredentials(MotoServer.ACCESS_KEY, Secret.of(MotoServer.SECRET_KEY))
                .executionInterceptor(sent).build()) {
            RegionHealth health = AwsProviders.create(clients).register(Providers.builder()).build().regionHealth()
                    .probe(Region.of("us-east-1"));

            assertThat(health.availabilityZoneStates()).isNotEmpty();
            assertThat(sent.snapshot()).containsOnlyKeys("ec2.DescribeVpcs", "ec2.DescribeAvailabilityZones")
                    .allSatisfy((op, stats) -> assertThat(stats.count()).as(op).isEqualTo(1));
        }
    }

    @Test
    void probe_regionWithoutVpcs_isUnhealthy(MotoServer moto) {
        Ec2Client ec2 = moto.sdk(Ec2Client.builder(), "eu-west-1");
        ec2.describeVpcs().vpcs().forEach(v -> {
            ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(v.vpcId()))).subnets()
                    .forEach(s -> ec2.deleteSubnet(r -> r.subnetId(s.subnetId())));
            ec2.describeInternetGateways(r -> r.filters(f -> f.name("attachment.vpc-id").values(v.vpcId())))
                    .internetGateways().forEach(g -> {
                        ec2.detachInternetGateway(r -> r.internetGatewayId(g.internetGatewayId()).vpcId(v.vpcId()));
                        ec2.deleteInternetGateway(r -> r.internetGatewayId(g.internetGatewayId()));
                    });
            ec2.deleteVpc(r -> r.vpcId(v.vpcId()));
        });

        RegionHealth health = moto.providers().regionHealth().probe(Region.of("eu-west-1"));

        assertThat(health.vpcStates()).isEmpty();
        assertThat(health.healthy()).isFalse();
    }
}
