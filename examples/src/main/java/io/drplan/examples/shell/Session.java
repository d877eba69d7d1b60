package io.drplan.examples.shell;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.PlanPreview;
import io.drplan.core.RunOptions;
import io.drplan.core.event.ConsoleProgress;
import io.drplan.core.journal.ExecutionSummary;
import io.drplan.core.spi.JournalStore;
import io.drplan.testkit.FakeCloud;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An engine at the JShell prompt, made by {@link Shell}: preview, execute, drill, list the
 * journal's executions and resume one, with live progress and approvals at the console.
 * {@code close()} (or {@code /exit}) closes the clients it opened.
 */
public final class Session implements AutoCloseable {
    private final String description;
    private final DrEngine engine;
    private final JournalStore journal;
    private final ConsoleProgress progress;
    private final FakeCloud cloud;
    private final List<AutoCloseable> owned;

    Session(String description, DrEngine engine, JournalStore journal, ConsoleProgress progress, FakeCloud cloud,
            List<AutoCloseable> owned) {
        this.description = description;
        this.engine = engine;
        this.journal = journal;
        this.progress = progress;
        this.cloud = cloud;
        this.owned = List.copyOf(owned);
    }

    /** The engine, for everything this class does not wrap. */
    public DrEngine engine() {
        return engine;
    }

    /** Where executions are journaled. */
    public JournalStore journal() {
        return journal;
    }

    /**
     * The fake cloud of a {@link Shell#fakeCloud()} session, to break things before a run
     * ({@code cloud().region(Region.of("us-east-1")).goDown()}) and look at them after.
     *
     * @throws IllegalStateException on a session with real providers
     */
    public FakeCloud cloud() {
        if (cloud == null) {
            throw new IllegalStateException("this session runs on real providers (" + description
                    + "); Shell.fakeCloud() gives a session on the fake cloud");
        }
        return cloud;
    }

    /** The dry run: ordered steps, calls, critical path, RTO feasibility, IAM actions. */
    public PlanPreview preview(DrPlan plan) {
        return engine.preview(plan);
    }

    /** Executes {@code plan}, printing progress, and returns its report. */
    public ExecutionReport execute(DrPlan plan) {
        return execute(plan, RunOptions.defaults());
    }

    /** Like {@link #execute(DrPlan)} with options ({@code RunOptions.defaults().forced()}, ...). */
    public ExecutionReport execute(DrPlan plan, RunOptions options) {
        progress.watch(plan);
        return engine.execute(plan, options);
    }

    /** Rehearses {@code plan}: executes, verifies and fails back, printing progress. */
    public ExecutionReport drill(DrPlan plan) {
        progress.watch(plan);
        return engine.drill(plan);
    }

    /** The executions in this session's journal store (id, plan, mode, state, started), oldest first. */
    public List<ExecutionSummary> executionList() {
        return ExecutionSummary.list(journal);
    }

    /** {@link #executionList()} as a table to read at the prompt. */
    public String executions() {
        return ExecutionSummary.table(executionList());
    }

    /**
     * Continues execution {@code executionId} (an {@code UNFINISHED} one of {@link #executions()})
     * of {@code plan} from its journal, printing progress.
     */
    public ExecutionReport resume(DrPlan plan, String executionId) {
        return resume(plan, executionId, RunOptions.defaults());
    }

    /** Like {@link #resume(DrPlan, String)} with options ({@code rerunAfterCrash}, {@code forced}). */
    public ExecutionReport resume(DrPlan plan, String executionId, RunOptions options) {
        progress.watch(plan);
        return engine.resume(plan, executionId, options);
    }

    /**
     * Writes {@code report} as {@code report.html}, {@code report.md} and {@code report.json} in
     * {@code folder} and returns the HTML file (open it in a browser: it needs no network).
     */
    public Path save(ExecutionReport report, Path folder) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("report.json"), report.toJson());
            Files.writeString(folder.resolve("report.md"), report.toMarkdown());
            return Files.writeString(folder.resolve("report.html"), report.toHtml()).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeAll(owned);
    }

    static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // closing on the way out: nothing left to do with the error
            }
        }
    }

    @Override
    public String toString() {
        return "drplan session on " + description;
    }
}
