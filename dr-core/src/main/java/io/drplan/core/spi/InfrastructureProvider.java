package io.drplan.core.spi;

import io.drplan.core.Secret;
import java.util.List;
import java.util.Map;

/**
 * Infrastructure as code (Terraform in the runbook). A run is started and then polled, because an
 * apply takes minutes. An apply plans first and applies exactly what it planned, and only when the
 * plan shows changes; an apply of a {@linkplain IacRun#savedPlan() saved plan} applies what an
 * earlier plan run showed (and approved), nothing else.
 */
public interface InfrastructureProvider {

    /** Selects the workspace in {@code directory}, creating it when it does not exist ({@code select || new}). */
    void selectWorkspace(String directory, String workspace, boolean createIfMissing);

    /** Starts a plan or apply; returns its id. */
    String start(IacRun run);

    /**
     * Where a started run stands. While it runs, {@link IacRunStatus#summary()} is a progress line
     * ("applying: 3 of 5 done, module.database... creating"). A run that could not take the state
     * lock throws a {@link ProviderException} with reason {@code CONFLICT} naming the holder.
     */
    IacRunStatus status(String runId);

    /**
     * Stops a run that is still going (the step timed out or the execution was cancelled): ends
     * everything the run started and makes sure it holds no state lock afterwards. Does nothing for
     * a finished run. The default does nothing, for providers whose runs cannot be stopped.
     */
    default void cancel(String runId) {
    }

    /**
     * The runbook's pre-requisite "Terraform state available in DR region": what keeps the state
     * of {@code workspace} in {@code directory} from being available in {@code region} (a backend
     * that is not S3, a bucket in another region, no state object); empty when it is available.
     * Changes nothing. The default says the provider cannot tell.
     */
    default List<String> stateProblems(String directory, String workspace, String region) {
        return List.of(getClass().getSimpleName() + " cannot tell where the Terraform state of " + directory
                + " is kept; use a provider that can (dr-terraform's TerraformProvider)");
    }

    /**
     * What to run: {@code targets} limit a run to some resources ({@code -target=module.database}).
     *
     * @param variables       {@code -var name=value}, values that may be shown
     * @param targets         {@code -target=address}
     * @param secretVariables variables whose values never appear on a command line, in a log or a
     *                        message (Terraform reads them from {@code TF_VAR_name})
     * @param varFiles        {@code -var-file=path}, relative to the directory
     * @param savedPlan       for an apply: the id of a finished plan run whose saved plan is applied
     *                        as it is (its variables and targets are the plan's), or null to plan
     *                        and apply in one run
     */
    record IacRun(Kind kind, String directory, String workspace, Map<String, String> variables,
                  List<String> targets, Map<String, Secret> secretVariables, List<String> varFiles,
                  String savedPlan) {
        public IacRun {
            variables = Map.copyOf(variables);
            targets = List.copyOf(targets);
            secretVariables = secretVariables == null ? Map.of() : Map.copyOf(secretVariables);
            varFiles = varFiles == null ? List.of() : List.copyOf(varFiles);
        }

        /** A run with shown variables and targets only. */
        public IacRun(Kind kind, String directory, String workspace, Map<String, String> variables,
                      List<String> targets) {
            this(kind, directory, workspace, variables, targets, Map.of(), List.of(), null);
        }

        @Override
        public String toString() {
            return "IacRun[" + kind + " " + directory + " workspace " + workspace + ", variables " + variables
                    + (secretVariables.isEmpty() ? "" : ", secret variables " + secretVariables.keySet())
                    + (targets.isEmpty() ? "" : ", targets " + targets)
                    + (varFiles.isEmpty() ? "" : ", var files " + varFiles)
                    + (savedPlan == null ? "" : ", saved plan " + savedPlan) + "]";
        }
    }

    /** A plan computes changes; an apply makes them. */
    enum Kind { PLAN, APPLY }

    /**
     * A run's state: {@code RUNNING}, {@code SUCCEEDED} or {@code FAILED}, with a summary line
     * (Terraform's own: "Plan: 2 to add, ...", "Apply complete! ...", "No changes. ...", or its
     * error text).
     *
     * @param changes the resource changes planned (a plan) or made (an apply) so far, one line each
     *                ({@code create module.database.aws_db_instance.this}); empty when there are none
     * @param outputs after a successful apply: the configuration's non-sensitive outputs by name
     *                (strings as they are, other values as JSON text)
     */
    record IacRunStatus(String runId, State state, String summary, List<String> changes,
                        Map<String, String> outputs) {
        public IacRunStatus {
            changes = changes == null ? List.of() : List.copyOf(changes);
            outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        }

        /** A status without changes or outputs. */
        public IacRunStatus(String runId, State state, String summary) {
            this(runId, state, summary, List.of(), Map.of());
        }
    }

    /** States of a run. */
    enum State {
        RUNNING, SUCCEEDED, FAILED;

        public boolean isDone() {
            return this != RUNNING;
        }
    }
}
