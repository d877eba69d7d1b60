package io.drplan.terraform;

import io.drplan.core.spi.InfrastructureProvider;
import io.drplan.core.spi.InfrastructureProvider.IacRun;
import io.drplan.core.spi.InfrastructureProvider.IacRunStatus;
import io.drplan.core.spi.InfrastructureProvider.Kind;
import io.drplan.testkit.contract.InfrastructureProviderContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the real terraform binary and the {@code infra} fixture. */
class TerraformProviderContractIT extends InfrastructureProviderContract {
    @TempDir
    Path root;
    private TerraformProvider tf;

    @BeforeEach
    void setUp() {
        Fixtures.copy(root, Fixtures.DIR);
        tf = Fixtures.provider(root).build();
    }

    @Override
    protected InfrastructureProvider provider() {
        return tf;
    }

    @Override
    protected String directory() {
        return Fixtures.DIR;
    }

    @Override
    protected String target() {
        return "module.database";
    }

    @Override
    protected IacRunStatus awaitDone(String runId) {
        return Fixtures.await(tf, runId);
    }

    @Override
    protected IacRun failingApply(String workspace) {
        return new IacRun(Kind.APPLY, Fixtures.DIR, workspace, Map.of("fail", "true"), List.of());
    }

    @Override
    protected IacRun longApply(String workspace) {
        return new IacRun(Kind.APPLY, Fixtures.DIR, workspace, Map.of("sleep_seconds", "30"), List.of());
    }

    @Override
    protected void awaitApplying(String runId) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!tf.status(runId).summary().startsWith("applying: ") && System.nanoTime() < deadline) {
            Fixtures.sleep(20);
        }
    }

    @Override
    protected String failureText() {
        return "boom: the NAT gateway quota is exhausted";
    }
}
