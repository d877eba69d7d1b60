package io.drplan.examples.host;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.Execution;
import io.drplan.core.Mode;
import io.drplan.core.PlanPreview;
import io.drplan.core.RunOptions;
import io.drplan.core.Secret;
import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.event.StepFailedEvent;
import io.drplan.core.event.StepStartedEvent;
import io.drplan.core.event.StepSucceededEvent;
import io.drplan.core.spi.JournalStore;
import io.drplan.core.spi.Notifier;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.Scheduler;
import io.drplan.examples.VibePlans;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A platform's ops service that embeds drplan: it owns the region-failover plan, lets an operator
 * (through the service's API) preview and trigger it, and shows which steps are running. In
 * production it gets AWS and Kubernetes providers and a {@code SystemScheduler}; its tests give it
 * the testkit's fake cloud and virtual time ({@code OpsServiceTest}).
 */
public final class OpsService {
    private final DrEngine engine;
    private final DrPlan plan;
    private final Set<String> running = new TreeSet<>();
    private final List<String> timeline = new CopyOnWriteArrayList<>();

    public OpsService(Providers providers, Scheduler scheduler, Secret dbPassword, JournalStore journal,
                      Notifier notifier) {
        this.plan = VibePlans.regionFailover(dbPassword);
        this.engine = DrEngine.builder().providers(providers).scheduler(scheduler).journal(journal)
                .notifier(notifier).listener(this::onEvent).build();
    }

    /** What a failover would do now, without doing anything. */
    public PlanPreview preview() {
        return engine.preview(plan);
    }

    /**
     * Starts the region failover and returns at once.
     *
     * @param force fail over although us-east-1 looks healthy (the report records it)
     * @throws io.drplan.core.ExecutionRefusedException when a failover already runs
     */
    public Execution failover(boolean force) {
        return engine.start(plan, Mode.EXECUTE, force ? RunOptions.defaults().forced() : RunOptions.defaults());
    }

    /** The steps running now. */
    public synchronized Set<String> runningSteps() {
        return Set.copyOf(running);
    }

    /** "step: started/succeeded/failed" lines so far. */
    public List<String> timeline() {
        return List.copyOf(timeline);
    }

    private synchronized void onEvent(ExecutionEvent e) {
        if (e instanceof StepStartedEvent s) {
            running.add(s.stepId());
            timeline.add(s.stepId() + ": started");
        } else if (e instanceof StepSucceededEvent s) {
            running.remove(s.stepId());
            timeline.add(s.stepId() + ": succeeded");
        } else if (e instanceof StepFailedEvent s) {
            running.remove(s.stepId());
            timeline.add(s.stepId() + ": " + s.outcome().toLowerCase());
        }
    }
}
