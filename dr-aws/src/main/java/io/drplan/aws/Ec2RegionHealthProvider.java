package io.drplan.aws;

import static io.drplan.aws.AwsCall.run;

import io.drplan.core.spi.Operations;
import io.drplan.core.Region;
import io.drplan.core.spi.RegionHealthProvider;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * Region health from EC2: the runbook's {@code aws ec2 describe-vpcs --query 'Vpcs[0].State'} plus
 * the availability zones. Two API calls, sent concurrently; a region that does not answer throws UNAVAILABLE.
 */
final class Ec2RegionHealthProvider implements RegionHealthProvider {
    private final AwsClients clients;

    Ec2RegionHealthProvider(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public RegionHealth probe(Region region) {
        Ec2Client ec2 = clients.ec2(region);
        // Two independent reads, sent at once on the shared connection pool: a probe takes one round trip.
        CompletableFuture<List<String>> zones = CompletableFuture.supplyAsync(() -> run(
                Operations.EC2_DESCRIBE_AVAILABILITY_ZONES, region, "availability zones of " + region,
                () -> ec2.describeAvailabilityZones().availabilityZones().stream()
                        .map(AvailabilityZone::stateAsString).toList()), Ec2RegionHealthProvider::onOwnThread);
        List<String> vpcs;
        try {
            vpcs = run(Operations.EC2_DESCRIBE_VPCS, region, "VPCs of " + region,
                    () -> ec2.describeVpcs().vpcs().stream().map(Vpc::stateAsString).toList());
        } catch (RuntimeException e) {
            zones.cancel(false);
            throw e;
        }
        try {
            return new RegionHealth(region, vpcs, zones.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** A short-lived daemon thread per probe: a provider has no executor of its own, and a probe is rare. */
    private static void onOwnThread(Runnable r) {
        Thread t = new Thread(r, "drplan-ec2-probe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public String toString() {
        return "Ec2RegionHealthProvider[" + clients + "]";
    }
}
