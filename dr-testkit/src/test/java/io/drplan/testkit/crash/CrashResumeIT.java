package io.drplan.testkit.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.drplan.core.ExecutionReport;
import io.drplan.core.Mode;
import io.drplan.core.RunOptions;
import io.drplan.core.time.SystemScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's crash test: a child JVM runs {@link CrashPlan} on file-backed fakes and is killed with
 * SIGKILL ({@link Process#destroyForcibly()}) after a random delay spread over its whole life (JVM
 * start included); the execution is then resumed (sometimes in a child that is killed again) until
 * it completes. Every round must end SUCCEEDED with exactly one restore and one announcement, and
 * the journal must agree with the report.
 *
 * <p>Real time, real processes: the kill points differ from run to run even with the same seed,
 * because the spread of delays is calibrated on one uninterrupted child. More rounds or another
 * seed: {@code mvn -pl dr-testkit -am verify -Dit.test=CrashResumeIT -Ddrplan.crash.rounds=200
 * -Ddrplan.crash.seed=7}. Each round's files (journal, {@code cloud/actions.log}, children's
 * output) are in the JUnit temp folder named in a failure.
 */
class CrashResumeIT {
    private static final int ROUNDS = Integer.getInteger("drplan.crash.rounds", 50);
    private static final long SEED = Long.getLong("drplan.crash.seed", 20261125L);
    private static final Duration CHILD_LIMIT = Duration.ofSeconds(60);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);
    private static final List<String> STEPS = List.of("verify-dr-region", "restore-db", "warm-cache",
            "point-app-at-db", "announce-failover");

    /** Where a kill landed, judged from the journal and the fake cloud after the process died. */
    enum Phase {
        BEFORE_JOURNAL("before-journal"),
        BEFORE_RESTORE("before-restore"),
        RESTORE_STARTED_NOT_CALLED("restore-started"),
        MID_RESTORE("mid-restore"),
        AFTER_RESTORE("after-restore"),
        ANNOUNCE_STARTED_NOT_POSTED("announce-started"),
        ANNOUNCE_POSTED_NOT_JOURNALED("announce-posted"),
        BEFORE_FINISH("before-finish"),
        FINISHED("after-finish");

        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    /** The final result of a round, from an in-process report or a child's FINAL line. */
    record Outcome(String state, List<String> succeeded, String from) { }

    private final Map<Phase, Integer> kills = new EnumMap<>(Phase.class);
    private int freshStarts;
    private int childResumes;
    private int inProcessResumes;
    private int finishedBeforeKill;
    private int refusedResumes;
    private int children;
    private int adoptions;

    @Test
    void sigkillAtRandomPoints_resumeCompletesAndNoActionHappensTwice(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        Random random = new Random(SEED);

        // Calibration: one uninterrupted run says how long a child lives on this machine right now.
        Path calibration = tmp.resolve("calibration");
        seed(calibration);
        long c0 = System.nanoTime();
        Process p = child(calibration, "execute");
        assertThat(p.waitFor(CHILD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)).as("calibration child finished").isTrue();
        long lifeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c0);
        assertThat(p.exitValue()).as("calibration child exit code; see %s", calibration).isZero();
        verifyRound(calibration, outcomeOfChild(calibration), List.of());
        long spread = Math.max(200, lifeMillis + lifeMillis / 10);

        for (int round = 0; round < ROUNDS; round++) {
            Path root = tmp.resolve("round-" + round);
            seed(root);
            List<Phase> roundKills = new ArrayList<>();
            roundKills.add(runAndKill(root, "execute", random.nextInt((int) spread)));
            Outcome outcome = finish(root, random, spread, roundKills);
            try {
                verifyRound(root, outcome, roundKills);
            } catch (AssertionError e) {
                throw new AssertionError("round " + round + " (seed " + SEED + ", folder " + root + "): "
                        + e.getMessage(), e);
            }
        }

        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String summary = "crash test: " + ROUNDS + " rounds (seed " + SEED + "), " + children + " child JVMs (life ~" + lifeMillis
                + " ms), kills by phase: " + Arrays.stream(Phase.values())
                .map(ph -> ph.label + "=" + kills.getOrDefault(ph, 0)).collect(Collectors.joining(", "))
                + "; fresh starts " + freshStarts + ", resumes in a child " + childResumes + ", in-process "
                + inProcessResumes + ", refused " + refusedResumes + ", finished before the kill "
                + finishedBeforeKill + ", in-flight steps adopted " + adoptions + "; " + took + " ms";
        System.out.println(summary);
        assertThat(kills.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(ROUNDS);
    }

    /** Starts a child on {@code root}, kills it after {@code delayMillis} unless it exited, records the phase. */
    private Phase runAndKill(Path root, String command, long delayMillis) throws Exception {
        Process p = child(root, command);
        if (!p.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            if (!p.waitFor(CHILD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("child " + p.pid() + " did not die after SIGKILL within " + CHILD_LIMIT);
            }
        }
        Phase phase = phase(root);
        kills.merge(phase, 1, Integer::sum);
        return phase;
    }

    /** Resumes (or starts, when no journal line was written) until the execution finished. */
    private Outcome finish(Path root, Random random, long spread, List<Phase> roundKills) throws Exception {
        for (int attempt = 0; attempt < 4; attempt++) {
            JournalLines journal = JournalLines.read(CrashPlan.journalFile(root));
            if (journal.finishedState().isPresent()) {
                if (attempt == 0) {
                    finishedBeforeKill++;
                }
                return outcomeOfChild(root);
            }
            boolean fresh = !journal.hasEntries();
            if (attempt == 0 && random.nextInt(4) == 0) {
                // a second crash: the resuming process dies too
                if (fresh) {
                    freshStarts++;
                } else {
                    childResumes++;
                }
                roundKills.add(runAndKill(root, fresh ? "execute" : "resume", random.nextInt((int) spread)));
                continue;
            }
            if (fresh) {
                freshStarts++;
            } else {
                inProcessResumes++;
            }
            return inProcess(root, fresh);
        }
        return fail("execution in " + root + " did not finish after 4 attempts");
    }

    private Outcome inProcess(Path root, boolean fresh) throws Exception {
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            CrashPlan crash = new CrashPlan(root, scheduler);
            CompletableFuture<ExecutionReport> result = fresh
                    ? crash.engine(scheduler).start(crash.plan(), Mode.EXECUTE,
                            RunOptions.defaults().executionId(CrashPlan.EXECUTION_ID)).result()
                    : crash.engine(scheduler).startResume(crash.plan(), CrashPlan.EXECUTION_ID).result();
            ExecutionReport report;
            try {
                report = result.get(RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return fail("the " + (fresh ? "fresh start" : "resume") + " in " + root + " did not finish within "
                        + RUN_LIMIT);
            }
            String line = CrashChild.finalLine(report);
            return parse(line, "in-process " + (fresh ? "start" : "resume") + ": " + report);
        } catch (io.drplan.core.DrException e) {
            refusedResumes++;
            throw new AssertionError("resume in " + root + " was refused: " + e.getMessage(), e);
        }
    }

    private void verifyRound(Path root, Outcome outcome, List<Phase> roundKills) {
        assertThat(outcome.state()).as("final state (%s)", outcome.from()).isEqualTo("SUCCEEDED");
        assertThat(outcome.succeeded()).as("succeeded steps (%s)", outcome.from())
                .containsExactlyInAnyOrderElementsOf(STEPS);

        ActionsLog actions = new ActionsLog(CrashPlan.actionsLog(root));
        assertThat(actions.lines()).as("actions.log").hasSize(2);
        assertThat(actions.count(FileBackedDatabases.RESTORE + " " + CrashPlan.TARGET.code() + " "
                + CrashPlan.DB_DR + " ")).as("restores of %s", CrashPlan.DB_DR).isEqualTo(1);
        assertThat(actions.count(FileBackedStatusPage.ANNOUNCE + " " + CrashPlan.EXECUTION_ID + " "))
                .as("announcements").isEqualTo(1);

        JournalLines journal = JournalLines.read(CrashPlan.journalFile(root));
        assertThat(journal.invalid()).as("unreadable journal lines").isEmpty();
        assertThat(journal.count("execution.finished")).as("execution.finished lines").isEqualTo(1);
        assertThat(journal.entries().get(journal.entries().size() - 1).get("type")).as("last journal line")
                .isEqualTo("execution.finished");
        assertThat(journal.finishedState()).as("journal's final state").contains("SUCCEEDED");
        assertThat(journal.stepsWith("step.succeeded")).as("journal's step.succeeded lines (one per step)")
                .containsExactlyInAnyOrderElementsOf(outcome.succeeded());
        assertThat(journal.count("step.failed")).as("step.failed lines").isZero();
        if (roundKills.size() == 1) {
            // one crash: a non-idempotent step in flight whose effect existed must have been adopted, and only that
            Phase kill = roundKills.get(0);
            assertThat(journal.adopted("restore-db")).as("restore-db adopted after a kill %s", kill.label)
                    .isEqualTo(kill == Phase.MID_RESTORE);
            assertThat(journal.adopted("announce-failover")).as("announce-failover adopted after a kill %s", kill.label)
                    .isEqualTo(kill == Phase.ANNOUNCE_POSTED_NOT_JOURNALED);
        }
        adoptions += (int) STEPS.stream().filter(journal::adopted).count();

        Properties config = new Properties();
        try (var r = Files.newBufferedReader(CrashPlan.cloud(root).resolve("app-config.properties"))) {
            config.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(config.getProperty("DATABASE_HOST")).as("endpoint restored from the journal and used")
                .isEqualTo(CrashPlan.DB_DR + "." + CrashPlan.TARGET.code() + ".rds.fake");
        assertThat(CrashPlan.exists(root, "cache-warm")).as("cache warmed").isTrue();
    }

    private static Phase phase(Path root) {
        JournalLines j = JournalLines.read(CrashPlan.journalFile(root));
        ActionsLog actions = new ActionsLog(CrashPlan.actionsLog(root));
        boolean restored = actions.count(FileBackedDatabases.RESTORE + " ") > 0;
        boolean announced = actions.count(FileBackedStatusPage.ANNOUNCE + " ") > 0;
        if (!j.hasEntries()) {
            return Phase.BEFORE_JOURNAL;
        }
        if (j.finishedState().isPresent()) {
            return Phase.FINISHED;
        }
        if (!j.succeeded("restore-db")) {
            return !j.started("restore-db") ? Phase.BEFORE_RESTORE
                    : restored ? Phase.MID_RESTORE : Phase.RESTORE_STARTED_NOT_CALLED;
        }
        if (!j.started("announce-failover")) {
            return Phase.AFTER_RESTORE;
        }
        if (!j.succeeded("announce-failover")) {
            return announced ? Phase.ANNOUNCE_POSTED_NOT_JOURNALED : Phase.ANNOUNCE_STARTED_NOT_POSTED;
        }
        return Phase.BEFORE_FINISH;
    }

    private static void seed(Path root) {
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            Files.createDirectories(root);
            new CrashPlan(root, scheduler).seed();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Process child(Path root, String command) throws IOException {
        int n = ++children;
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a quick JVM start: the crash test starts ~70 of them on a shared 2-core machine
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", classpath, CrashChild.class.getName(), root.toString(), command));
        return new ProcessBuilder(cmd)
                .redirectOutput(root.resolve("child-" + n + "-" + command + ".out").toFile())
                .redirectError(root.resolve("child-" + n + "-" + command + ".err").toFile())
                .start();
    }

    /** The FINAL line printed by the child that finished the execution. */
    private static Outcome outcomeOfChild(Path root) {
        try (var files = Files.list(root)) {
            for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".out")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.startsWith("FINAL ")) {
                        return parse(line, f.getFileName().toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // killed after the journal's last line but before printing: the journal is all there is
        JournalLines j = JournalLines.read(CrashPlan.journalFile(root));
        return new Outcome(j.finishedState().orElseThrow(), j.stepsWith("step.succeeded"), "journal only");
    }

    private static Outcome parse(String finalLine, String from) {
        String[] w = finalLine.split(" ");
        String ids = w[2].substring("succeeded=".length());
        return new Outcome(w[1], ids.isEmpty() ? List.of() : List.of(ids.split(",")), from);
    }
}
