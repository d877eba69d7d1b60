package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.InfrastructureProvider.IacRun;
import io.drplan.core.spi.InfrastructureProvider.IacRunStatus;
import io.drplan.core.spi.InfrastructureProvider.Kind;
import io.drplan.core.spi.InfrastructureProvider.State;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeInfrastructureTest {
    private static final String DIR = "infra";

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);
    private final FakeInfrastructure tf = cloud.infrastructure();

    @BeforeEach
    void seed() {
        tf.addDirectory(DIR, 42);
    }

    private static IacRun apply(String workspace, List<String> targets) {
        return new IacRun(Kind.APPLY, DIR, workspace, Map.of("environment", "dr"), targets);
    }

    @Test
    void selectWorkspace_missingWithoutCreate_notFound() {
        assertThatThrownBy(() -> tf.selectWorkspace(DIR, "dr", false))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
                    assertThat(e.endpoint()).isEqualTo("terraform/infra");
                })
                .hasMessage("workspace 'dr' does not exist in infra (it has [default]); create it with createIfMissing");
    }

    @Test
    void selectWorkspace_createIfMissing_createsAndSelects() {
        tf.selectWorkspace(DIR, "dr", true);

        assertThat(tf.workspaces(DIR)).containsExactlyInAnyOrder("default", "dr");
        assertThat(tf.selectedWorkspace(DIR)).isEqualTo("dr");
    }

    @Test
    void apply_runsTwelveMinutesThenSucceedsWithSummary() {
        tf.selectWorkspace(DIR, "dr", true);
        String id = tf.start(apply("dr", List.of()));

        assertThat(tf.status(id)).isEqualTo(new IacRunStatus(id, State.RUNNING, "running"));
        time.advance(Duration.ofMinutes(12).minusSeconds(1));
        assertThat(tf.status(id).state()).isEqualTo(State.RUNNING);
        time.advance(Duration.ofSeconds(1));
        IacRunStatus done = tf.status(id);
        assertThat(done.state()).isEqualTo(State.SUCCEEDED);
        assertThat(done.summary()).isEqualTo("Apply complete! Resources: 42 added, 0 changed, 0 destroyed.");
        assertThat(done.changes()).hasSize(42).startsWith("create fake_resource.r1");

        // as the real provider: the plan shows no changes, so nothing is applied
        String again = tf.start(apply("dr", List.of()));
        time.advance(Duration.ofMinutes(12));
        assertThat(tf.status(again).summary()).isEqualTo("No changes. Your infrastructure matches the configuration.");
        assertThat(tf.status(again).changes()).isEmpty();
    }

    @Test
    void plan_oneMinute_andTargetedApplyChangesTargets() {
        String plan = tf.start(new IacRun(Kind.PLAN, DIR, "default", Map.of(), List.of()));
        time.advance(Duration.ofMinutes(1));
        assertThat(tf.status(plan).summary()).isEqualTo("Plan: 42 to add, 0 to change, 0 to destroy.");

        String targeted = tf.start(apply("default", List.of("module.database")));
        time.advance(Duration.ofMinutes(12));
        assertThat(tf.status(targeted).summary()).isEqualTo("Apply complete! Resources: 0 added, 1 changed, 0 destroyed.");
    }

    @Test
    void apply_hookRunsOnSuccessInItsWorkspaceOnly() {
        AtomicInteger ran = new AtomicInteger();
        tf.onApply(DIR, "dr", ran::incrementAndGet);
        tf.selectWorkspace(DIR, "dr", true);

        tf.start(apply("default", List.of()));
        tf.start(apply("dr", List.of()));
        time.advance(Duration.ofMinutes(12));

        assertThat(ran).hasValue(1);
    }

    @Test
    void failNextRun_endsFailedAndSkipsHooks() {
        AtomicInteger ran = new AtomicInteger();
        tf.onApply(DIR, "default", ran::incrementAndGet).failNextRun(DIR, "Error: ResourceLimitExceeded");

        String id = tf.start(apply("default", List.of()));
        time.advance(Duration.ofMinutes(12));

        assertThat(tf.status(id)).isEqualTo(new IacRunStatus(id, State.FAILED, "Error: ResourceLimitExceeded"));
        assertThat(ran).hasValue(0);
    }

    @Test
    void faults_onApply_failTheStart() {
        cloud.faults().failNext(1, "terraform:apply", Reason.SERVER_ERROR);

        assertThatThrownBy(() -> tf.start(apply("default", List.of())))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR));
        assertThat(tf.start(apply("default", List.of()))).isEqualTo("tf-run-1");
        assertThat(cloud.calls()).extracting(FakeCloud.Call::operation).containsExactly("terraform:apply", "terraform:apply");
    }

    @Test
    void errors_unknownDirectoryAndRun() {
        assertThatThrownBy(() -> tf.selectWorkspace("nope", "dr", true))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("no Terraform configuration in directory 'nope' (the fake has [infra])");
        assertThatThrownBy(() -> tf.status("tf-run-9"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        assertThatThrownBy(() -> tf.start(apply("dr", List.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("workspace 'dr' does not exist in infra (it has [default]); select it with createIfMissing first");
    }

    @Test
    void workspaceRegion_downAtStart_unavailable_downDuringRun_failed() {
        Region west = Region.of("us-west-2");
        tf.workspaceRegion(DIR, "dr", west);
        tf.selectWorkspace(DIR, "dr", true);
        String id = tf.start(apply("dr", List.of()));
        cloud.region(west).goDownAfter(Duration.ofMinutes(10));

        time.advance(Duration.ofMinutes(12));

        assertThat(tf.status(id)).isEqualTo(new IacRunStatus(id, State.FAILED, "Error: the AWS API of us-west-2 stopped"
                + " answering during the apply (region down); the state may be partly applied: run it again once the"
                + " region is back"));
        assertThatThrownBy(() -> tf.start(apply("dr", List.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
        assertThat(tf.start(apply("default", List.of()))).isEqualTo("tf-run-2");
    }
}
