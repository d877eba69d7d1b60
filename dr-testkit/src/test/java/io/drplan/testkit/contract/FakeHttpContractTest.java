package io.drplan.testkit.contract;

import io.drplan.core.spi.HttpProbe;
import io.drplan.core.spi.HttpProbe.TrustStore;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.net.URI;
import java.time.Duration;

/** The HTTP probe contract, run by the testkit's {@code FakeHttp}. */
class FakeHttpContractTest extends HttpProbeContract {
    private static final String BASE = "https://vibe-dr-alb.us-west-2.elb.amazonaws.com";

    private final FakeCloud cloud = FakeCloud.create(VirtualScheduler.create());

    @Override
    protected HttpProbe probe() {
        return cloud.http();
    }

    @Override
    protected URI uri(String path) {
        return URI.create(BASE + path);
    }

    @Override
    protected URI unreachable() {
        return URI.create("https://nothing.example.com/health");
    }

    @Override
    protected TrustStore trustStore() {
        return null;
    }

    @Override
    protected void answer(String path, int status, String body) {
        cloud.http().route(BASE + path, status, body);
    }

    @Override
    protected void answerForHost(String path, String host, int status, String body) {
        cloud.http().routeForHost(BASE + path, host, status, body);
    }

    @Override
    protected void redirect(String path, String location) {
        cloud.http().redirect(BASE + path, location);
    }

    @Override
    protected void slow(String path, Duration delay) {
        cloud.http().route(BASE + path, 200, "late");
        cloud.faults().latency("http:GET", delay);
    }

    @Override
    protected void reset(String path) {
        cloud.http().resetConnection(BASE + path);
    }

}
