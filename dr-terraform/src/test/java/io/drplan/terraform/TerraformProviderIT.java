package io.drplan.terraform;

import static io.drplan.terraform.Fixtures.DIR;
import static io.drplan.terraform.Fixtures.appliedLog;
import static io.drplan.terraform.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.DrException;
import io.drplan.core.Secret;
import io.drplan.core.spi.InfrastructureProvider.IacRun;
import io.drplan.core.spi.InfrastructureProvider.IacRunStatus;
import io.drplan.core.spi.InfrastructureProvider.Kind;
import io.drplan.core.spi.InfrastructureProvider.State;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TerraformProvider} on the real terraform binary and the {@code infra} fixture. */
class TerraformProviderIT {
    @TempDir
    Path root;
    private TerraformProvider tf;

    @BeforeEach
    void setUp() {
        Fixtures.copy(root, DIR);
        tf = Fixtures.provider(root).build();
    }

    private static IacRun apply(String workspace, Map<String, String> vars) {
        return new IacRun(Kind.APPLY, DIR, workspace, vars, List.of());
    }

    @Test
    void build_findsTheBinaryAndItsVersion() {
        assertThat(tf.version()).isEqualTo("1.11.4");
        assertThat(tf.binary().getFileName().toString()).isEqualTo("terraform");
    }

    @Test
    void build_missingBinary_refusedWithTheFix() {
        assertThatThrownBy(() -> Fixtures.provider(root).binary("/nonexistent/bin/terraform").build())
                .isInstanceOf(DrException.class)
                .hasMessage("terraform binary /nonexistent/bin/terraform does not exist or is not executable; install"
                        + " Terraform 1.x there or point binary(..) at it");
        assertThatThrownBy(() -> Fixtures.provider(root).binary("terraform-9-does-not-exist").build())
                .isInstanceOf(DrException.class)
                .hasMessageStartingWith("terraform binary 'terraform-9-does-not-exist' was not found on the PATH (")
                .hasMessageEndingWith("); install Terraform 1.x or point binary(..) at it");
    }

    @Test
    void build_versionBelowOne_refused() throws IOException {
        // A stand-in for an old release (none is installed): it answers as Terraform 0.12 did, which knew no -json.
        Path old = root.resolve("terraform-0.12");
        Files.writeString(old, "#!/bin/sh\necho 'Terraform v0.12.31'\necho 'flag provided but not defined: -json' >&2\n"
                + "exit 1\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> Fixtures.provider(root).binary(old.toString()).build())
                .isInstanceOf(DrException.class)
                .hasMessage("terraform at " + old + " is version 0.12.31, older than the supported 1.0.0; install"
                        + " Terraform 1.x (1.11.4 is tested) or point binary(..) at it");
    }

    @Test
    void selectWorkspace_missingWithoutCreate_notFound_thenCreated() {
        assertThatThrownBy(() -> tf.selectWorkspace(DIR, "dr", false))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
                    assertThat(e.endpoint()).isEqualTo("terraform/infra");
                })
                .hasMessageStartingWith("workspace 'dr' does not exist in infra (terraform workspace select: ")
                .hasMessageContaining("Workspace \"dr\" doesn't exist.");

        tf.selectWorkspace(DIR, "dr", true);
        tf.selectWorkspace(DIR, "dr", false);

