package io.drplan.terraform;

import io.drplan.core.Secret;
import io.drplan.core.spi.InfrastructureProvider.IacRun;
import io.drplan.core.spi.InfrastructureProvider.IacRunStatus;
import io.drplan.core.spi.InfrastructureProvider.Kind;
import io.drplan.core.spi.InfrastructureProvider.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plan or apply: {@code plan -detailed-exitcode -out=FILE}, then (for an apply with changes)
 * {@code apply FILE}, then {@code output -json}; the {@code -json} lines become progress, changes,
 * the summary and the error text. Runs on its own thread; {@link #status()} reads where it is.
 */
final class TerraformRun implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TerraformRun.class);
    static final String NO_CHANGES = "No changes. Your infrastructure matches the configuration.";

    private final TerraformProvider provider;
    private final String id;
    private final IacRun run;
    private final Path dir;
    private final Instant startedAt;

    // guarded by this
    private String phase = "initializing";
    private State state = State.RUNNING;
    private String summary;
    private final List<String> changes = new ArrayList<>();
    private int planned;
    private int applied;
    private final Map<String, String> inFlight = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private Map<String, String> outputs = Map.of();
    private LockInfo lock;
    private Cli.Command current;
    private boolean cancelled;
    private Thread thread;

    TerraformRun(TerraformProvider provider, String id, IacRun run, Path dir, Instant startedAt) {
        this.provider = provider;
        this.id = id;
        this.run = run;
        this.dir = dir;
        this.startedAt = startedAt;
    }

    /** Runs whose process is alive, so that a JVM that exits does not leave Terraform applying alone. */
    private static final java.util.Set<TerraformRun> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(r -> {
            Cli.Command c;
            synchronized (r) {
                c = r.current;
            }
            if (c != null) {
                Cli.stopTree(c.process, java.time.Duration.ofSeconds(5));
            }
        }), "terraform-shutdown"));
    }

    void start() {
        Thread t = new Thread(this, "terraform-" + id);
        t.setDaemon(true);
        synchronized (this) {
            thread = t;
        }
        t.start();
    }

    String id() {
        return id;
    }

    IacRun request() {
        return run;
    }

    synchronized Optional<LockInfo> lockConflict() {
        return Optional.ofNullable(lock);
    }

    synchronized IacRunStatus status() {
        String s = state == State.RUNNING ? progressLine() : summary;
        return new IacRunStatus(id, state, redact(s), changes.stream().map(this::redact).toList(), outputs);
    }

    private String progressLine() {
        return switch (phase) {
            case "plan" -> "planning: " + planned + " change" + (planned == 1 ? "" : "s") + " found so far";
            case "apply" -> {
                StringBuilder sb = new StringBuilder("applying: " + applied + " of " + planned + " done");
                inFlight.forEach((addr, what) -> sb.append("; ").append(addr).append(' ').append(what));
                yield sb.toString();
            }
            default -> phase;
        };
    }

    // ------------------------------------------------------------------ the run

    @Override
    public void run() {
        LIVE.add(this);
        try {
            provider.ensureInitialized(run.directory(), dir);
            Path planFile = provider.planFile(run.savedPlan() != null ? run.savedPlan() : id);
            boolean hasChanges;
            if (run.savedPlan() != null) {
                hasChanges = loadSavedPlan(planFile);
            } else {
                Boolean planned = plan(planFile);
                if (planned == null) {
                    return;
                }
                hasChanges = planned;
            }
            if (run.kind() == Kind.PLAN) {
                saveMeta(hasChanges);
                finish(State.SUCCEEDED, hasChanges ? summary : NO_CHANGES);
                return;
            }
            if (!hasChanges) {
                deletePlan(planFile);
                readOutputs();
                finish(State.SUCCEEDED, NO_CHANGES);
                return;
            }
            apply(planFile);
        } catch (RuntimeException e) {
            fail("terraform " + run.kind().name().toLowerCase() + " could not run: " + e.getMessage());
        } finally {
            LIVE.remove(this);
        }
    }

    /** Whether the plan shows changes; null when it failed (and the run ended). */
    private Boolean plan(Path planFile) {
        List<String> args = new ArrayList<>(List.of("plan", "-input=false", "-json", "-detailed-exitcode",
                "-lock-timeout=" + provider.lockTimeoutArg(), "-out=" + planFile));
        args.addAll(variableArgs());
        int code = runJson("plan", args);
        if (code == 0 || code == 2) {
            synchronized (this) {
                if (code == 0 || summary == null) {
                    summary = code == 0 ? NO_CHANGES : "Plan: " + planned + " changes.";
                }
            }
            return code == 2;
        }
        deletePlan(planFile);
        failFromOutput("plan", code);
        return null;
    }

    private List<String> variableArgs() {
        List<String> args = new ArrayList<>();
        run.varFiles().forEach(f -> args.add("-var-file=" + f));
        run.variables().forEach((k, v) -> args.add("-var=" + k + "=" + v));
        run.targets().forEach(t -> args.add("-target=" + t));
        return args;
    }

    private void apply(Path planFile) {
        List<String> args = List.of("apply", "-input=false", "-json", "-lock-timeout=" + provider.lockTimeoutArg(),
                planFile.toString());
        int code = runJson("apply", args);
        deletePlan(planFile);
        if (code != 0) {
            failFromOutput("apply", code);
            return;
        }
        readOutputs();
        String done;
        synchronized (this) {
            done = summary;
        }
        finish(State.SUCCEEDED, done == null ? "Apply complete!" : done);
    }

    private int runJson(String phaseName, List<String> args) {
        Cli.Command c;
        synchronized (this) {
            if (cancelled) {
                return -1;
            }
            phase = phaseName;
            summary = null;
            if ("apply".equals(phaseName)) {
                // apply -json repeats the plan's planned_change lines: count them again, list what is done
                changes.clear();
                planned = 0;
            }
            c = Cli.startDetached(provider.binary(), dir, args, provider.environment(run.workspace(), secretEnv()),
                    provider.planFile(id + "-" + phaseName));
            current = c;
        }
        log.debug("terraform {} of {} (run {}) started, pid {}", phaseName, run.directory(), id, c.process.pid());
        int code = c.readAndWait(this::onLine);
        synchronized (this) {
            current = null;
            if (errors.isEmpty() && code != 0 && code != 2) {
                String err = c.stderr();
                if (!err.isBlank()) {
                    errors.add(err);
                }
            }
        }
        c.cleanUp();
        return code;
    }

    private Map<String, String> secretEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        run.secretVariables().forEach((k, v) -> env.put("TF_VAR_" + k, v.reveal()));
        return env;
    }

    private synchronized void onLine(String line) {
        Map<String, Object> m = JsonValues.object(line);
        String type = JsonValues.string(m.get("type"));
        if (type == null) {
            return;
        }
        switch (type) {
            case "planned_change" -> {
                Map<String, Object> change = JsonValues.map(m.get("change"));
                String addr = JsonValues.string(JsonValues.map(change.get("resource")).get("addr"));
                if ("plan".equals(phase)) {
                    changes.add(change.get("action") + " " + addr);
                }
                planned++;
            }
            case "change_summary" -> summary = JsonValues.string(m.get("@message"));
            case "apply_start" -> {
                Map<String, Object> hook = JsonValues.map(m.get("hook"));
                inFlight.put(addr(hook), verb(JsonValues.string(hook.get("action"))));
            }
            case "apply_progress" -> {
                Map<String, Object> hook = JsonValues.map(m.get("hook"));
                inFlight.put(addr(hook), verb(JsonValues.string(hook.get("action"))) + " ("
                        + JsonValues.string(hook.get("elapsed_seconds")) + "s)");
            }
            case "apply_complete" -> {
                Map<String, Object> hook = JsonValues.map(m.get("hook"));
                inFlight.remove(addr(hook));
                changes.add(hook.get("action") + " " + addr(hook));
                applied++;
            }
            case "apply_errored" -> {
                Map<String, Object> hook = JsonValues.map(m.get("hook"));
                inFlight.remove(addr(hook));   // the diagnostic that follows says why
            }
            case "diagnostic" -> {
                Map<String, Object> d = JsonValues.map(m.get("diagnostic"));
                if ("error".equals(d.get("severity"))) {
                    String sum = JsonValues.string(d.get("summary"));
                    String detail = JsonValues.string(d.get("detail"));
                    if (LockInfo.LOCK_ERROR.equals(sum)) {
                        lock = LockInfo.parse(detail).orElse(null);
                    }
                    String addr = JsonValues.string(d.get("address"));
                    errors.add("Error: " + sum + (addr == null ? "" : " (" + addr + ")")
                            + (detail == null || detail.isBlank() ? "" : ": " + detail.strip()));
                }
            }
            default -> { }
        }
    }

    private static String addr(Map<String, Object> hook) {
        return JsonValues.string(JsonValues.map(hook.get("resource")).get("addr"));
    }

    private static String verb(String action) {
        return switch (action == null ? "" : action) {
            case "create" -> "creating";
            case "update" -> "modifying";
            case "delete" -> "destroying";
            case "replace" -> "replacing";
            case "read" -> "reading";
            default -> action;
        };
    }

    private void failFromOutput(String what, int code) {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            List<String> distinct = errors.stream().distinct().toList();
            String text = distinct.isEmpty() ? "terraform " + what + " ended with exit code " + code
                    : String.join("; ", distinct);
            finishLocked(State.FAILED, text);
        }
    }

    private void readOutputs() {
        Map<String, String> out = provider.outputs(run.directory(), dir, run.workspace());
        synchronized (this) {
            Map<String, String> safe = new LinkedHashMap<>();
            out.forEach((k, v) -> safe.put(k, redact(v)));
            outputs = Map.copyOf(safe);
        }
    }

    /** A saved plan: whether it shows changes, as recorded when it was made (start checked it belongs here). */
    private boolean loadSavedPlan(Path planFile) {
        Path meta = TerraformProvider.metaFile(planFile);
        if (!Files.exists(meta)) {
            throw new IllegalStateException("there is no saved plan '" + run.savedPlan() + "' (no " + meta
                    + "); it was applied already or never made: plan again");
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(meta)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = Integer.parseInt(p.getProperty("changes", "0"));
        synchronized (this) {
            planned = n;
        }
        return Boolean.parseBoolean(p.getProperty("hasChanges"));
    }

    private void saveMeta(boolean hasChanges) {
        Properties p = new Properties();
        p.setProperty("directory", run.directory());
        p.setProperty("workspace", run.workspace());
        p.setProperty("hasChanges", Boolean.toString(hasChanges));
        synchronized (this) {
            p.setProperty("changes", Integer.toString(planned));
        }
        Path meta = TerraformProvider.metaFile(provider.planFile(id));
        try (var out = Files.newOutputStream(meta)) {
            p.store(out, "drplan: the saved plan " + id + " (the plan file beside it holds variable values)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deletePlan(Path planFile) {
        try {
            Files.deleteIfExists(planFile);
            Files.deleteIfExists(TerraformProvider.metaFile(planFile));
        } catch (IOException e) {
            log.warn("could not delete the plan file {} (it may hold variable values): {}", planFile, e.toString());
        }
    }

    private void fail(String text) {
        synchronized (this) {
            if (state == State.RUNNING) {
                finishLocked(State.FAILED, text);
            }
        }
    }

    private void finish(State s, String text) {
        synchronized (this) {
            if (state == State.RUNNING && !cancelled) {
                finishLocked(s, text);
            }
        }
    }

    private void finishLocked(State s, String text) {
        state = s;
        summary = text;
        inFlight.clear();
        notifyAll();
        log.info("terraform {} of {} in workspace {} (run {}) {}: {}", run.kind().name().toLowerCase(), run.directory(),
                run.workspace(), id, s == State.SUCCEEDED ? "succeeded" : "failed", redact(text));
    }

    // ------------------------------------------------------------------ cancel

    /** Ends the process tree and checks the state lock is free; the run ends FAILED ("cancelled"). */
    void cancel() {
        Cli.Command c;
        Thread t;
        synchronized (this) {
            if (state.isDone() || cancelled) {
                return;
            }
            cancelled = true;
            c = current;
            t = thread;
        }
        boolean ended = c == null || Cli.stopTree(c.process, provider.stopGrace());
        if (t != null) {
            try {
                t.join(provider.stopGrace().toMillis() + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deletePlanQuietly();
        String lockNote = c == null ? "nothing was running" : provider.releaseLockIfOurs(this, dir, startedAt);
        synchronized (this) {
            finishLocked(State.FAILED, "cancelled: the terraform process tree was "
                    + (ended ? "stopped" : "killed, but a process did not end") + "; " + lockNote);
        }
    }

    private void deletePlanQuietly() {
        if (run.savedPlan() == null) {
            deletePlan(provider.planFile(id));
        }
    }

    List<String> lockCheckArgs() {
        List<String> args = new ArrayList<>(List.of("plan", "-input=false", "-json", "-refresh=false",
                "-lock-timeout=0s"));
        if (run.savedPlan() == null) {
            run.varFiles().forEach(f -> args.add("-var-file=" + f));
            run.variables().forEach((k, v) -> args.add("-var=" + k + "=" + v));
        }
        return args;
    }

    Map<String, String> secretEnvironment() {
        return secretEnv();
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Secret s : run.secretVariables().values()) {
            out = s.redact(out);
        }
        return out;
    }
}
