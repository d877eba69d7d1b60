package io.drplan.terraform;

import io.drplan.core.DrException;
import io.drplan.core.spi.InfrastructureProvider;
import io.drplan.core.spi.Operations;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link InfrastructureProvider} on the {@code terraform} CLI (1.x): {@code init -input=false},
 * {@code workspace select || workspace new}, {@code plan -detailed-exitcode -out=FILE} and
 * {@code apply FILE} (what was planned is what is applied, and nothing is applied when the plan
 * shows no changes), {@code -var}, {@code -var-file}, {@code -target}, {@code -lock-timeout}, and
 * {@code output -json} for the step's outputs. Secret variables reach Terraform only as
 * {@code TF_VAR_name} environment variables. Progress comes from Terraform's {@code -json} lines.
 *
 * <pre>{@code
 * TerraformProvider terraform = TerraformProvider.builder()
 *     .workingDirectory(Path.of("/srv/vibe"))          // step directories are relative to it
 *     .environment("AWS_REGION", "us-west-2")         // the runbook's export AWS_REGION=us-west-2
 *     .lockTimeout(Duration.ofMinutes(2))
 *     .build();                                        // checks the binary and its version
 * Providers providers = Providers.builder().infrastructure(terraform)...build();
 * }</pre>
 *
 * {@link Builder#build()} is the preflight: a missing binary or a version below 1.0 is refused
 * there, before any plan runs. Runs live in this process: after a crash, a resumed step plans
 * again and applies only what is still to do.
 */
public final class TerraformProvider implements InfrastructureProvider {
    private static final Logger log = LoggerFactory.getLogger(TerraformProvider.class);
    private static final SecureRandom IDS = new SecureRandom();
    private static final Pattern TEXT_VERSION = Pattern.compile("Terraform v(\\d+)\\.(\\d+)\\.(\\d+)");

    /** The oldest Terraform supported: machine-readable UI, {@code -detailed-exitcode}, {@code output -json}. */
    public static final String MINIMUM_VERSION = "1.0.0";
    /** How long a run waits for a state lock held by someone else, by default ({@code -lock-timeout}). */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);
    /** How long a stopped run may take to end after SIGTERM before it is killed, by default. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(20);
    /** How long {@code init}, {@code workspace} and {@code output} may take, by default. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(10);

    private final Path binary;
    private final String version;
    private final Path root;
    private final Map<String, String> environment;
    private final Duration lockTimeout;
    private final Map<String, String> backendConfig;
    private final List<Path> backendConfigFiles;
    private final Path planDirectory;
    private final Duration stopGrace;
    private final Duration commandTimeout;
    private final Clock clock;
    private final Map<String, TerraformRun> runs = new ConcurrentHashMap<>();
    private final Set<String> initialized = ConcurrentHashMap.newKeySet();

    private TerraformProvider(Builder b, Path binary, String version) {
        this.binary = binary;
        this.version = version;
        this.root = b.root;
        this.environment = Map.copyOf(b.environment);
        this.lockTimeout = b.lockTimeout;
        this.backendConfig = Map.copyOf(b.backendConfig);
        this.backendConfigFiles = List.copyOf(b.backendConfigFiles);
        this.planDirectory = b.planDirectory != null ? b.planDirectory : root.resolve(".drplan").resolve("plans");
        this.stopGrace = b.stopGrace;
        this.commandTimeout = b.commandTimeout;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Terraform's version, as {@code terraform version} said at build time ({@code 1.11.4}). */
    public String version() {
        return version;
    }

    /** The binary in use. */
    public Path binary() {
        return binary;
    }

    // ------------------------------------------------------------------ SPI

    @Override
    public void selectWorkspace(String directory, String workspace, boolean createIfMissing) {
        String op = Operations.TERRAFORM_WORKSPACE.toString();
        Path dir = directory(op, directory);
        ensureInitialized(directory, dir);
        Map<String, String> env = environment(null, Map.of());
        Cli.Result select = Cli.run(binary, dir, List.of("workspace", "select", "-no-color", workspace), env,
                commandTimeout);
        if (select.exitCode() == 0) {
            return;
        }
        if (!createIfMissing) {
            throw new ProviderException(Reason.NOT_FOUND, op, endpoint(directory), "workspace '" + workspace
                    + "' does not exist in " + directory + " (terraform workspace select: "
                    + firstLines(select.output()) + "); create it with createIfMissing");
        }
        Cli.Result created = Cli.run(binary, dir, List.of("workspace", "new", "-no-color", workspace), env,
                commandTimeout);
        if (created.exitCode() != 0) {
            throw new ProviderException(Reason.INVALID_REQUEST, op, endpoint(directory), "terraform workspace new "
                    + workspace + " in " + directory + " failed: " + firstLines(created.output()));
        }
        log.info("created Terraform workspace {} in {}", workspace, directory);
    }

    @Override
    public String start(IacRun run) {
        String op = (run.kind() == Kind.APPLY ? Operations.TERRAFORM_APPLY : Operations.TERRAFORM_PLAN).toString();
        Objects.requireNonNull(run.workspace(), "workspace");
        Path dir = directory(op, run.directory());
        if (run.savedPlan() != null && run.kind() != Kind.APPLY) {
            throw new ProviderException(Reason.INVALID_REQUEST, op, endpoint(run.directory()),
                    "a saved plan can only be applied, but the run is a " + run.kind());
        }
        if (run.savedPlan() != null && !Files.exists(metaFile(planFile(run.savedPlan())))) {
            throw new ProviderException(Reason.NOT_FOUND, op, endpoint(run.directory()), "there is no saved plan '"
                    + run.savedPlan() + "' (applied already, or never made; looked in " + planDirectory + "); plan again");
        }
        if (run.savedPlan() != null) {
            java.util.Properties meta = new java.util.Properties();
            try (var in = Files.newInputStream(metaFile(planFile(run.savedPlan())))) {
                meta.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!run.directory().equals(meta.getProperty("directory"))
                    || !run.workspace().equals(meta.getProperty("workspace"))) {
                throw new ProviderException(Reason.INVALID_REQUEST, op, endpoint(run.directory()), "saved plan '"
                        + run.savedPlan() + "' is of " + meta.getProperty("directory") + " in workspace "
                        + meta.getProperty("workspace") + ", not of " + run.directory() + " in workspace "
                        + run.workspace() + "; apply it in its own directory and workspace");
            }
        }
        String id = "tf-" + run.kind().name().toLowerCase() + "-" + HexFormat.of().formatHex(randomBytes());
        TerraformRun r = new TerraformRun(this, id, run, dir, clock.instant());
        runs.put(id, r);
        log.info("terraform {} of {} in workspace {} started (run {})", run.kind().name().toLowerCase(),
                run.directory(), run.workspace(), id);
        r.start();
        return id;
    }

    @Override
    public IacRunStatus status(String runId) {
        TerraformRun r = runs.get(runId);
        if (r == null) {
            throw new ProviderException(Reason.NOT_FOUND, "terraform:status", "terraform", "Terraform run '" + runId
                    + "' not found in this process (runs do not survive a restart; the step plans again)");
        }
        IacRunStatus s = r.status();
        Optional<LockInfo> lock = r.lockConflict();
        if (s.state() == State.FAILED && lock.isPresent()) {
            IacRun req = r.request();
            throw new ProviderException(Reason.CONFLICT, (req.kind() == Kind.APPLY ? Operations.TERRAFORM_APPLY : Operations.TERRAFORM_PLAN).toString(),
                    endpoint(req.directory()), "the Terraform state of " + req.directory() + " (workspace "
                    + req.workspace() + ") is locked by " + lock.get().describe() + " and stayed locked for "
                    + lockTimeoutArg() + "; wait for that run to end, or, when it died, check nobody runs Terraform"
                    + " there and run terraform force-unlock " + lock.get().id());
        }
        return s;
    }

    @Override
    public void cancel(String runId) {
        TerraformRun r = runs.get(runId);
        if (r != null) {
            r.cancel();
        }
    }

    // ------------------------------------------------------------------ readiness

    /**
     * The runbook's pre-requisite "Terraform state available in DR region": the directory's backend
     * is S3, its bucket is in {@code region} (asked of S3 itself: {@code x-amz-bucket-region}), and
     * the workspace's state object exists. Reads the backend Terraform initialised; changes nothing.
     */
    public StateCheck checkState(String directory, String workspace, String region) {
        Path dir = directory(Operations.TERRAFORM_GET_STATE.toString(), directory);
        ensureInitialized(directory, dir);
        return StateCheck.of(this, directory, dir, workspace, region);
    }

    @Override
    public List<String> stateProblems(String directory, String workspace, String region) {
        return checkState(directory, workspace, region).problems();
    }

    // ------------------------------------------------------------------ for runs

    void ensureInitialized(String directory, Path dir) {
        if (initialized.contains(directory)) {
            return;
        }
        synchronized (initialized) {
            if (initialized.contains(directory)) {
                return;
            }
            List<String> args = new ArrayList<>(List.of("init", "-input=false", "-no-color"));
            backendConfigFiles.forEach(f -> args.add("-backend-config=" + f));
            backendConfig.forEach((k, v) -> args.add("-backend-config=" + k + "=" + v));
            Cli.Result r = Cli.run(binary, dir, args, environment(null, Map.of()), commandTimeout);
            if (r.exitCode() != 0) {
                throw new ProviderException(Reason.INVALID_REQUEST, "terraform:init", endpoint(directory),
                        "terraform init in " + directory + " failed: " + firstLines(r.output()));
            }
            initialized.add(directory);
        }
    }

    Map<String, String> outputs(String directory, Path dir, String workspace) {
        Cli.Result r = Cli.run(binary, dir, List.of("output", "-json", "-no-color"), environment(workspace, Map.of()),
                commandTimeout);
        if (r.exitCode() != 0) {
            throw new ProviderException(Reason.OTHER, "terraform:output", endpoint(directory), "terraform output -json"
                    + " in " + directory + " failed: " + firstLines(r.output()));
        }
        Map<String, String> out = new LinkedHashMap<>();
        JsonValues.object(String.join("\n", r.stdout())).forEach((name, o) -> {
            Map<String, Object> m = JsonValues.map(o);
            if (!Boolean.TRUE.equals(m.get("sensitive"))) {
                out.put(name, JsonValues.text(m.get("value")));
            }
        });
        return out;
    }

    /**
     * After a stopped run: takes the state lock once to see it is free. When it is still held by a
     * lock this run took (same holder, taken after the run started, same operation), unlocks it.
     */
    String releaseLockIfOurs(TerraformRun run, Path dir, Instant startedAt) {
        Map<String, String> env = environment(run.request().workspace(), run.secretEnvironment());
        Cli.Result probe = Cli.run(binary, dir, run.lockCheckArgs(), env, commandTimeout);
        if (probe.exitCode() == 0 || probe.exitCode() == 2) {
            return "the state lock is free (checked)";
        }
        Optional<LockInfo> held = lockIn(probe);
        if (held.isEmpty()) {
            return "could not check the state lock (terraform plan said: " + run.redact(firstLines(probe.output()))
                    + "); run terraform plan to see it is free before the next run";
        }
        LockInfo lock = held.get();
        boolean ours = lock.createdAt().map(t -> !t.isBefore(startedAt.minusSeconds(1))).orElse(false)
                && lock.who().equals(whoAmI())
                && lock.operation().equals(run.request().kind() == Kind.APPLY ? "OperationTypeApply"
                : "OperationTypePlan");
        if (!ours) {
            return "the state is locked by " + lock.describe() + ", not by this run: left alone";
        }
        Cli.Result unlock = Cli.run(binary, dir, List.of("force-unlock", "-force", "-no-color", lock.id()), env,
                commandTimeout);
        return unlock.exitCode() == 0 ? "released the state lock " + lock.id() + " the stopped run left behind"
                : "could not release the state lock " + lock.id() + " the stopped run left: "
                + firstLines(unlock.output()) + "; run terraform force-unlock " + lock.id();
    }

    private static Optional<LockInfo> lockIn(Cli.Result r) {
        for (String line : r.stdout()) {
            Map<String, Object> d = JsonValues.map(JsonValues.object(line).get("diagnostic"));
            if (LockInfo.LOCK_ERROR.equals(d.get("summary"))) {
                return LockInfo.parse(JsonValues.string(d.get("detail")));
            }
        }
        return LockInfo.parse(r.stderr());
    }

    /** Terraform's "Who" of a lock it takes: user@hostname, the host name as the kernel has it (Go's os.Hostname). */
    static String whoAmI() {
        String host;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException u) {
                host = "";
            }
        }
        return System.getProperty("user.name") + "@" + host;
    }

    /** The environment of a command: the process's, Terraform's automation settings, the host's, the run's. */
    Map<String, String> environment(String workspace, Map<String, String> secretVariables) {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.remove("TF_WORKSPACE");
        env.put("TF_IN_AUTOMATION", "1");
        env.put("TF_INPUT", "0");
        env.put("CHECKPOINT_DISABLE", "1");
        env.putAll(environment);
        if (workspace != null) {
            env.put("TF_WORKSPACE", workspace);
        }
        env.putAll(secretVariables);
        return env;
    }

    String lockTimeoutArg() {
        return lockTimeout.toMillis() % 1000 == 0 ? lockTimeout.toSeconds() + "s" : lockTimeout.toMillis() + "ms";
    }

    Duration stopGrace() {
        return stopGrace;
    }

    Duration commandTimeout() {
        return commandTimeout;
    }

    /** Where a run's plan file is kept (owner-only: plan files hold variable values). */
    Path planFile(String runId) {
        try {
            if (!Files.isDirectory(planDirectory)) {
                Files.createDirectories(planDirectory);
                try {
                    Files.setPosixFilePermissions(planDirectory, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's own permissions apply
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return planDirectory.resolve(runId + ".tfplan").toAbsolutePath();
    }

    static Path metaFile(Path planFile) {
        return planFile.resolveSibling(planFile.getFileName() + ".properties");
    }

    private Path directory(String op, String directory) {
        if (directory == null || directory.isBlank()) {
            throw new ProviderException(Reason.INVALID_REQUEST, op, "terraform", "the Terraform directory is missing;"
                    + " name one relative to " + root);
        }
        Path dir = root.resolve(directory).normalize();
        boolean hasConfig = false;
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                hasConfig = files.anyMatch(f -> f.toString().endsWith(".tf") || f.toString().endsWith(".tf.json"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!hasConfig) {
            throw new ProviderException(Reason.NOT_FOUND, op, endpoint(directory), "no Terraform configuration in "
                    + dir + " (no *.tf file); check the step's directory and the provider's workingDirectory " + root);
        }
        return dir;
    }

    static String endpoint(String directory) {
        return "terraform/" + directory;
    }

    static String firstLines(String text) {
        String t = text.strip().replaceAll("\\s*\\n\\s*", " ");
        return t.length() > 2000 ? t.substring(0, 2000) + "..." : t;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        IDS.nextBytes(b);
        return b;
    }

    @Override
    public String toString() {
        return "TerraformProvider[" + binary + " " + version + ", " + root + "]";
    }

    // ------------------------------------------------------------------ builder

    /** Settings of a {@link TerraformProvider}; {@link #build()} checks the binary. */
    public static final class Builder {
        private String binary = "terraform";
        private Path root = Path.of("").toAbsolutePath();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
        private final Map<String, String> backendConfig = new LinkedHashMap<>();
        private final List<Path> backendConfigFiles = new ArrayList<>();
        private Path planDirectory;
        private Duration stopGrace = DEFAULT_STOP_GRACE;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder() { }

        /** The binary: a path, or a name looked up on the {@code PATH} ({@code terraform} by default). */
        public Builder binary(String binary) {
            if (binary == null || binary.isBlank()) {
                throw new IllegalArgumentException("binary must name the terraform executable but was '" + binary + "'");
            }
            this.binary = binary;
            return this;
        }

        /** What step directories are relative to (the current directory by default). */
        public Builder workingDirectory(Path root) {
            this.root = Objects.requireNonNull(root, "workingDirectory").toAbsolutePath();
            return this;
        }

        /** An environment variable of every run ({@code AWS_REGION=us-west-2}); not for secrets in logs. */
        public Builder environment(String name, String value) {
            if (name == null || name.isBlank() || name.contains("=")) {
                throw new IllegalArgumentException("environment variable name must be non-blank without '=' but was '"
                        + name + "'");
            }
            environment.put(name, Objects.requireNonNull(value, "value of " + name));
            return this;
        }

        /** Environment variables of every run. */
        public Builder environment(Map<String, String> variables) {
            variables.forEach(this::environment);
            return this;
        }

        /** How long to wait for a state lock someone else holds ({@code -lock-timeout}; 30 s by default). */
        public Builder lockTimeout(Duration lockTimeout) {
            if (lockTimeout == null || lockTimeout.isNegative()) {
                throw new IllegalArgumentException("lockTimeout must be zero or positive but was " + lockTimeout);
            }
            this.lockTimeout = lockTimeout;
            return this;
        }

        /** A {@code -backend-config=key=value} of {@code init} (a bucket, a region; credentials belong in the environment). */
        public Builder backendConfig(String key, String value) {
            backendConfig.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** A {@code -backend-config=FILE} of {@code init}. */
        public Builder backendConfigFile(Path file) {
            backendConfigFiles.add(Objects.requireNonNull(file, "file").toAbsolutePath());
            return this;
        }

        /** Where plan files are kept between a plan and its apply ({@code <workingDirectory>/.drplan/plans}). */
        public Builder planDirectory(Path planDirectory) {
            this.planDirectory = Objects.requireNonNull(planDirectory, "planDirectory").toAbsolutePath();
            return this;
        }

        /** How long a stopped run may take to end after SIGTERM before it is killed (20 s by default). */
        public Builder stopGrace(Duration stopGrace) {
            if (stopGrace == null || stopGrace.isNegative()) {
                throw new IllegalArgumentException("stopGrace must be zero or positive but was " + stopGrace);
            }
            this.stopGrace = stopGrace;
            return this;
        }

        /** How long {@code init}, {@code workspace} and {@code output} may take (10 min by default). */
        public Builder commandTimeout(Duration commandTimeout) {
            if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive but was " + commandTimeout);
            }
            this.commandTimeout = commandTimeout;
            return this;
        }

        /** The clock a stopped run's lock is dated against (the system's by default). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Finds the binary and checks its version: the preflight.
         *
         * @throws DrException naming the binary and what to do, when it is missing or older than 1.0
         */
        public TerraformProvider build() {
            if (!Files.isDirectory(root)) {
                throw new DrException("workingDirectory " + root + " is not a directory; point it at the checkout"
                        + " that holds the Terraform directories");
            }
            Path bin = resolve(binary);
            String v = versionOf(bin);
            if (compare(v, MINIMUM_VERSION) < 0) {
                throw new DrException("terraform at " + bin + " is version " + v + ", older than the supported "
                        + MINIMUM_VERSION + "; install Terraform 1.x (1.11.4 is tested) or point binary(..) at it");
            }
            return new TerraformProvider(this, bin, v);
        }

        private static Path resolve(String binary) {
            if (binary.contains(File.separator)) {
                Path p = Path.of(binary).toAbsolutePath();
                if (!Files.isExecutable(p)) {
                    throw new DrException("terraform binary " + p + " does not exist or is not executable; install"
                            + " Terraform 1.x there or point binary(..) at it");
                }
                return p;
            }
            String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    Path p = Path.of(d, binary);
                    if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                        return p.toAbsolutePath();
                    }
                }
            }
            throw new DrException("terraform binary '" + binary + "' was not found on the PATH (" + path
                    + "); install Terraform 1.x or point binary(..) at it");
        }

        private static String versionOf(Path bin) {
            Path cwd = Path.of(System.getProperty("java.io.tmpdir"));
            Map<String, String> env = new LinkedHashMap<>(System.getenv());
            env.put("CHECKPOINT_DISABLE", "1");
            Cli.Result r = Cli.run(bin, cwd, List.of("version", "-json"), env, Duration.ofSeconds(30));
            Object v = JsonValues.object(String.join("\n", r.stdout())).get("terraform_version");
            if (r.exitCode() == 0 && v != null) {
                return v.toString();
            }
            Matcher m = TEXT_VERSION.matcher(r.output());
            if (m.find()) {
                return m.group(1) + "." + m.group(2) + "." + m.group(3);
            }
            throw new DrException("could not read the version of " + bin + " (terraform version said: "
                    + firstLines(r.output()) + "); is it Terraform? install Terraform 1.x or point binary(..) at it");
        }
    }

    /** Compares dotted versions numerically; a pre-release suffix ({@code 1.12.0-beta1}) counts as its release. */
    static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(part(x, i), part(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int part(String[] parts, int i) {
        if (i >= parts.length) {
            return 0;
        }
        try {
            return Integer.parseInt(parts[i]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
