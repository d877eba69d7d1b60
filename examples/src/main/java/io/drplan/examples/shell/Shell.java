package io.drplan.examples.shell;

import io.drplan.aws.AwsClients;
import io.drplan.aws.AwsProviders;
import io.drplan.core.DrEngine;
import io.drplan.core.approval.ConsoleApprover;
import io.drplan.core.event.ConsoleProgress;
import io.drplan.core.journal.ExecutionSummary;
import io.drplan.core.journal.FileJournalStore;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.JournalStore;
import io.drplan.core.spi.Providers;
import io.drplan.core.time.SystemScheduler;
import io.drplan.k8s.KubernetesCluster;
import io.drplan.k8s.KubernetesClusters;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One line from the JShell prompt to an engine ({@code bin/drplan-jshell} imports this class):
 *
 * <pre>{@code
 * var s = Shell.fakeCloud();                 // the runbook's platform, in memory, in virtual time
 * var s = Shell.aws("dr-cluster");           // AWS (default credentials chain) + kubeconfig context dr-cluster
 *
 * var plan = VibePlans.regionFailover(Secret.fromEnv("DB_PASSWORD"));
 * s.preview(plan)
 * var report = s.execute(plan)                // live progress; approvals are asked at the prompt
 * s.executions()                              // the journal: id, plan, state, started
 * s.resume(plan, "…id…")
 * }</pre>
 *
 * Every session prints progress to {@code System.out} ({@link ConsoleProgress}, a "waiting" line
 * every minute while a step runs) and asks approvals at the console ({@link ConsoleApprover}).
 */
public final class Shell {
    /** Where {@link #aws} keeps its journal unless {@code -Ddrplan.journal=<folder>} says otherwise. */
    public static final Path DEFAULT_JOURNAL = Path.of(System.getProperty("user.home"), ".drplan", "journal");

    private Shell() { }

    /**
     * A session on the testkit's fake cloud (the runbook's platform: {@link FakeCloud#vibePlatform})
     * in virtual time: a 25-minute restore takes milliseconds. Break it first through
     * {@code s.cloud()} ({@code s.cloud().region(Region.of("us-east-1")).goDown()}).
     *
     * <p>Approvals are asked at the console, and virtual time stands still until you answer (the
     * approval timeout would otherwise pass in an instant).
     */
    public static Session fakeCloud() {
        VirtualScheduler time = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.vibePlatform(time);
        ConsoleProgress progress = ConsoleProgress.to(System.out).every(ConsoleProgress.DEFAULT_INTERVAL, time);
        DrEngine engine = DrEngine.builder()
                .providers(cloud.providers())
                .scheduler(time)
                .approver(answeredBeforeTimeMoves(ConsoleApprover.create(operator())))
                .notifier(cloud.notifier())
                .journal(cloud.journal())
                .lock(cloud.lock())
                .listener(progress)
                .seed(42)
                .build();
        return new Session("fake cloud (virtual time)", engine, cloud.journal(), progress, cloud, List.of());
    }

    /**
     * A session on real providers: AWS through the SDK's default credentials chain (environment,
     * profile, SSO, instance role), and one Kubernetes cluster per kubeconfig context named in
     * {@code kubeContexts} (the cluster takes the context's name, as the runbook's
     * {@code kubectl --context dr-cluster}). The wall clock, a journal in {@link #DEFAULT_JOURNAL}
     * (or {@code -Ddrplan.journal}), console approvals signed with your user name.
     *
     * @throws io.drplan.core.DrException when a context is not in the kubeconfig
     */
    public static Session aws(String... kubeContexts) {
        Objects.requireNonNull(kubeContexts, "kubeContexts");
        List<AutoCloseable> owned = new ArrayList<>();
        SystemScheduler scheduler = SystemScheduler.create();
        owned.add(scheduler);
        try {
            AwsClients clients = AwsClients.create();
            owned.add(clients);
            Providers.Builder providers = AwsProviders.create(clients).register(Providers.builder());
            for (String context : kubeContexts) {
                KubernetesCluster cluster = KubernetesClusters.forContext(context);
                owned.add(cluster);
                providers.cluster(cluster);
            }
            FileJournalStore journal = FileJournalStore.in(Path.of(System.getProperty("drplan.journal",
                    DEFAULT_JOURNAL.toString())));
            ConsoleProgress progress = ConsoleProgress.to(System.out).every(ConsoleProgress.DEFAULT_INTERVAL, scheduler);
            DrEngine engine = DrEngine.builder()
                    .providers(providers.build())
                    .scheduler(scheduler)
                    .approver(ConsoleApprover.create(operator()))
                    .journal(journal)
                    .listener(progress)
                    .build();
            return new Session("AWS (default credentials chain), clusters " + List.of(kubeContexts) + ", journal "
                    + journal, engine, journal, progress, null, owned);
        } catch (RuntimeException e) {
            Session.closeAll(owned);
            throw e;
        }
    }

    /** The executions in {@code store} (any store: files, S3, a ConfigMap), as a table; oldest first. */
    public static String executions(JournalStore store) {
        return ExecutionSummary.table(ExecutionSummary.list(store));
    }

    private static String operator() {
        return System.getProperty("user.name", "operator");
    }

    /**
     * In virtual time the engine's approval timeout is virtual too, and the scheduler would run it out
     * at once while a person reads the question: this approver returns only once the console has
     * answered, on the engine's thread, so the virtual clock does not move meanwhile.
     */
    static Approver answeredBeforeTimeMoves(Approver console) {
        return request -> CompletableFuture.completedFuture(console.request(request).toCompletableFuture().join());
    }
}
