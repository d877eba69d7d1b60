package io.drplan.core.step;

import static io.drplan.core.spi.Operations.TERRAFORM_GET_STATE;
import static io.drplan.core.spi.Operations.TERRAFORM_APPLY;
import static io.drplan.core.spi.Operations.TERRAFORM_PLAN;
import static io.drplan.core.spi.Operations.TERRAFORM_WORKSPACE;

import io.drplan.core.StepKind;
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
 * (or creates) a workspace and runs an apply, or only a plan, with variables, var files and
 * targets. An apply plans first and applies exactly that plan, and only when it shows changes (so
 * running it again after a crash applies nothing twice). A plan-only step saves its plan; a later
 * step can apply that saved plan after an approval ({@link #applySavedPlan}). Not undone by drplan
 * (a destroy is a decision for people). Outputs (read them with {@link io.drplan.core.Refs#terraform}):
 * {@code summary}, {@code changes} (how many resource changes), {@code planId} (plan-only steps) and
 * one {@code output.<name>} per Terraform output declared with {@link #output}.
 *
 * <pre>{@code
 * s.terraform("infrastructure/terraform").workspace("dr").var("environment", "dr").var("enable_backup", "false")
 *     .output("alb_dns_name")
 * }</pre>
 */
public final class TerraformStep extends StepBuilder<TerraformStep> {
    /** How long a plan usually takes. */
    public static final Duration PLAN_ESTIMATE = Duration.ofMinutes(1);
    /** At most this many planned changes are noted in the report, one note each. */
    static final int MAX_CHANGE_NOTES = 50;

    private final String directory;
    private String workspace = "default";
    private boolean createWorkspace = true;
    private final Map<String, String> vars = new LinkedHashMap<>();
    private final Map<String, io.drplan.core.Secret> secretVars = new LinkedHashMap<>();
    private final List<String> targets = new ArrayList<>();
    private final List<String> varFiles = new ArrayList<>();
    private final java.util.Set<String> tfOutputs = new java.util.LinkedHashSet<>();
    private io.drplan.core.Output<String> savedPlan;
    private String stateRegion;
    private Kind kind = Kind.APPLY;
    /** How long a state check usually takes. */
    public static final Duration STATE_CHECK_ESTIMATE = Duration.ofSeconds(10);

    TerraformStep(PlanRegions regions, String directory) {
        super(regions, StepKind.TERRAFORM);
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

    /**
     * A variable whose value is secret: passed to Terraform in the environment
     * ({@code TF_VAR_name}), never on a command line, and shown as {@code name=****} everywhere.
     */
    public TerraformStep var(String name, io.drplan.core.Secret value) {
        if (name == null || value == null) {
            reject("terraform var(" + name + ", secret) has a null " + (name == null ? "name" : "value")
                    + "; pass both, e.g. .var(\"db_password\", Secret.fromEnv(\"DB_PASSWORD\"))");
            return this;
        }
        secretVars.put(name, value);
        return this;
    }

    /** A {@code -var-file=path}, relative to the directory ({@code dr.tfvars}). */
    public TerraformStep varFile(String path) {
        varFiles.add(path);
        return this;
    }

    /** A {@code -target=address}, e.g. {@code module.database}. */
    public TerraformStep target(String address) {
        targets.add(address);
        return this;
    }

    /**
     * Terraform outputs ({@code terraform output}) that later steps read with
     * {@code Refs.terraform(stepId).output(name)}; the step fails when the apply does not produce
     * them. Sensitive outputs are never passed on.
     */
    public TerraformStep output(String... names) {
        tfOutputs.addAll(List.of(names));
        return this;
    }

    /** Runs {@code terraform plan} instead of apply, and saves the plan ({@code planId} output). */
    public TerraformStep planOnly() {
        this.kind = Kind.PLAN;
        return this;
    }

    /**
     * Applies the plan an earlier plan-only step saved, as it is: what was shown (and approved) is
     * what is applied; nothing is applied when it showed no changes. The plan carries its own
     * variables and targets.
     *
     * <pre>{@code
     * .step("apply", s -> s.terraform(dir).applySavedPlan(Refs.terraform("plan").planId()).after("approve"))
     * }</pre>
     */
    public TerraformStep applySavedPlan(io.drplan.core.Output<String> planId) {
        this.savedPlan = planId;
        this.kind = Kind.APPLY;
        return this;
    }

    /**
     * Instead of a plan or apply: the runbook's pre-requisite "Terraform state available in DR
     * region" — the backend is S3, its bucket is in {@code region} and the workspace's state exists.
     * Changes nothing; fails naming each problem.
     *
     * <pre>{@code
     * .step("check-tf-state", s -> s.terraform("infrastructure/terraform").workspace("dr").checkStateAvailableIn("us-west-2"))
     * }</pre>
     */
    public TerraformStep checkStateAvailableIn(String region) {
        this.stateRegion = region;
        return this;
    }

    @Override
    StepAction action() {
        if (stateRegion != null) {
            return new StateCheckAction(directory, workspace, stateRegion, !vars.isEmpty() || !secretVars.isEmpty()
                    || !targets.isEmpty() || !varFiles.isEmpty() || !tfOutputs.isEmpty() || savedPlan != null
                    || kind == Kind.PLAN);
        }
        return new Action(directory, workspace, createWorkspace, Map.copyOf(vars), Map.copyOf(secretVars),
                List.copyOf(targets), List.copyOf(varFiles), java.util.Set.copyOf(tfOutputs), savedPlan, kind);
    }

    private record StateCheckAction(String directory, String workspace, String regionCode, boolean runSettings)
            implements StepAction {
        @Override
        public String description() {
            return "Check the Terraform state of " + directory + " (workspace " + workspace + ") is available in "
                    + regionCode;
        }

        @Override
        public List<Operation> operations() {
            return List.of(TERRAFORM_GET_STATE);
        }

        @Override
        public java.util.Optional<Duration> estimate() {
            return java.util.Optional.of(STATE_CHECK_ESTIMATE);
        }

        @Override
        public java.util.Set<String> outputs() {
            return java.util.Set.of("summary");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("terraform directory", directory, "\"infrastructure/terraform\"", p);
            require("workspace", workspace, ".workspace(\"dr\")", p);
            region("checkStateAvailableIn (region)", regionCode, p);
            if (runSettings) {
                p.add("checkStateAvailableIn(" + regionCode + ") only checks the state; remove var(..), varFile(..),"
                        + " target(..), output(..), planOnly() and applySavedPlan(..), or give the run its own step");
            }
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            return ctx.call(TERRAFORM_GET_STATE, "terraform/" + directory,
                    () -> ctx.providers().infrastructure().stateProblems(directory, workspace, regionCode))
                    .thenApply(problems -> {
                        if (!problems.isEmpty()) {
                            throw new StepFailedException("the Terraform state of " + directory + " (workspace "
                                    + workspace + ") is not available in " + regionCode + ": "
                                    + String.join("; ", problems));
                        }
                        return Map.of("summary", "the Terraform state of " + directory + " (workspace " + workspace
                                + ") is in " + regionCode);
                    });
        }
    }

    private record Action(String directory, String workspace, boolean create, Map<String, String> vars,
                          Map<String, io.drplan.core.Secret> secretVars, List<String> targets, List<String> varFiles,
                          java.util.Set<String> tfOutputs, io.drplan.core.Output<String> savedPlan, Kind kind)
            implements StepAction {
        @Override
        public String description() {
            if (savedPlan != null) {
                return "Terraform apply of the plan saved by " + savedPlan.stepId() + " (" + directory
                        + " in workspace " + workspace + ")";
            }
            return "Terraform " + kind.name().toLowerCase() + " of " + directory + " in workspace " + workspace
                    + (vars.isEmpty() && secretVars.isEmpty() ? "" : " with " + shownVars())
                    + (varFiles.isEmpty() ? "" : " and var files " + varFiles)
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
            return List.of(TERRAFORM_WORKSPACE, kind == Kind.APPLY ? TERRAFORM_APPLY : TERRAFORM_PLAN);
        }

        @Override
        public java.util.Optional<Duration> estimate() {
            return kind == Kind.APPLY ? java.util.Optional.empty() : java.util.Optional.of(PLAN_ESTIMATE);
        }

        @Override
        public java.util.Set<String> outputs() {
            java.util.Set<String> out = new java.util.LinkedHashSet<>(List.of("summary", "changes"));
            if (kind == Kind.PLAN) {
                out.add("planId");
            }
            tfOutputs.forEach(n -> out.add(io.drplan.core.Refs.TerraformRef.OUTPUT_PREFIX + n));
            return out;
        }

        @Override
        public java.util.Set<io.drplan.core.Output<?>> inputs() {
            return savedPlan == null ? java.util.Set.of() : java.util.Set.of(savedPlan);
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
            for (String n : vars.keySet()) {
                if (secretVars.containsKey(n)) {
                    p.add("var " + n + " is given twice, once as a secret; keep one");
                }
            }
            for (String n : java.util.Set.copyOf(secretVars.keySet())) {
                if (!n.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
                    p.add("secret var '" + n + "' is not a Terraform variable name (letters, digits, _ and -)");
                }
            }
            for (String n : tfOutputs) {
                if (n == null || !n.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
                    p.add("output '" + n + "' is not a Terraform output name; use the name of an output block,"
                            + " e.g. \"alb_dns_name\"");
                }
            }
            if (savedPlan != null && (!vars.isEmpty() || !secretVars.isEmpty() || !targets.isEmpty()
                    || !varFiles.isEmpty())) {
                p.add("applySavedPlan(" + savedPlan + ") applies the saved plan as it is, with its own variables and"
                        + " targets; remove var(..), varFile(..) and target(..) from this step");
            }
            if (savedPlan != null && !"planId".equals(savedPlan.name())) {
                p.add("applySavedPlan needs a plan id, e.g. Refs.terraform(\"plan\").planId(), but was " + savedPlan);
            }
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            InfrastructureProvider iac = ctx.providers().infrastructure();
            String ep = "terraform/" + directory;
            String verb = kind.name().toLowerCase();
            Operation op = kind == Kind.APPLY ? TERRAFORM_APPLY : TERRAFORM_PLAN;
            String planId = savedPlan == null ? null : ctx.output(savedPlan);
            String[] started = new String[1];
            CompletionStage<IacRunStatus> done = ctx.call(TERRAFORM_WORKSPACE, ep, () -> {
                        iac.selectWorkspace(directory, workspace, create);
                        return null;
                    })
                    .thenCompose(x -> ctx.call(op, ep, () -> iac.start(new IacRun(kind, directory, workspace, vars,
                            targets, secretVars, varFiles, planId))))
                    .thenCompose(runId -> {
                        started[0] = runId;
                        if (kind == Kind.APPLY) {
                            ctx.changed(io.drplan.core.Resource.terraformWorkspace(directory, workspace), null,
                                    "apply " + runId + (targets.isEmpty() ? "" : " of " + targets));
                        }
                        return ctx.await("terraform " + verb + " " + runId, op, ep, Duration.ofSeconds(30), () -> {
                            IacRunStatus s = iac.status(runId);
                            return s.state().isDone() ? Poll.done(s) : Poll.pending(s.summary());
                        });
                    });
            return done.whenComplete((s, e) -> {
                        if (e != null && started[0] != null) {
                            // timed out, cancelled, or the status call failed: the run must not go on alone
                            iac.cancel(started[0]);
                        }
                    })
                    .thenApply(s -> {
                        if (s.state() != InfrastructureProvider.State.SUCCEEDED) {
                            throw new StepFailedException("terraform " + verb + " of " + directory
                                    + " failed: " + s.summary() + "; read the run's output, fix, and resume");
                        }
                        if (kind == Kind.PLAN) {   // show what a later apply would do
                            s.changes().stream().limit(MAX_CHANGE_NOTES).forEach(c -> ctx.note("planned: " + c));
                        }
                        if (kind == Kind.PLAN && s.changes().size() > MAX_CHANGE_NOTES) {
                            ctx.note("... and " + (s.changes().size() - MAX_CHANGE_NOTES) + " more changes");
                        }
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("summary", s.summary());
                        out.put("changes", s.changes().size());
                        if (kind == Kind.PLAN) {
                            out.put("planId", s.runId());
                        }
                        for (String n : tfOutputs) {
                            String v = s.outputs().get(n);
                            if (v == null) {
                                throw new StepFailedException("terraform " + verb + " of " + directory + " produced no"
                                        + " output '" + n + "' (it has " + new java.util.TreeSet<>(s.outputs().keySet())
                                        + "; sensitive outputs are not passed on); add the output block or"
                                        + " remove output(\"" + n + "\")");
                            }
                            out.put(io.drplan.core.Refs.TerraformRef.OUTPUT_PREFIX + n, v);
                        }
                        return out;
                    });
        }
    }
}
