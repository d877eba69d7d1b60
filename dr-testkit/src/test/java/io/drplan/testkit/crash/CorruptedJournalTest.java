package io.drplan.testkit.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.DrException;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.RunOptions;
import io.drplan.core.internal.JournalChain;
import io.drplan.core.internal.PlanFingerprint;
import io.drplan.core.journal.InMemoryJournalStore;
import io.drplan.core.time.SystemScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming from a journal that is unknown or corrupted fails with a message naming the line and
 * the problem, and changes nothing: no action in the fake cloud, the journal byte for byte as it was.
 * The journals are cut from a real run of {@link CrashPlan}: everything up to the start of
 * {@code restore-db}, i.e. a process that died just before restoring.
 */
class CorruptedJournalTest {
    @TempDir
    static Path shared;
    @TempDir
    Path root;

    /** The journal of a process that died right after {@code restore-db} started. */
    private static List<String> crashed;
    /** The journal of the whole, successful run. */
    private static List<String> finished;

    @BeforeAll
    static void recordARealJournal() throws Exception {
        Path source = shared.resolve("source");
        List<String> full;
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            CrashPlan crash = new CrashPlan(source, scheduler);
            crash.seed();
            ExecutionReport r = crash.engine(scheduler).start(crash.plan(), Mode.EXECUTE,
                    RunOptions.defaults().executionId(CrashPlan.EXECUTION_ID)).result().get(30, TimeUnit.SECONDS);
            assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
            full = Files.readAllLines(CrashPlan.journalFile(source), StandardCharsets.UTF_8);
        }
        int cut = 0;
        while (!(full.get(cut).contains("\"type\":\"step.started\"") && full.get(cut).contains("\"stepId\":\"restore-db\""))) {
            cut++;
        }
        crashed = List.copyOf(full.subList(0, cut + 1));
        finished = List.copyOf(full);
        assertThat(crashed.get(0)).contains("\"type\":\"execution.started\"", "\"planName\":\"crash-failover\"");
    }

    @Test
    void resume_intactCrashedJournal_completesWithOneRestore() {
        // the control: without corruption the same journal resumes, so the tests below can fail
        writeJournal(crashed);

        ExecutionReport r = resume(plan());

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(new ActionsLog(CrashPlan.actionsLog(root)).count(FileBackedDatabases.RESTORE + " ")).isEqualTo(1);
        assertThat(r.step("verify-dr-region").orElseThrow().notes())
                .contains("completed before the restart; restored from the journal, not run again");
        assertThat(r.step("restore-db").orElseThrow().notes())
                .contains("its effect was not found after the crash; run again");
    }

    @Test
    void resume_garbageInTheMiddle_failsNamingTheLineAndChangesNothing() {
        List<String> lines = new ArrayList<>(crashed);
        lines.add(2, "{\"v\":1,\"type\":\"step.succ\u0000eded\", garbage");

        assertRefusedAndUnchanged(lines, plan(), "journal of execution 'crash-1' line 3 is not valid: invalid JSON",
                "the journal is corrupted, nothing was resumed");
    }

    @Test
    void resume_unknownVersion_failsNamingTheVersionAndChangesNothing() {
        List<String> lines = new ArrayList<>(crashed);
        lines.set(1, lines.get(1).replace("\"v\":2,", "\"v\":7,"));

        assertRefusedAndUnchanged(lines, plan(),
                "journal of execution 'crash-1' line 2 has format version 7; this drplan reads version 2,"
                        + " nothing was resumed; resume with the newer drplan that wrote it");
    }

    @Test
    void resume_journalOfAnotherPlan_failsNamingBothPlansAndChangesNothing() {
        List<String> lines = new ArrayList<>(crashed);
        lines.set(0, lines.get(0).replace("\"planName\":\"crash-failover\"", "\"planName\":\"payments-failover\""));

        assertRefusedAndUnchanged(lines, plan(), "journal of execution 'crash-1' line 1 is of plan"
                + " 'payments-failover', not 'crash-failover'; resume with the plan that started the execution");
    }

    @Test
    void resume_withAnotherPlan_failsNamingBothPlansAndChangesNothing() {
        assertRefusedAndUnchanged(crashed, planNamed("payments-failover"), "journal of execution 'crash-1' line 1"
                + " is of plan 'crash-failover', not 'payments-failover'; resume with the plan that started the execution");
    }

    @Test
    void resume_journalOfAnotherExecution_failsAndChangesNothing() {
        List<String> lines = new ArrayList<>(crashed);
        lines.set(1, lines.get(1).replace("\"executionId\":\"crash-1\"", "\"executionId\":\"crash-2\""));

        assertRefusedAndUnchanged(lines, plan(),
                "journal of execution 'crash-1' line 2 belongs to execution 'crash-2'; nothing was resumed");
    }

    @Test
    void resume_journalNamingAnUnknownStep_failsAndChangesNothing() {
        List<String> lines = new ArrayList<>(crashed);
        int last = lines.size() - 1;
        lines.set(last, lines.get(last).replace("\"stepId\":\"restore-db\"", "\"stepId\":\"restore-cache\""));

        assertRefusedAndUnchanged(lines, plan(), "names step 'restore-cache', which plan 'crash-failover' does not"
                + " have; resume with the plan that started the execution");
    }

    @Test
    void resume_firstLineNotExecutionStarted_failsAndChangesNothing() {
        assertRefusedAndUnchanged(crashed.subList(1, crashed.size()), plan(), "journal of execution 'crash-1' line 1"
                + " is 'step.started', not 'execution.started'; the journal is corrupted, nothing was resumed");
    }

    @Test
    void resume_finishedExecution_isRefusedAndChangesNothing() {
        assertRefusedAndUnchanged(finished, plan(), "execution 'crash-1' already finished with state SUCCEEDED;"
                + " there is nothing to resume");
    }

    @Test
    void resume_failedExecution_undoesInsteadOfGoingForward() {
        List<String> lines = new ArrayList<>(crashed);
        lines.add(crashed.get(crashed.size() - 1).replace("\"type\":\"step.started\"", "\"type\":\"step.failed\"")
                .replace("}", ",\"outcome\":\"FAILED\",\"error\":\"region us-west-2 is down\"}"));
        writeJournal(resealed(lines));
        // what the crashed process did before restore-db failed: it verified the DR region
        FileBackedDatabases.writeAtomically(CrashPlan.cloud(root).resolve("dr-region-verified.properties"),
                new java.util.Properties());

        ExecutionReport r = resume(plan());

        assertThat(r.step("restore-db").orElseThrow().outcome()).isEqualTo(io.drplan.core.StepOutcome.FAILED);
        assertThat(r.step("restore-db").orElseThrow().error()).isEqualTo("region us-west-2 is down");
        assertThat(r.verdict()).isEqualTo(io.drplan.core.Verdict.FAILED);
        assertThat(CrashPlan.actionsLog(root)).as("nothing went forward").doesNotExist();
        // and what was done before the failure was undone
        assertThat(r.state()).isEqualTo(ExecutionState.COMPENSATED);
        assertThat(r.step("verify-dr-region").orElseThrow().outcome())
                .isEqualTo(io.drplan.core.StepOutcome.COMPENSATED);
        assertThat(CrashPlan.exists(root, "dr-region-verified")).as("the step's effect, undone").isFalse();
        JournalLines after = JournalLines.read(CrashPlan.journalFile(root));
        assertThat(after.count("step.compensated", "verify-dr-region")).isEqualTo(1);
        assertThat(after.count("step.started")).as("no step started again").isEqualTo(
                lines.stream().filter(l -> l.contains("\"type\":\"step.started\"")).count());
    }

    @Test
    void resume_modeEditedToDrill_isRefusedByTheChecksumAndChangesNothing() {
        List<String> lines = new ArrayList<>(crashed);
        lines.set(0, lines.get(0).replace("\"mode\":\"EXECUTE\"", "\"mode\":\"DRILL\""));

        assertRefusedAndUnchanged(lines, plan(), "journal of execution 'crash-1' line 1 does not match its checksum: it"
                + " was edited, or a line before it was changed; the journal is not the one the engine wrote, nothing"
                + " was resumed");
    }

    @Test
    void resume_lineLostInTheMiddle_isRefusedAndChangesNothing() {
        List<String> lines = new ArrayList<>(crashed);
        lines.remove(1);

        assertRefusedAndUnchanged(lines, plan(), "journal of execution 'crash-1' line 2 has number 3 where 2 was"
                + " expected: 1 line(s) before it were lost; nothing was resumed");
    }

    @Test
    void resume_deeplyNestedOrHugeLine_isRefusedAtOnceAndChangesNothing() {
        List<String> deep = new ArrayList<>(crashed);
        deep.add(2, "[".repeat(100_000));
        assertRefusedAndUnchanged(deep, plan(), "journal of execution 'crash-1' line 3 is not valid: invalid JSON at"
                + " position 64: Document nesting depth (65) exceeds the maximum allowed (64");

        List<String> huge = new ArrayList<>(crashed);
        huge.add("{\"v\":2,\"pad\":\"" + "x".repeat(50 * 1024 * 1024) + "\"}");
        assertRefusedAndUnchanged(huge, plan(), "journal of execution 'crash-1' line " + huge.size() + " is not valid:"
                + " invalid JSON: 52428816 characters, more than the 1048576 this reader accepts");
    }

    @Test
    void resume_noJournal_failsAndChangesNothing() {
        seed();
        Map<String, String> before = snapshot();

        assertThatThrownBy(() -> resume(plan())).isInstanceOf(DrException.class)
                .hasMessage("no journal for execution 'crash-1'; check the id and the journal store");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(CrashPlan.journalFile(root)).doesNotExist();
    }

    @Test
    void resume_tornLastLine_completesAndLeavesAReadableJournal() {
        // a process killed while writing a line leaves part of it without its line break
        String torn = crashed.get(crashed.size() - 1);
        List<String> lines = new ArrayList<>(crashed.subList(0, crashed.size() - 1));
        writeJournal(lines, torn.substring(0, torn.length() / 2));

        ExecutionReport r = resume(plan());

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(new ActionsLog(CrashPlan.actionsLog(root)).count(FileBackedDatabases.RESTORE + " ")).isEqualTo(1);
        JournalLines after = JournalLines.read(CrashPlan.journalFile(root));
        assertThat(after.invalid()).as("journal lines that no later resume could read").isEmpty();
        assertThat(after.finishedState()).contains("SUCCEEDED");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The lines with their fingerprints and checksums computed again, as the engine would have
     * written them (a journal without a journal key can be rewritten this way; one with a key cannot).
     */
    private List<String> resealed(List<String> lines) {
        InMemoryJournalStore store = new InMemoryJournalStore();
        JournalChain chain = new JournalChain(store, PlanFingerprint.of(plan()), null, null);
        lines.forEach(l -> chain.append(CrashPlan.EXECUTION_ID, l.replaceAll(",\"seq\":[0-9]+", "").replaceAll(",\"fp\":\"[0-9a-f]*\"", "")
                .replaceAll(",\"chk\":\"[a-z0-9:]*\"", "")));
        return store.read(CrashPlan.EXECUTION_ID);
    }

    private void assertRefusedAndUnchanged(List<String> journal, DrPlan plan, String... messageParts) {
        writeJournal(journal);
        Map<String, String> before = snapshot();

        assertThatThrownBy(() -> resume(plan)).isInstanceOf(DrException.class).hasMessageContainingAll(messageParts);

        assertThat(snapshot()).as("every file of the fake cloud and the journal, byte for byte").isEqualTo(before);
        assertThat(CrashPlan.actionsLog(root)).as("no action happened").doesNotExist();
    }

    private ExecutionReport resume(DrPlan plan) {
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            CrashPlan crash = new CrashPlan(root, scheduler);
            return crash.engine(scheduler).startResume(plan, CrashPlan.EXECUTION_ID).result().get(30, TimeUnit.SECONDS);
        } catch (DrException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("resume did not finish", e);
        }
    }

    private DrPlan plan() {
        return planNamed(CrashPlan.NAME);
    }

    private DrPlan planNamed(String name) {
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            return new CrashPlan(root, scheduler).plan(name);
        }
    }

    private void seed() {
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            new CrashPlan(root, scheduler).seed();
        }
    }

    private void writeJournal(List<String> lines) {
        writeJournal(lines, "");
    }

    private void writeJournal(List<String> lines, String tail) {
        seed();
        try {
            Files.createDirectories(CrashPlan.journalFolder(root));
            Files.writeString(CrashPlan.journalFile(root), String.join("\n", lines) + "\n" + tail,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under the round's folder with its content. */
    private Map<String, String> snapshot() {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

}
