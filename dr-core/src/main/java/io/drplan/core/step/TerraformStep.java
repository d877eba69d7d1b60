package io.drplan.core.step;

import static io.drplan.core.step.Ops.TF_APPLY;
import static io.drplan.core.step.Ops.TF_PLAN;
import static io.drplan.core.step.Ops.TF_WORKSPACE;

import io.drplan.core.StepFailedException;
import io.drplan.core.spi.InfrastructureProvider;
import io.drplan.core.spi.InfrastructureProvider.IacRun;
import io.drplan.core.spi.InfrastructureProvider.IacRunStatus;
import io.drplan.core.spi.InfrastructureProvider.Kind;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's "Activate DR infrastructure" and "Rollback after Terraform changes": selects
 * (or creates) a workspace and runs an apply, or only a plan, with variables and targets. Not
 * undone by drplan (a destroy is a decision for people). Output: {@code summary}.
 *
 * <pre>{@code
 * s.terraform("infrastructure/terraform").workspace("dr").var("environment", "dr").var("enable_backup", "false")
 * }</pre>
 */
public final class TerraformStep extends StepBuilder<TerraformStep> {
    /** How long an apply usually takes. */
    public static final Duration APPLY_ESTIMATE = Duration.ofMinutes(12);
    /** How long a plan usually takes. */
    public static final Duration PLAN_ESTIMATE = Duration.ofMinutes(1);

    private final String directory;
    private String workspace = "default";
    private boolean createWorkspace = true;
    private final Map<String, String> vars = new LinkedHashMap<>();
    private final Map<String, io.drplan.core.Secret> secretVars = new LinkedHashMap<>();
    private final List<String> targets = new ArrayList<>();
    private Kind kind = Kind.APPLY;

    TerraformStep(PlanRegions regions, String directory) {
        super(regions);
        this.directory = directory;
    }

    /** The workspace, created when missing ({@code select dr || new dr}). */
    public TerraformStep workspace(String workspace) {
        this.workspace = workspace;
        return this;
    }

    /** Fails instead of creating a missing workspace. */
    public TerraformStep existingWorkspaceOnly() {
        this.createWorkspace = false;
        return this;
    }

    /** A {@code -var name=value}. */
    public TerraformStep var(String name, String value) {
        if (name == null || value == null) {
            reject("terraform var(" + name + ", " + value + ") has a null " + (name == null ? "name" : "value")
                    + "; pass both, e.g. .var(\"environment\", \"dr\")");
            return this;
        }
        vars.put(name, value);
        return this;
    }

    /** A {@code -var name=value} whose value is secret: shown as {@code name=****} everywhere. */
    public TerraformStep var(String name, io.drplan.core.Secret value) {
        if (name == null || value == null) {
            reject("terraform var(" + name + ", secret) has a null " + (name == null ? "name" : "value")
                    + "; pass both, e.g. .var(\"db_password\", Secret.fromEnv(\"DB_PASSWORD\"))");
            return this;
        }
        secretVars.put(name, value);
        return this;
    }

    /** A {@code -target=address}, e.g. {@code module.database}. */
    public TerraformStep target(String address) {
        targets.add(address);
        return this;
    }

    /** Runs {@code terraform plan} instead of apply. */
    public TerraformStep planOnly() {
        this.kind = Kind.PLAN;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(directory, workspace, createWorkspace, Map.copyOf(vars), Map.copyOf(secretVars),
                List.copyOf(targets), kind);
    }

    private record Action(String directory, String workspace, boolean create, Map<String, String> vars,
                          Map<String, io.drplan.core.Secret> secretVars, List<String> targets, Kind kind)
            implements StepAction {
        @Override
        public String description() {
            return "Terraform " + kind.name().toLowerCase() + " of " + directory + " in workspace " + workspace
                    + (vars.isEmpty() && secretVars.isEmpty() ? "" : " with " + shownVars())
                    + (targets.isEmpty() ? "" : " targeting " + targets);
        }

        private Map<String, String> shownVars() {
            Map<String, String> shown = new java.util.TreeMap<>(vars);
            secretVars.keySet().forEach(k -> shown.put(k, "****"));
            return shown;
        }

        @Override
        public List<io.drplan.core.Secret> secrets() {
            return List.copyOf(secretVars.values());
        }

        @Override
        public List<Operation> operations() {
            return List.of(TF_WORKSPACE, kind == Kind.APPLY ? TF_APPLY : TF_PLAN);
        }

        @Override
        public Duration estimate() {
            return kind == Kind.APPLY ? APPLY_ESTIMATE : PLAN_ESTIMATE;
        }

        @Override
        public java.util.Set<String> outputs() {
            return java.util.Set.of("summary");
        }

        /** The variables with secret values revealed: only for the call to Terraform itself. */
        private Map<String, String> allVars() {
            Map<String, String> all = new java.util.LinkedHashMap<>(vars);
            secretVars.forEach((k, v) -> all.put(k, v.reveal()));
            return all;
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            secretVars.forEach((k, v) -> {
                if (!v.isAvailable()) {
                    p.add("var " + k + " uses " + v + ", which has no value; set it before running the plan");
                }
            });
            require("terraform directory", directory, "\"infrastructure/terraform\"", p);
            require("workspace", workspace, ".workspace(\"dr\")", p);
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            InfrastructureProvider iac = ctx.providers().infrastructure();
            String ep = "terraform/" + directory;
            return ctx.call(TF_WORKSPACE, ep, () -> {
                        iac.selectWorkspace(directory, workspace, create);
                        return null;
                    })
                    .thenCompose(x -> ctx.call(kind == Kind.APPLY ? TF_APPLY : TF_PLAN, ep,
                            () -> iac.start(new IacRun(kind, directory, workspace, allVars(), targets))))
                    .thenCompose(runId -> ctx.await("terraform " + kind.name().toLowerCase() + " " + runId,
                            kind == Kind.APPLY ? TF_APPLY : TF_PLAN, ep, Duration.ofSeconds(30), () -> {
                                IacRunStatus s = iac.status(runId);
                                return s.state().isDone() ? Poll.done(s) : Poll.pending(s.summary());
                            }))
                    .thenApply(s -> {
                        if (s.state() != InfrastructureProvider.State.SUCCEEDED) {
                            throw new StepFailedException("terraform " + kind.name().toLowerCase() + " of " + directory
                                    + " failed: " + s.summary() + "; read the run's output, fix, and resume");
                        }
                        return Map.of("summary", s.summary());
                    });
        }
    }
}
