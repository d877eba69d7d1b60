package io.drplan.testkit.fake;

import io.drplan.core.Region;
import io.drplan.core.spi.InfrastructureProvider;
import io.drplan.core.spi.ProviderException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A fake of Terraform: configuration directories with workspaces, and plan/apply runs that are
 * {@code RUNNING} for {@link io.drplan.testkit.FakeCloud.Timings#terraformApply()} (or
 * {@code terraformPlan()}) and then {@code SUCCEEDED} with Terraform's summary line and changes.
 * The first apply in a workspace adds the directory's resources ({@code fake_resource.r1}, ...);
 * later applies find no changes and apply nothing ("No changes. ..."), as the real provider
 * does; a targeted apply changes one resource per target. A plan is saved: an apply of it
 * ({@code IacRun.savedPlan}) applies what it showed. Endpoint {@code terraform/<directory>}.
 *
 * <pre>{@code
 * cloud.infrastructure().addDirectory("infra", 42)
 *     .onApply("infra", "dr", () -> cloud.loadBalancers().registerTargets(...))   // what the apply creates
 *     .failNextRun("infra", "Error: creating EKS Node Group: ResourceLimitExceeded");
 * }</pre>
 */
public final class FakeInfrastructure implements InfrastructureProvider {
    static final String NO_CHANGES = "No changes. Your infrastructure matches the configuration.";
    private final Simulation sim;
    private final Map<String, Directory> directories = new LinkedHashMap<>();
    private final Map<String, Run> runs = new HashMap<>();
    private int runCounter;

    FakeInfrastructure(Simulation sim) {
        this.sim = sim;
    }

    // ---------------------------------------------------------------- seeding

    /** Adds a configuration directory of {@code resources} resources with the workspace {@code default}. */
    public FakeInfrastructure addDirectory(String directory, int resources) {
        if (resources < 0) {
            throw new IllegalArgumentException("resources must not be negative but was " + resources);
        }
        directories.put(Objects.requireNonNull(directory, "directory"), new Directory(resources));
        return this;
    }

    /** Adds a workspace to a directory. */
    public FakeInfrastructure addWorkspace(String directory, String workspace) {
        dir(directory).workspaces.add(workspace);
        return this;
    }

    /**
     * Says which region a workspace manages (also for a workspace created later). Runs in it need
     * that region: starting one while it is down throws {@code UNAVAILABLE}, and a run that is still
     * going when it goes down ends {@code FAILED}.
     */
    public FakeInfrastructure workspaceRegion(String directory, String workspace, Region region) {
        dir(directory).regions.put(Objects.requireNonNull(workspace, "workspace"), Objects.requireNonNull(region, "region"));
        return this;
    }

    /** Runs {@code hook} when an apply of {@code directory} in {@code workspace} succeeds. */
    public FakeInfrastructure onApply(String directory, String workspace, Runnable hook) {
        dir(directory).hooks.computeIfAbsent(workspace, w -> new ArrayList<>()).add(Objects.requireNonNull(hook));
        return this;
    }

    /** The next run started in {@code directory} ends {@code FAILED} with {@code error} as its summary. */
    public FakeInfrastructure failNextRun(String directory, String error) {
        dir(directory).nextFailure = Objects.requireNonNull(error, "error");
        return this;
    }

    /** The non-sensitive outputs ({@code terraform output}) a successful apply in {@code workspace} reports. */
    public FakeInfrastructure outputs(String directory, String workspace, Map<String, String> outputs) {
        dir(directory).outputs.put(Objects.requireNonNull(workspace, "workspace"), Map.copyOf(outputs));
        return this;
    }

    /**
     * Keeps the directory's state in an S3 bucket in {@code region} (without it the fake's state is
     * local, as with a configuration that has no backend block). A workspace has a state object once
     * it was created or applied.
     */
    public FakeInfrastructure stateIn(String directory, Region region) {
        dir(directory).stateRegion = Objects.requireNonNull(region, "region");
        return this;
    }

    /** Marks a workspace as already applied, so that its next apply changes nothing. */
    public FakeInfrastructure markApplied(String directory, String workspace) {
        Directory d = dir(directory);
        d.workspaces.add(workspace);
        d.applied.add(workspace);
        return this;
    }

    // ---------------------------------------------------------------- inspection

