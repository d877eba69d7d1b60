package io.drplan.core.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.DrPlan;
import io.drplan.core.PlanValidationException;
import io.drplan.core.spi.HttpProbe;
import io.drplan.core.spi.HttpProbe.HttpCheck;
import io.drplan.core.spi.HttpProbe.HttpResult;
import io.drplan.core.spi.ProviderException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckHttpOptionsTest {

    private static DrPlan.PlanStage base() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)));
    }

    @Test
    void description_default_isCurlF() {
        DrPlan plan = base().step("health", s -> s.checkHttp("https://api.vibe.dev/health")).build();

        assertThat(plan.orderedSteps().get(0).description())
                .isEqualTo("Wait for GET https://api.vibe.dev/health to answer below 400");
    }

    @Test
    void description_allOptions_namesThem() {
        DrPlan plan = base().step("dr-alb", s -> s.checkHttp("https://vibe-dr-alb.us-west-2.elb.amazonaws.com/health")
                .expectStatus(200).expectBody("\"status\":\"ok\"").hostHeader("api.vibe.dev").followRedirects()
                .callTimeout(Duration.ofSeconds(3))).build();

        assertThat(plan.orderedSteps().get(0).description()).isEqualTo("Wait for GET"
                + " https://vibe-dr-alb.us-west-2.elb.amazonaws.com/health to answer 200 with a body containing"
                + " \"\"status\":\"ok\"\" for Host api.vibe.dev, following redirects");
    }

    @Test
    void build_badOptions_namesEachOne() {
        DrPlan.PlanStage stage = base().step("health", s -> s.checkHttp("https://api.vibe.dev/health")
                .hostHeader("api.vibe.dev\r\nX-Evil: 1").expectStatus(42).expectBody("")
                .trustStore(Path.of("/nonexistent/ca.pem")).callTimeout(Duration.ZERO));

        assertThatThrownBy(stage::build).isInstanceOfSatisfying(PlanValidationException.class, e ->
                assertThat(e.problems()).containsExactly(
                        "step 'health': checkHttp hostHeader 'api.vibe.dev\r\nX-Evil: 1' is not a host name with an"
                                + " optional port; use e.g. api.vibe.dev",
                        "step 'health': checkHttp expectStatus must be an HTTP status (100-599) but was 42",
                        "step 'health': checkHttp expectBody must not be empty; leave it out to accept any body",
                        "step 'health': checkHttp trustStore '/nonexistent/ca.pem' is not a readable file; give the PEM"
                                + " file of the CA that signed the endpoint's certificate",
                        "step 'health': checkHttp callTimeout must be positive but was PT0S; use a duration such as"
                                + " Duration.ofMinutes(30)"));
    }

    @Test
    void probeWithoutOptions_refusesAHostHeaderInsteadOfIgnoringIt() {
        HttpProbe plain = (uri, timeout) -> new HttpResult(200, "ok");
        URI uri = URI.create("https://vibe-dr-alb.us-west-2.elb.amazonaws.com/health");

        assertThat(plain.get(HttpCheck.of(uri, Duration.ofSeconds(1)))).isEqualTo(new HttpResult(200, "ok"));
        assertThatThrownBy(() -> plain.get(new HttpCheck(uri, Duration.ofSeconds(1), true, "api.vibe.dev", null)))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.INVALID_REQUEST))
                .hasMessageContaining("does not support following redirects, a Host header (GET " + uri + ");"
                        + " use io.drplan.core.http.JdkHttpProbe");
    }

    @Test
    void httpCheck_hostHeaderWithALineBreak_isRefused() {
        assertThatThrownBy(() -> new HttpCheck(URI.create("https://a.example/"), Duration.ofSeconds(1), false,
                "api.vibe.dev\r\nX-Injected: 1", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hostHeader must be a host name with an optional port, e.g. api.vibe.dev or"
                        + " api.vibe.dev:8443, but was 'api.vibe.dev\r\nX-Injected: 1'");
    }
}
