package io.drplan.testkit.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.step.*;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.StepReport;
import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.event.StepProgressedEvent;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The {@code checkHttp} step's options against the fake HTTP probe. */
class CheckHttpStepTest {
    private static final String ALB = "https://vibe-dr-alb.us-west-2.elb.amazonaws.com/health";

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);
    private final List<ExecutionEvent> events = new ArrayList<>();

    private StepReport run(UnaryOperator<HttpCheckStep> options) {
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("health", s -> options.apply(s.checkHttp(ALB)).timeout(Duration.ofMinutes(1))).build();
        ExecutionReport r = DrEngine.builder().providers(cloud.providers()).scheduler(time).seed(1).listener(events::add).build().execute(plan);
        return r.step("health").orElseThrow();
    }

    @Test
    void redirect_notFollowed_succeedsAsCurlF() {
        cloud.http().redirect(ALB, "/login");

        StepReport s = run(h -> h);

        assertThat(s.outcome()).hasToString("SUCCEEDED");
        assertThat(s.outputs()).containsEntry("summary", "HTTP 302");
    }

    @Test
    void expectBody_missing_keepsWaitingUntilTheTimeout() {
        cloud.http().route(ALB, 200, "{\"status\":\"degraded\"}");

        StepReport s = run(h -> h.expectBody("\"status\":\"ok\""));

        assertThat(s.outcome()).hasToString("FAILED");
        assertThat(s.error()).isEqualTo("step 'health' timed out after 1m 00s; raise its timeout(..) if the cloud is slow");
        assertThat(events).filteredOn(StepProgressedEvent.class::isInstance).map(e -> ((StepProgressedEvent) e).message())
                .isNotEmpty().allSatisfy(m -> assertThat(m)
                        .endsWith("HTTP 200, body lacks \"\"status\":\"ok\"\" {\"status\":\"degraded\"}"));
    }

    @Test
    void hostHeader_andBody_succeed() {
        cloud.http().route(ALB, 404, "default vhost");
        cloud.http().routeForHost(ALB, "api.vibe.dev", 200, "{\"status\":\"ok\"}");

        StepReport s = run(h -> h.hostHeader("api.vibe.dev").expectBody("\"status\":\"ok\""));

        assertThat(s.outcome()).hasToString("SUCCEEDED");
        assertThat(s.outputs()).containsEntry("summary", "HTTP 200, body contains \"\"status\":\"ok\"\"");
    }

    @Test
    void expectStatus_exact_refusesOtherSuccesses() {
        cloud.http().redirect(ALB, "/login");

        StepReport s = run(h -> h.expectStatus(200));

        assertThat(s.outcome()).hasToString("FAILED");
    }
}
