package io.drplan.examples;

import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.PlanValidationException;
import io.drplan.core.Refs;
import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.core.SecretTemplate;
import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.notify.Slf4jNotifier;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A plan with a secret, run with failures and retries: its value appears in no log line (the
 * tests log at DEBUG to target/examples-tests.log), journal entry, event, notification, report or
 * exception message.
 */
class SecretLeakTest {
    private static final String PASSWORD = "Sup3r-secret-pa55word";

    @Test
    void secretValue_neverLeaves_evenThroughFailuresAndRetries() throws IOException {
        VirtualScheduler time = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.vibePlatform(time);
        List<ExecutionEvent> events = new ArrayList<>();
        DrEngine engine = DrEngine.builder().providers(cloud.providers()).scheduler(time).seed(3)
                .journal(cloud.journal()).notifier(cloud.notifier()).notifier(new Slf4jNotifier())
                .listener(events::add).build();
        cloud.region(Region.of("us-east-1")).goDown();
        cloud.faults().failNext(2, "k8s:patch secrets", Reason.SERVER_ERROR)
                .failAlways("route53:ChangeResourceRecordSets", Reason.INVALID_REQUEST);
        DrPlan plan = VibePlans.regionFailover(Secret.named("db-password", PASSWORD));

        ExecutionReport report = engine.execute(plan);

        // it failed at DNS and undid the secret update: the value went to the cluster and back, nowhere else
        assertThat(report).stepRetried("update-config").stepFailedWith("dns-failover", "route53:ChangeResourceRecordSets")
                .doesNotReveal(PASSWORD);
        assertThat(report.step("update-config").orElseThrow().compensatedAt()).isNotNull();
        assertThat(cloud.journal().read(report.executionId())).isNotEmpty().noneMatch(l -> l.contains(PASSWORD));
        assertThat(events).isNotEmpty().noneMatch(e -> e.toString().contains(PASSWORD));
        assertThat(cloud.notifier().notifications()).isNotEmpty().noneMatch(n -> n.toString().contains(PASSWORD));
        assertThat(engine.preview(plan).toString()).doesNotContain(PASSWORD);
        assertThat(plan.toString()).doesNotContain(PASSWORD);
        Path log = Path.of("target/examples-tests.log");
        assertThat(log).exists();
        assertThat(Files.readAllLines(log)).anyMatch(l -> l.contains("update-config"))
                .noneMatch(l -> l.contains(PASSWORD));
    }

    @Test
    void secretValue_notInValidationErrors() {
        assertThatThrownBy(() -> DrPlan.region("us-east-1").failoverTo("us-west-2")
                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofHours(1)))
                .step("update-config", s -> s.updateSecret("dr-cluster", "vibe-production", "vibe-secrets")
                        .key("DATABASE_URL", SecretTemplate.of("postgresql://vibe:", Secret.of(PASSWORD), "@",
                                Refs.database("nope").endpoint())))
                .build())
                .isInstanceOf(PlanValidationException.class)
                .hasMessageContaining("depends on step 'nope'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }
}
