package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.HttpProbe.HttpResult;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FakeHttpTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final String TG = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/api/1";

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);

    @Test
    void http_routesUnknownUrisAndTimeouts() {
        cloud.http().route("https://shop.example.com/health", 200, "ok");
        URI health = URI.create("https://shop.example.com/health");

        assertThat(cloud.http().get(health, Duration.ofSeconds(5))).isEqualTo(new HttpResult(200, "ok"));
        assertThatThrownBy(() -> cloud.http().get(URI.create("https://shop.example.com/nope"), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.endpoint()).isEqualTo("http/shop.example.com");
                });
        cloud.faults().latency("http:GET", Duration.ofSeconds(6));
        assertThatThrownBy(() -> cloud.http().get(health, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                .hasMessage("GET https://shop.example.com/health timed out after PT5S");
        assertThat(time.now()).isEqualTo(VirtualScheduler.DEFAULT_START.plusSeconds(6));
    }

    @Test
    void http_longBody_isCutAt64KiB() {
        cloud.http().route("https://shop.example.com/big", 500, "x".repeat(70_000));

        assertThat(cloud.http().get(URI.create("https://shop.example.com/big"), Duration.ofSeconds(1)).bodyStart())
                .hasSize(64 * 1024);
    }
}