        assertThat(root.resolve(DIR).resolve("terraform.tfstate.d/dr")).isDirectory();
    }

    @Test
    void start_noConfiguration_notFound() {
        assertThatThrownBy(() -> tf.start(apply("default", Map.of())
                .equals(null) ? null : new IacRun(Kind.APPLY, "nowhere", "default", Map.of(), List.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("no Terraform configuration in " + root.resolve("nowhere") + " (no *.tf file); check the"
                        + " step's directory and the provider's workingDirectory " + root);
    }

    @Test
    void apply_plansAppliesAndReadsOutputs_thenASecondApplyChangesNothing() throws IOException {
        tf.selectWorkspace(DIR, "dr", true);

        IacRunStatus first = await(tf, tf.start(apply("dr", Map.of("environment", "dr"))));

        assertThat(first.state()).isEqualTo(State.SUCCEEDED);
        assertThat(first.summary()).isEqualTo("Apply complete! Resources: 3 added, 0 changed, 0 destroyed.");
        assertThat(first.changes()).containsExactlyInAnyOrder("create terraform_data.network",
                "create terraform_data.credentials", "create module.database.terraform_data.db");
        assertThat(first.outputs()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "alb_dns_name", "vibe-alb-dr.example.com",
                "db_instance_class", "db.t4g.medium",
                "tags", "{\"environment\":\"dr\",\"tier\":1}"));   // the sensitive db_password is not passed on
        assertThat(appliedLog(root)).containsExactlyInAnyOrder("network-dr", "db-db.t4g.medium");

        IacRunStatus second = await(tf, tf.start(apply("dr", Map.of("environment", "dr"))));

        assertThat(second.state()).isEqualTo(State.SUCCEEDED);
        assertThat(second.summary()).isEqualTo("No changes. Your infrastructure matches the configuration.");
        assertThat(second.changes()).isEmpty();
        assertThat(second.outputs()).containsEntry("alb_dns_name", "vibe-alb-dr.example.com");
        assertThat(appliedLog(root)).hasSize(2);
        Fixtures.assertNoPlanFiles(root);
    }

    @Test
    void apply_inAFreshProvider_afterTheFirstFinished_appliesNothingTwice() {
        tf.selectWorkspace(DIR, "dr", true);
        assertThat(await(tf, tf.start(apply("dr", Map.of("environment", "dr")))).state()).isEqualTo(State.SUCCEEDED);

        // what a resumed execution does after the JVM died: a new provider, the same step again
        TerraformProvider resumed = Fixtures.provider(root).build();
        resumed.selectWorkspace(DIR, "dr", true);
        IacRunStatus again = await(resumed, resumed.start(apply("dr", Map.of("environment", "dr"))));

        assertThat(again.summary()).isEqualTo("No changes. Your infrastructure matches the configuration.");
        assertThat(appliedLog(root)).containsExactlyInAnyOrder("network-dr", "db-db.t4g.medium");
    }

    @Test
    void apply_afterTheProcessWasKilledMidway_replansAndAppliesOnlyWhatIsLeft() {
        tf.selectWorkspace(DIR, "default", true);
        String id = tf.start(apply("default", Map.of("sleep_seconds", "3")));
        awaitProgress(id, "terraform_data.network creating");
        // the terraform process dies (kill -9), as it would with the machine
        ProcessHandle.current().descendants().filter(h -> h.info().command().orElse("").endsWith("terraform"))
                .forEach(ProcessHandle::destroyForcibly);
        IacRunStatus killed = await(tf, id);
        assertThat(killed.state()).isEqualTo(State.FAILED);

        TerraformProvider resumed = Fixtures.provider(root).build();
        IacRunStatus again = await(resumed, resumed.start(apply("default", Map.of("sleep_seconds", "0"))));

        // what the killed run had recorded in the state is not done again; the lock it held is gone
        assertThat(again.state()).isEqualTo(State.SUCCEEDED);
        IacRunStatus third = await(resumed, resumed.start(apply("default", Map.of("sleep_seconds", "0"))));
        assertThat(third.summary()).isEqualTo("No changes. Your infrastructure matches the configuration.");
    }

    @Test
    void plan_targetedWithAVariable_isSavedAndAppliedAsPlanned() throws IOException {
        tf.selectWorkspace(DIR, "default", true);
        assertThat(await(tf, tf.start(apply("default", Map.of()))).state()).isEqualTo(State.SUCCEEDED);

        IacRunStatus plan = await(tf, tf.start(new IacRun(Kind.PLAN, DIR, "default",
                Map.of("db_instance_class", "db.t4g.small"), List.of("module.database"))));

        assertThat(plan.state()).isEqualTo(State.SUCCEEDED);
        assertThat(plan.summary()).isEqualTo("Plan: 1 to add, 0 to change, 1 to destroy.");
        assertThat(plan.changes()).containsExactly("replace module.database.terraform_data.db");
        assertThat(appliedLog(root)).containsExactlyInAnyOrder("network-production", "db-db.t4g.medium");

        IacRunStatus applied = await(tf, tf.start(new IacRun(Kind.APPLY, DIR, "default", Map.of(), List.of(),
                Map.of(), List.of(), plan.runId())));

        assertThat(applied.summary()).isEqualTo("Apply complete! Resources: 1 added, 0 changed, 1 destroyed.");
        assertThat(applied.changes()).containsExactly("delete module.database.terraform_data.db",
                "create module.database.terraform_data.db");
        assertThat(applied.outputs()).containsEntry("db_instance_class", "db.t4g.small");
        assertThat(appliedLog(root)).containsExactlyInAnyOrder("network-production", "db-db.t4g.medium",
                "db-db.t4g.small");
        Fixtures.assertNoPlanFiles(root);
        assertThatThrownBy(() -> tf.start(new IacRun(Kind.APPLY, DIR, "default", Map.of(), List.of(), Map.of(),
                List.of(), plan.runId())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageStartingWith("there is no saved plan '" + plan.runId() + "'");
    }

    @Test
    void savedPlan_withNoChanges_appliesNothing() {
        tf.selectWorkspace(DIR, "default", true);
        await(tf, tf.start(apply("default", Map.of())));

        IacRunStatus plan = await(tf, tf.start(new IacRun(Kind.PLAN, DIR, "default", Map.of(),
                List.of("module.database"))));
        assertThat(plan.summary()).isEqualTo("No changes. Your infrastructure matches the configuration.");
        assertThat(plan.changes()).isEmpty();

        IacRunStatus applied = await(tf, tf.start(new IacRun(Kind.APPLY, DIR, "default", Map.of(), List.of(),
                Map.of(), List.of(), plan.runId())));
        assertThat(applied.summary()).isEqualTo("No changes. Your infrastructure matches the configuration.");
        assertThat(appliedLog(root)).hasSize(2);
    }

    @Test
    void varFile_isPassed() throws IOException {
        Files.writeString(root.resolve(DIR).resolve("dr.tfvars"), "environment = \"dr-from-file\"\n");

        IacRunStatus s = await(tf, tf.start(new IacRun(Kind.APPLY, DIR, "default", Map.of(), List.of(), Map.of(),
                List.of("dr.tfvars"), null)));

        assertThat(s.outputs()).containsEntry("alb_dns_name", "vibe-alb-dr-from-file.example.com");
    }

    @Test
    void apply_failing_reportsTerraformsOwnErrorText() {
        IacRunStatus s = await(tf, tf.start(apply("default", Map.of("fail", "true"))));

        assertThat(s.state()).isEqualTo(State.FAILED);
        assertThat(s.summary()).startsWith("Error: local-exec provisioner error (terraform_data.failing[0]): Error"
                + " running command 'echo 'boom: the NAT gateway quota is exhausted' >&2; exit 1': exit status 1.")
                .contains("boom: the NAT gateway quota is exhausted");
    }

    @Test
    void plan_undeclaredVariable_reportsTerraformsDiagnostic() {
        IacRunStatus s = await(tf, tf.start(new IacRun(Kind.PLAN, DIR, "default", Map.of("nope", "1"), List.of())));

        assertThat(s.state()).isEqualTo(State.FAILED);
        assertThat(s.summary()).isEqualTo("Error: Value for undeclared variable: A variable named \"nope\" was assigned"
                + " on the command line, but the root module does not declare a variable of that name. To use this"
                + " value, add a \"variable\" block to the configuration.");
    }

    @Test
    void stateLockHeldByAnotherProcess_conflictNamingTheHolder() throws Exception {
        Path dir = root.resolve(DIR);
        tf.selectWorkspace(DIR, "default", true);
        // a second Terraform, not ours, holding the local backend's lock for 3 s
        ProcessBuilder pb = new ProcessBuilder(tf.binary().toString(), "apply", "-auto-approve", "-input=false",
                "-no-color", "-var=sleep_seconds=3").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(root.resolve("holder.log").toFile());
        pb.environment().put("TF_CLI_CONFIG_FILE", root.resolve("terraformrc").toString());
        Process holder = pb.start();
        try {
            Path lockInfo = dir.resolve(".terraform.tfstate.lock.info");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!(Files.exists(lockInfo) && Files.size(lockInfo) > 0) && System.nanoTime() < deadline) {
                Fixtures.sleep(50);
            }
            Matcher id = Pattern.compile("\"ID\":\"([^\"]+)\"").matcher(Files.readString(lockInfo));
            assertThat(id.find()).isTrue();

            String run = tf.start(apply("default", Map.of()));

            assertThatThrownBy(() -> await(tf, run))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
                        assertThat(e.operation()).isEqualTo("terraform:apply");
                    })
                    // the holder as Terraform names it: the same user@host a stopped run's own lock is matched by
                    .hasMessageContaining("the Terraform state of infra (workspace default) is locked by "
                            + TerraformProvider.whoAmI() + " (lock ID ")
                    .hasMessageContaining("(lock ID " + id.group(1) + ", OperationTypeApply, since ")
                    .hasMessageContaining(" and stayed locked for 0s; wait for that run to end, or, when it died,"
                            + " check nobody runs Terraform there and run terraform force-unlock " + id.group(1));
        } finally {
            holder.waitFor();
        }
    }

    @Test
    void secretVariable_neverOnACommandLine_norInTheStatus() throws IOException {
        String value = "s3cr3t-Pa55w0rd-" + System.nanoTime();
        Secret password = Secret.named("db_password", value);

        String id = tf.start(new IacRun(Kind.APPLY, DIR, "default", Map.of("sleep_seconds", "2"), List.of(),
                Map.of("db_password", password), List.of(), null));
        awaitProgress(id, "terraform_data.network creating");

        // while terraform and its provisioner run: every process's command line on the machine
        List<String> cmdlines = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    cmdlines.add(new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' '));
                } catch (IOException gone) {
                    // the process ended meanwhile
                }
            }
        }
        assertThat(cmdlines).anyMatch(c -> c.contains("terraform apply"));
        assertThat(cmdlines).noneMatch(c -> c.contains(value));

        IacRunStatus done = await(tf, id);
        assertThat(done.state()).isEqualTo(State.SUCCEEDED);
        assertThat(done.toString()).doesNotContain(value);
        assertThat(done.outputs()).doesNotContainKey("db_password");
    }

    @Test
    void progress_showsWhatIsBeingApplied() {
        String id = tf.start(apply("default", Map.of("sleep_seconds", "2")));

        String line = awaitProgress(id, "terraform_data.network creating");

        assertThat(line).matches("applying: [0-2] of 3 done; .*terraform_data\\.network creating.*");
        assertThat(await(tf, id).state()).isEqualTo(State.SUCCEEDED);
    }

    @Test
    void cancel_endsTheProcessTree_andLeavesTheLockFree() {
        String id = tf.start(apply("default", Map.of("sleep_seconds", "30")));
        awaitProgress(id, "terraform_data.network creating");
        List<ProcessHandle> tree = ProcessHandle.current().descendants()
                .filter(h -> h.info().commandLine().orElse("").contains("sleep 30")
                        || h.info().command().orElse("").endsWith("terraform")).toList();
        assertThat(tree).isNotEmpty();

        tf.cancel(id);

        IacRunStatus s = tf.status(id);
        assertThat(s.state()).isEqualTo(State.FAILED);
        assertThat(s.summary()).isEqualTo("cancelled: the terraform process tree was stopped; the state lock is free"
                + " (checked)");
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        // and someone else can take the lock at once
        IacRunStatus next = await(tf, tf.start(new IacRun(Kind.PLAN, DIR, "default", Map.of(), List.of())));
        assertThat(next.state()).isEqualTo(State.SUCCEEDED);
    }

    @Test
    void status_unknownRun_notFound() {
        assertThatThrownBy(() -> tf.status("tf-apply-000000000000"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    private String awaitProgress(String id, String fragment) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            IacRunStatus s = tf.status(id);
            if (s.summary() != null && s.summary().contains(fragment)) {
                return s.summary();
            }
            assertThat(s.state()).as("run ended before showing '%s': %s", fragment, s).isEqualTo(State.RUNNING);
            Fixtures.sleep(20);
        }
        throw new AssertionError("no progress '" + fragment + "' within 30 s: " + tf.status(id));
    }
}
