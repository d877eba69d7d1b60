package io.drplan.testkit.contract;

import io.drplan.core.spi.DnsProvider;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.util.concurrent.atomic.AtomicInteger;

/** The DNS contract on the fake; {@code Route53DnsProviderContractIT} runs it on moto. */
class FakeDnsContractTest extends DnsProviderContract {
    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    protected DnsProvider dns() {
        return cloud.dns();
    }

    @Override
    protected String newHostedZone(String domain) {
        String id = "Z0FAKE" + ids.incrementAndGet();
        cloud.dns().addHostedZone(id, domain);
        return id;
    }

    @Override
    protected String newHealthCheck() {
        String id = "hc-" + ids.incrementAndGet();
        cloud.dns().addHealthCheck(id, () -> true);
        return id;
    }

    @Override
    protected void letChangesSync() {
        time.advance(cloud.timings().dnsChange());
    }
}
