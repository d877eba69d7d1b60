package io.drplan.core.spi;

import java.util.List;
import java.util.Map;

/**
 * Infrastructure as code (Terraform in the runbook). A run is started and then polled, because an
 * apply takes minutes.
 */
public interface InfrastructureProvider {

    /** Selects the workspace in {@code directory}, creating it when it does not exist ({@code select || new}). */
    void selectWorkspace(String directory, String workspace, boolean createIfMissing);

    /** Starts a plan or apply; returns its id. */
    String start(IacRun run);

    /** Where a started run stands. */
    IacRunStatus status(String runId);

    /** What to run: {@code targets} limit an apply to some resources ({@code -target=module.database}). */
    record IacRun(Kind kind, String directory, String workspace, Map<String, String> variables,
                  List<String> targets) {
        public IacRun {
            variables = Map.copyOf(variables);
            targets = List.copyOf(targets);
        }
    }

    /** A plan computes changes; an apply makes them. */
    enum Kind { PLAN, APPLY }

    /** A run's state: {@code RUNNING}, {@code SUCCEEDED} or {@code FAILED}, with a summary line. */
    record IacRunStatus(String runId, State state, String summary) { }

    /** States of a run. */
    enum State {
        RUNNING, SUCCEEDED, FAILED;

        public boolean isDone() {
            return this != RUNNING;
        }
    }
}
