package io.drplan.testkit.contract;

import io.drplan.core.Region;
import io.drplan.core.spi.ObjectStorageProvider;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;

class FakeObjectStorageContractTest extends ObjectStorageProviderContract {
    private final FakeCloud cloud = FakeCloud.create(VirtualScheduler.create());

    @Override
    protected ObjectStorageProvider provider() {
        return cloud.objectStorage();
    }

    @Override
    protected void givenBucket(Region region, BucketProtection settings) {
        cloud.objectStorage().addBucket(region, settings);
    }
}
