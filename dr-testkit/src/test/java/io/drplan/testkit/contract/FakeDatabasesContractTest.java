package io.drplan.testkit.contract;

import io.drplan.core.Region;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;

/** {@link DatabaseProviderContract} on the testkit's {@code FakeDatabases}. */
class FakeDatabasesContractTest extends DatabaseProviderContract {

    @Override
    protected World world() {
        VirtualScheduler time = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.create(time);
        return new World() {
            @Override
            public DatabaseProvider provider() {
                return cloud.databases();
            }

            @Override
            public void createInstance(Region region, String id) {
                cloud.databases().addInstance(region, id);
            }

            @Override
            public String subnetGroup(Region region) {
                cloud.databases().addSubnetGroup(region, "subnets-" + region);
                return "subnets-" + region;
            }

            @Override
            public void createReadReplica(Region region, String replicaId, String sourceId) {
                cloud.databases().addInstance(region, replicaId,
                        s -> s.readReplicaOf("arn:aws:rds:" + PRIMARY + ":123456789012:db:" + sourceId));
            }

            @Override
            public boolean replicateAutomatedBackups(Region region, String sourceId, int retentionDays) {
                cloud.databases().replicateAutomatedBackups(PRIMARY, sourceId, region, retentionDays,
                        time.now().minus(Duration.ofDays(retentionDays)));
                return true;
            }

            @Override
            public void settle() {
                time.advance(Duration.ofHours(1));
            }
        };
    }
}
