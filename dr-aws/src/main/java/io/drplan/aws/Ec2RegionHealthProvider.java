package io.drplan.aws;

import static io.drplan.aws.AwsCall.run;

import io.drplan.core.Region;
import io.drplan.core.spi.RegionHealthProvider;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * Region health from EC2: the runbook's {@code aws ec2 describe-vpcs --query 'Vpcs[0].State'} plus
 * the availability zones. Two API calls; a region that does not answer throws UNAVAILABLE.
 */
final class Ec2RegionHealthProvider implements RegionHealthProvider {
    private final AwsClients clients;

    Ec2RegionHealthProvider(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public RegionHealth probe(Region region) {
        Ec2Client ec2 = clients.ec2(region);
        List<String> vpcs = run(AwsOperations.EC2_DESCRIBE_VPCS, region, "VPCs of " + region,
                () -> ec2.describeVpcs().vpcs().stream().map(Vpc::stateAsString).toList());
        List<String> zones = run(AwsOperations.EC2_DESCRIBE_AVAILABILITY_ZONES, region,
                "availability zones of " + region,
                () -> ec2.describeAvailabilityZones().availabilityZones().stream()
                        .map(AvailabilityZone::stateAsString).toList());
        return new RegionHealth(region, vpcs, zones);
    }

    @Override
    public String toString() {
        return "Ec2RegionHealthProvider[" + clients + "]";
    }
}
