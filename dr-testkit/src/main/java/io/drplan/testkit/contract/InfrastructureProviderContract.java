package io.drplan.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.spi.InfrastructureProvider;
import io.drplan.core.spi.InfrastructureProvider.IacRun;
import io.drplan.core.spi.InfrastructureProvider.IacRunStatus;
import io.drplan.core.spi.InfrastructureProvider.Kind;
import io.drplan.core.spi.InfrastructureProvider.State;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link InfrastructureProvider} does, the fake as the real one (Terraform). A subclass
 * supplies a provider whose {@link #directory()} holds a configuration with at least one resource,
 * a fresh state, and the module {@link #target()}; it says how to wait for a run and how to make
 * the next apply fail.
 */
public abstract class InfrastructureProviderContract {
    /** "No changes. ...": a run that found nothing to do, and applied nothing. */
    public static final String NO_CHANGES = "No changes. Your infrastructure matches the configuration.";

    /** The provider under test, fresh for each test. */
    protected abstract InfrastructureProvider provider();

    /** A configuration directory the provider knows, never applied. */
    protected abstract String directory();

    /** A target address in it ({@code module.database}). */
    protected abstract String target();

    /** Waits until the run is done (virtual time for a fake, real time for Terraform). */
    protected abstract IacRunStatus awaitDone(String runId);

    /** An apply in {@code workspace} that will fail with an error text containing {@link #failureText()}. */
    protected abstract IacRun failingApply(String workspace);

    /** Part of the error text of {@link #failingApply}. */
    protected abstract String failureText();

    /** An apply in {@code workspace} that runs long enough to be stopped while it applies. */
    protected abstract IacRun longApply(String workspace);

    /** Waits until the run is applying (a fake's runs are at once). */
    protected abstract void awaitApplying(String runId);

    private IacRun run(Kind kind, String workspace) {
        return new IacRun(kind, directory(), workspace, Map.of(), List.of());
    }

    @Test
    void selectWorkspace_missingWithoutCreate_notFound() {
        assertThatThrownBy(() -> provider().selectWorkspace(directory(), "contract-missing", false))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
                    assertThat(e.endpoint()).isEqualTo("terraform/" + directory());
                })
                .hasMessageStartingWith("workspace 'contract-missing' does not exist in " + directory() + " (");
    }

    @Test
    void apply_firstAddsResources_secondFindsNoChangesAndAppliesNothing() {
        provider().selectWorkspace(directory(), "dr", true);

        IacRunStatus first = awaitDone(provider().start(run(Kind.APPLY, "dr")));
        assertThat(first.state()).isEqualTo(State.SUCCEEDED);
        assertThat(first.summary()).matches("Apply complete! Resources: [1-9]\\d* added, 0 changed, 0 destroyed\\.");
        assertThat(first.changes()).isNotEmpty().allMatch(c -> c.startsWith("create "));

        IacRunStatus second = awaitDone(provider().start(run(Kind.APPLY, "dr")));
        assertThat(second.state()).isEqualTo(State.SUCCEEDED);
        assertThat(second.summary()).isEqualTo(NO_CHANGES);
        assertThat(second.changes()).isEmpty();
    }

    @Test
    void plan_showsChangesBeforeAnApply_noneAfter() {
        provider().selectWorkspace(directory(), "default", true);

        IacRunStatus plan = awaitDone(provider().start(run(Kind.PLAN, "default")));
        assertThat(plan.state()).isEqualTo(State.SUCCEEDED);
        assertThat(plan.summary()).matches("Plan: [1-9]\\d* to add, 0 to change, 0 to destroy\\.");
        assertThat(plan.changes()).isNotEmpty();

        awaitDone(provider().start(run(Kind.APPLY, "default")));
        IacRunStatus after = awaitDone(provider().start(run(Kind.PLAN, "default")));
        assertThat(after.summary()).isEqualTo(NO_CHANGES);
        assertThat(after.changes()).isEmpty();
    }

    @Test
    void savedPlan_isAppliedOnce_asPlanned() {
        provider().selectWorkspace(directory(), "default", true);
        IacRunStatus plan = awaitDone(provider().start(new IacRun(Kind.PLAN, directory(), "default", Map.of(),
                List.of(target()))));
        assertThat(plan.changes()).isNotEmpty().allMatch(c -> c.contains(target()));

        IacRun applyIt = new IacRun(Kind.APPLY, directory(), "default", Map.of(), List.of(), Map.of(), List.of(),
                plan.runId());
        IacRunStatus applied = awaitDone(provider().start(applyIt));

        assertThat(applied.state()).isEqualTo(State.SUCCEEDED);
        assertThat(applied.summary()).startsWith("Apply complete! Resources: ");
        assertThat(applied.changes()).isNotEmpty().allMatch(c -> c.contains(target()));
        assertThatThrownBy(() -> provider().start(applyIt))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageStartingWith("there is no saved plan '" + plan.runId() + "' (");
    }

    @Test
    void savedPlan_ofAnotherWorkspace_refused() {
        provider().selectWorkspace(directory(), "dr", true);
        IacRunStatus plan = awaitDone(provider().start(run(Kind.PLAN, "dr")));

        assertThatThrownBy(() -> provider().start(new IacRun(Kind.APPLY, directory(), "default", Map.of(), List.of(),
                Map.of(), List.of(), plan.runId())))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST))
                .hasMessage("saved plan '" + plan.runId() + "' is of " + directory() + " in workspace dr, not of "
                        + directory() + " in workspace default; apply it in its own directory and workspace");
    }

    @Test
    void failedApply_endsFailedWithTheToolsErrorText() {
        provider().selectWorkspace(directory(), "default", true);

        IacRunStatus s = awaitDone(provider().start(failingApply("default")));

        assertThat(s.state()).isEqualTo(State.FAILED);
        assertThat(s.summary()).contains(failureText());
    }

    @Test
    void cancel_ofAFinishedRun_changesNothing() {
        provider().selectWorkspace(directory(), "default", true);
        IacRunStatus done = awaitDone(provider().start(run(Kind.PLAN, "default")));

        provider().cancel(done.runId());

        assertThat(provider().status(done.runId())).isEqualTo(done);
    }

    @Test
    void cancel_ofARunningApply_endsItFailed_andTheNextRunTakesTheLock() {
        provider().selectWorkspace(directory(), "default", true);
        String id = provider().start(longApply("default"));
        awaitApplying(id);

        provider().cancel(id);

        IacRunStatus s = awaitDone(id);
        assertThat(s.state()).isEqualTo(State.FAILED);
        assertThat(s.summary()).startsWith("cancelled: ").contains("the state lock is free");
        assertThat(awaitDone(provider().start(run(Kind.PLAN, "default"))).state()).isEqualTo(State.SUCCEEDED);
    }

    @Test
    void status_unknownRun_notFound() {
        assertThatThrownBy(() -> provider().status("tf-apply-0123456789ab"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }
}