    /** The workspaces of {@code directory}, without recording a call. */
    public Set<String> workspaces(String directory) {
        return Set.copyOf(dir(directory).workspaces);
    }

    /** The selected workspace of {@code directory}, without recording a call. */
    public String selectedWorkspace(String directory) {
        return dir(directory).selected;
    }

    // ---------------------------------------------------------------- SPI

    @Override
    public void selectWorkspace(String directory, String workspace, boolean createIfMissing) {
        String op = "terraform:workspace";
        String endpoint = endpoint(directory);
        sim.run(op, endpoint, null, () -> {
            Directory d = requireDirectory(op, directory);
            if (!d.workspaces.contains(workspace)) {
                if (!createIfMissing) {
                    throw Simulation.error(Reason.NOT_FOUND, op, endpoint, "workspace '" + workspace
                            + "' does not exist in " + directory + " (it has " + d.workspaces
                            + "); create it with createIfMissing");
                }
                d.workspaces.add(workspace);
            }
            d.selected = workspace;
        });
    }

    @Override
    public String start(IacRun run) {
        String op = run.kind() == Kind.APPLY ? "terraform:apply" : "terraform:plan";
        String endpoint = endpoint(run.directory());
        Directory known = directories.get(run.directory());
        String ws = run.workspace() != null || known == null ? run.workspace() : known.selected;
        Region region = known == null ? null : known.regions.get(ws);
        return sim.call(op, endpoint, region, () -> {
            Directory d = requireDirectory(op, run.directory());
            String workspace = ws;
            if (!d.workspaces.contains(workspace)) {
                throw Simulation.error(Reason.NOT_FOUND, op, endpoint, "workspace '" + workspace
                        + "' does not exist in " + run.directory() + " (it has " + d.workspaces
                        + "); select it with createIfMissing first");
            }
            Run saved = null;
            if (run.savedPlan() != null) {
                saved = runs.get(run.savedPlan());
                if (saved == null || saved.kind != Kind.PLAN || saved.state != State.SUCCEEDED || saved.applied) {
                    throw Simulation.error(Reason.NOT_FOUND, op, endpoint, "there is no saved plan '" + run.savedPlan()
                            + "' (applied already, or never made); plan again");
                }
                if (!saved.directory.equals(run.directory()) || !saved.workspace.equals(workspace)) {
                    throw Simulation.error(Reason.INVALID_REQUEST, op, endpoint, "saved plan '" + run.savedPlan()
                            + "' is of " + saved.directory + " in workspace " + saved.workspace + ", not of "
                            + run.directory() + " in workspace " + workspace + "; apply it in its own directory and"
                            + " workspace");
                }
                saved.applied = true;
            }
            String id = "tf-run-" + (++runCounter);
            Run r = new Run();
            r.kind = run.kind();
            r.directory = run.directory();
            r.workspace = workspace;
            r.targets = saved != null ? saved.targets : run.targets();
            r.variables = saved != null ? saved.variables : new java.util.TreeMap<>(run.variables()).toString();
            runs.put(id, r);
            boolean hasSavedChanges = saved == null || !saved.changes.isEmpty();
            String failure = d.nextFailure;
            d.nextFailure = null;
            boolean apply = run.kind() == Kind.APPLY;
            sim.after(apply ? sim.timings().terraformApply() : sim.timings().terraformPlan(), () -> {
                if (failure != null) {
                    r.state = State.FAILED;
                    r.summary = failure;
                    return;
                }
                if (region != null && !sim.isUp(region)) {
                    r.state = State.FAILED;
                    r.summary = "Error: the AWS API of " + region + " stopped answering during the "
                            + (apply ? "apply" : "plan") + " (region down); the state may be partly applied:"
                            + " run it again once the region is back";
                    return;
                }
                if (r.state != State.RUNNING) {
                    return;   // cancelled
                }
                List<String> targets = r.targets;
                boolean fresh = !d.applied.contains(workspace);
                int add = hasSavedChanges && fresh && targets.isEmpty() ? d.resources : 0;
                Set<String> done = d.appliedTargets.computeIfAbsent(workspace, w -> new LinkedHashSet<>());
                // a target applied with the same variables has nothing left to change, as with Terraform
                List<String> changed = hasSavedChanges ? targets.stream().filter(t -> !done.contains(t + r.variables))
                        .toList() : List.of();
                int change = changed.size();
                List<String> changes = new ArrayList<>();
                for (int i = 1; i <= add; i++) {
                    changes.add("create fake_resource.r" + i);
                }
                changed.forEach(t -> changes.add("update " + t));
                r.changes = List.copyOf(changes);
                if (changes.isEmpty()) {
                    r.summary = NO_CHANGES;
                } else if (apply) {
                    r.summary = "Apply complete! Resources: " + add + " added, " + change + " changed, 0 destroyed.";
                    if (targets.isEmpty()) {
                        d.applied.add(workspace);
                    }
                    changed.forEach(t -> done.add(t + r.variables));
                    d.hooks.getOrDefault(workspace, List.of()).forEach(Runnable::run);
                } else {
                    r.summary = "Plan: " + add + " to add, " + change + " to change, 0 to destroy.";
                }
                if (apply) {
                    r.outputs = d.outputs.getOrDefault(workspace, Map.of());
                }
                r.state = State.SUCCEEDED;
            });
            return id;
        });
    }

