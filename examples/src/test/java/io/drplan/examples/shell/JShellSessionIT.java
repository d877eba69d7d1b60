package io.drplan.examples.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * The on-call engineer's JShell, driven as they use it: the real {@code jshell} tool in a child
 * process with bin/drplan-jshell's startup, typing at its standard input (the tool forwards what is
 * typed while a snippet runs to the snippet, which is how the console approver reads its answer).
 */
class JShellSessionIT {
    private static final Path STARTUP = Path.of("jshell/startup.jsh");

    @Test
    void startup_importsTheApiAndExecutesNothing() throws IOException {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            classPath().forEach(shell::addToClasspath);
            List<String> problems = new ArrayList<>();
            int imports = 0;
            for (String snippet : snippets(Files.readString(STARTUP), shell)) {
                for (SnippetEvent e : shell.eval(snippet)) {
                    if (e.snippet().kind() != Snippet.Kind.IMPORT) {
                        problems.add("not an import: " + snippet);
                    } else if (e.status() != Snippet.Status.VALID) {
                        problems.add(snippet + " -> " + e.status());
                    } else {
                        imports++;
                    }
                }
            }
            assertThat(problems).isEmpty();
            assertThat(imports).isGreaterThanOrEqualTo(10);
            // the one-liners of the startup's comment resolve against those imports
            assertThat(shell.eval("Shell.fakeCloud().cloud().region(Region.of(\"us-east-1\")).toString()")
                    .get(0).exception()).isNull();
        }
    }

    @Test
    void failover_onTheFakeCloud_showsProgressAndAsksTheApprovalAtThePrompt_thenTheExampleScript() throws Exception {
        String typed = """
                var s = Shell.fakeCloud();
                var plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("shell-failover").
                    objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1))).
                    step("approve", st -> st.approval(Roles.DEVOPS_LEAD, "fail over to us-west-2?")).
                    step("restore-db", st -> st.restoreLatest("vibe-postgres-production").from(io.drplan.core.step.RestoreSource.FRESHEST).
                        as("vibe-postgres-dr").subnetGroup("vibe-db-subnet-group-dr").after("approve")).
                    build();
                s.cloud().region(Region.of("us-east-1")).goDown();
                var report = s.execute(plan);
                <<wait:Approve?>>
                yes

                <<wait:report ==>|then|jshell> >>
                System.out.println("STATE=" + report.state() + " VERDICT=" + report.verdict());
                System.out.println(s.executions());
                /open jshell/failover.jsh
                System.out.println("SCRIPT VERDICT=" + report.verdict());
                /exit
                """;
        String out = jshell(typed);

        assertThat(out).contains("step 'approve' needs approval by DevOps Lead:", "fail over to us-west-2?",
                "Approve? (yes/no");
        assertThat(out).contains("[drplan +0ms] shell-failover: execution ", " started (execute, us-east-1 -> us-west-2)");
        assertThat(out).containsPattern("\\[drplan \\+0ms\\] approve approved by \\S+");
        assertThat(out).contains("] restore-db started: ");
        // the restore takes 25 virtual minutes: a waiting line every minute, against the estimate
        assertThat(out).containsPattern("\\[drplan \\+5m 00s\\] restore-db waiting 5m 00s of ~\\S+");
        assertThat(out).containsPattern("\\] restore-db succeeded after 2\\dm \\d\\ds \\(estimate ");
        assertThat(out).contains("finished: SUCCEEDED, verdict MET");
        assertThat(out).contains("STATE=SUCCEEDED VERDICT=MET");
        assertThat(out).containsPattern("(?m)^\\S{36}\\s+shell-failover\\s+EXECUTE\\s+SUCCEEDED\\s+2026-01-01T00:00:00Z");
        assertThat(out).doesNotContain("Exception", "Error:", "rejected");
        // the example script, opened on purpose: the whole Procedure 3 on a fresh fake cloud
        assertThat(out).contains("] dns-failover succeeded", "SCRIPT VERDICT=MET");
        assertThat(out).containsPattern("\\S{36}\\s+vibe-region-failover\\s+EXECUTE\\s+SUCCEEDED");
    }

    /**
     * Runs the jshell tool with bin/drplan-jshell's options, {@code typed} on its standard input, as a
     * person types: a line {@code <<wait:TEXT>>} holds back what follows until the output shows TEXT (the
     * approval's question before its answer, the report before the next snippet), so the approver and
     * JShell never race for lines typed ahead.
     */
    private static String jshell(String typed) throws IOException, InterruptedException {
        Session first = session(typed);
        if (first.done() || !first.desynced()) {
            return first.check();
        }
        // JDK 17's jshell now and then loses a snippet's result between its agent and the tool: the tool waits
        // in readAndReportExecutionResult while the agent, done, waits for the next command (seen in thread
        // dumps of both, about one session in ten here). That is jshell's, not the session's: type it once more.
        return session(typed).check();
    }

    /** One jshell session's output, whether it ended, and whether it stopped with nothing left to run. */
    private record Session(String out, boolean done, int exit, boolean desynced) {
        String check() {
            assertThat(done).as("jshell ended within %d s; its output:%n%s", SESSION_SECONDS, out).isTrue();
            assertThat(exit).as("jshell's exit code; its output:%n%s", out).isZero();
            return out;
        }
    }

    private static final int SESSION_SECONDS = 90;

    private static Session session(String typed) throws IOException, InterruptedException {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        Path log = Files.createTempFile("jshell", ".out");
        Process p = new ProcessBuilder(jshell.toString(), "--class-path", String.join(File.pathSeparator, classPath()),
                "--startup", "DEFAULT", "--startup", STARTUP.toString(), "-R-Duser.name=alice")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SESSION_SECONDS);
        for (String line : typed.split("\n", -1)) {
            if (line.startsWith("<<wait:") && line.endsWith(">>")) {
                // "A|then|B": B after A (the prompt after a result: only then does JShell read for itself
                // again; a line typed while a snippet still runs goes to that snippet's System.in)
                String[] awaited = line.substring("<<wait:".length(), line.length() - 2).split("\\|then\\|");
                while (!inOrder(Files.readString(log), awaited) && p.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                continue;
            }
            p.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
        }
        p.getOutputStream().close();
        boolean done = p.waitFor(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())),
                TimeUnit.SECONDS);
        String out = Files.readString(log);
        Files.delete(log);
        boolean desynced = false;
        if (!done) {
            desynced = agentIdle(p);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return new Session(out, done, done ? p.exitValue() : -1, desynced);
    }

    /** Whether jshell's agent (its child JVM) runs no snippet: its main thread waits for a command. */
    private static boolean agentIdle(Process tool) throws IOException, InterruptedException {
        for (ProcessHandle agent : tool.toHandle().children().toList()) {
            Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    String.valueOf(agent.pid())).redirectErrorStream(true).start();
            String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(10, TimeUnit.SECONDS);
            String main = threads.contains("\"main\"") ? threads.substring(threads.indexOf("\"main\"")) : "";
            main = main.contains("\n\n") ? main.substring(0, main.indexOf("\n\n")) : main;
            return main.contains("ExecutionControlForwarder.processCommand") && !main.contains("drplan");
        }
        return false;
    }

    private static boolean inOrder(String text, String[] parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            if (at < 0) {
                return false;
            }
            from = at + part.length();
        }
        return true;
    }

    /** The test class path as entries (surefire/failsafe may hide it behind a manifest-only jar). */
    private static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(cp.split(File.pathSeparator));
    }

    /** The snippets of a script, split as the jshell tool reads it. */
    private static List<String> snippets(String script, JShell shell) {
        List<String> out = new ArrayList<>();
        String pending = "";
        for (String line : script.split("\n", -1)) {
            pending += line + "\n";
            SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(pending);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                pending = "";
            } else if (info.completeness().isComplete()) {
                out.add(info.source());
                pending = info.remaining();
            }
        }
        assertThat(pending).isBlank();
        return out;
    }
}
