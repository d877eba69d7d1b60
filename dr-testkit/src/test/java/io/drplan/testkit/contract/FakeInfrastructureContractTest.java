package io.drplan.testkit.contract;

import io.drplan.core.spi.InfrastructureProvider;
import io.drplan.core.spi.InfrastructureProvider.IacRun;
import io.drplan.core.spi.InfrastructureProvider.IacRunStatus;
import io.drplan.core.spi.InfrastructureProvider.Kind;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import io.drplan.testkit.fake.FakeInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The contract on the fake: runs end after the fake's timings on virtual time. */
class FakeInfrastructureContractTest extends InfrastructureProviderContract {
    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeInfrastructure tf = FakeCloud.create(time).infrastructure().addDirectory("infra", 3);

    @Override
    protected InfrastructureProvider provider() {
        return tf;
    }

    @Override
    protected String directory() {
        return "infra";
    }

    @Override
    protected String target() {
        return "module.database";
    }

    @Override
    protected IacRunStatus awaitDone(String runId) {
        time.advance(Duration.ofMinutes(30));
        return tf.status(runId);
    }

    @Override
    protected IacRun failingApply(String workspace) {
        tf.failNextRun("infra", "Error: creating EKS Node Group: ResourceLimitExceeded");
        return new IacRun(Kind.APPLY, "infra", workspace, Map.of(), List.of());
    }

    @Override
    protected IacRun longApply(String workspace) {
        return new IacRun(Kind.APPLY, "infra", workspace, Map.of(), List.of());
    }

    @Override
    protected void awaitApplying(String runId) {
        time.advance(Duration.ofMinutes(1));
    }

    @Override
    protected String failureText() {
        return "ResourceLimitExceeded";
    }
}