    /** Like the real check: reads the backend and the workspaces; local to this process, so not recorded. */
    @Override
    public List<String> stateProblems(String directory, String workspace, String region) {
        Directory d = requireDirectory("terraform:GetState", directory);
        List<String> problems = new ArrayList<>();
        if (d.stateRegion == null) {
            problems.add("the backend of " + directory + " is local (none configured), not s3: the state is not kept in"
                    + " the DR region; configure backend \"s3\" with a bucket in " + region);
            return problems;
        }
        if (!d.stateRegion.code().equals(region)) {
            problems.add("the state bucket of " + directory + " is in " + d.stateRegion + ", not in " + region
                    + "; replicate the state to a bucket in " + region + " and point the backend at it");
        }
        if (!d.workspaces.contains(workspace)) {
            problems.add("there is no state for workspace " + workspace + "; apply the workspace once, or copy its"
                    + " state there");
        }
        return problems;
    }

    /** A run's state; local to the Terraform process, so it is neither recorded nor subject to faults. */
    @Override
    public IacRunStatus status(String runId) {
        Run r = runs.get(runId);
        if (r == null) {
            throw Simulation.error(Reason.NOT_FOUND, "terraform:status", "terraform", "Terraform run '" + runId
                    + "' not found; use the id returned by start");
        }
        return new IacRunStatus(runId, r.state, r.summary, r.changes, r.outputs);
    }

    /** Stops a running run: it ends {@code FAILED}, changing nothing, as a stopped Terraform process does. */
    @Override
    public void cancel(String runId) {
        Run r = runs.get(runId);
        if (r != null && r.state == State.RUNNING) {
            r.state = State.FAILED;
            r.summary = "cancelled: the terraform run was stopped; the state lock is free";
        }
    }

    private Directory requireDirectory(String op, String directory) {
        Directory d = directories.get(directory);
        if (d == null) {
            throw Simulation.error(Reason.NOT_FOUND, op, endpoint(directory), "no Terraform configuration in directory '"
                    + directory + "' (the fake has " + directories.keySet() + ")");
        }
        return d;
    }

    private Directory dir(String directory) {
        Directory d = directories.get(directory);
        if (d == null) {
            throw new IllegalArgumentException("no Terraform directory '" + directory + "'; add it with addDirectory");
        }
        return d;
    }

    private static String endpoint(String directory) {
        return "terraform/" + directory;
    }

    @Override
    public String toString() {
        return "FakeInfrastructure" + directories.keySet();
    }

    private static final class Directory {
        final int resources;
        final Set<String> workspaces = new LinkedHashSet<>(List.of("default"));
        final Set<String> applied = new LinkedHashSet<>();
        final Map<String, List<Runnable>> hooks = new HashMap<>();
        final Map<String, Region> regions = new HashMap<>();
        final Map<String, Map<String, String>> outputs = new HashMap<>();
        final Map<String, Set<String>> appliedTargets = new HashMap<>();
        Region stateRegion;
        String selected = "default";
        String nextFailure;

        Directory(int resources) {
            this.resources = resources;
        }
    }

    private static final class Run {
        State state = State.RUNNING;
        String summary = "running";
        Kind kind;
        String directory;
        String workspace;
        List<String> targets = List.of();
        String variables = "{}";
        List<String> changes = List.of();
        Map<String, String> outputs = Map.of();
        boolean applied;
    }
}
