package io.drplan.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.CompensationStrategy;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.Execution;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.Region;
import io.drplan.core.RunOptions;
import io.drplan.core.journal.CorruptJournalException;
import io.drplan.core.spi.JournalStore;
import io.drplan.core.spi.Operation;
import io.drplan.core.step.Poll;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JournalStore} must do, whatever it stores lines in: keep each execution's
 * lines in append order and byte for byte, let a new process (a new store over the same storage)
 * read them and append after them, reject ids and lines it could not keep apart, and carry a
 * crashed execution to a resumed one. A store's own test extends this class and says how a new
 * process builds the store; its store-specific behaviour (pagination, conditional writes, size
 * limits) stays in that test.
 *
 * <pre>{@code
 * class FileJournalStoreContractTest extends JournalStoreContract {
 *     @TempDir Path folder;
 *     protected JournalStore newProcess() { return FileJournalStore.in(folder); }
 * }
 * }</pre>
 */
public abstract class JournalStoreContract {

    /** A store as a new process would build it over the same storage: its own clients, nothing in memory. */
    protected abstract JournalStore newProcess();

    /** The line the contract appends as number {@code i}. */
    protected static String line(int i) {
        return "{\"v\":2,\"type\":\"test\",\"n\":" + i + "}";
    }

    @Test
    public void append_lines_areReadInAppendOrderByANewProcess() {
        JournalStore store = newProcess();
        List<String> written = IntStream.rangeClosed(1, 25).mapToObj(JournalStoreContract::line).toList();

        written.forEach(l -> store.append("exec-1", l));

        assertThat(newProcess().read("exec-1")).isEqualTo(written);
        assertThat(store.read("exec-1")).isEqualTo(written);
    }

    @Test
    public void append_unicodeEscapesAndLongLines_areKeptByteForByte() {
        JournalStore store = newProcess();
        List<String> written = List.of("{\"s\":\"Zürich → 東京 \\\"quoted\\\" \\\\ \\u2028 \\ud83d\\ude80\"}",
                "{\"p\":\"" + "x".repeat(100_000) + "\"}", "{\"e\":\"ünïcödé 🚀\"}");

        written.forEach(l -> store.append("exec-1", l));

        assertThat(newProcess().read("exec-1")).isEqualTo(written);
    }

    @Test
    public void append_secondProcess_continuesAfterTheLastLineOfTheFirst() {
        // given: a process wrote three lines and died
        JournalStore first = newProcess();
        first.append("exec-1", line(1));
        first.append("exec-1", line(2));
        first.append("exec-1", line(3));

        // when: another process appends to the same execution
        JournalStore second = newProcess();
        second.append("exec-1", line(4));
        second.append("exec-1", line(5));

        // then
        assertThat(newProcess().read("exec-1")).containsExactly(line(1), line(2), line(3), line(4), line(5));
    }

    @Test
    public void append_twoProcessesTakingTurns_neitherLineIsOverwritten() {
        // A's idea of where the journal ends goes stale when B appends
        JournalStore a = newProcess();
        JournalStore b = newProcess();
        a.append("exec-1", line(1));
        b.append("exec-1", line(2));

        a.append("exec-1", line(3));

        assertThat(b.read("exec-1")).containsExactly(line(1), line(2), line(3));
        assertThat(newProcess().read("exec-1")).containsExactly(line(1), line(2), line(3));
    }

    @Test
    public void read_unknownExecution_isEmptyAndExecutionsAreKeptApart() {
        JournalStore store = newProcess();
        store.append("exec-1", line(1));
        store.append("exec-10", line(10));

        assertThat(newProcess().read("exec-2")).isEmpty();
        assertThat(newProcess().read("exec")).as("a prefix of another id is not that id").isEmpty();
        assertThat(newProcess().read("exec-1")).containsExactly(line(1));
        assertThat(newProcess().read("exec-10")).containsExactly(line(10));
    }

    @Test
    public void append_badExecutionId_isRejectedNamingTheRule() {
        JournalStore store = newProcess();

        for (String bad : List.of("", "../etc", "a/b", "-leading", "x".repeat(129), "spa ce")) {
            assertThatThrownBy(() -> store.append(bad, line(1))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("execution id '" + bad + "' is not valid; use 1 to 128 letters, digits, '.', '_'"
                            + " and '-', starting with a letter or digit");
            assertThatThrownBy(() -> store.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.append(null, line(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.read("x".repeat(128))).isEmpty();
    }

    @Test
    public void append_lineWithALineBreak_isRejectedAndNothingIsWritten() {
        JournalStore store = newProcess();

        assertThatThrownBy(() -> store.append("exec-1", "{\"a\":1}\n{\"b\":2}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a journal line must not contain a line break");
        assertThat(newProcess().read("exec-1")).isEmpty();
    }

    @Test
    public void resume_engineOnTheFakeCloud_continuesFromTheJournalInANewProcess() {
        // given / when: the host dies while the restore is in flight, and another process resumes
        Crash c = crashMidRestore();
        Execution first = c.execution();
        List<String> crashed = newProcess().read(first.id());
        ExecutionReport r = c.engine(newProcess()).resume(c.plan(), first.id());

        // then
        assertThat(crashed).anyMatch(l -> l.contains("\"type\":\"step.started\"") && l.contains("\"stepId\":\"restore-db\""));
        assertThat(crashed).noneMatch(l -> l.contains("\"type\":\"step.succeeded\""));
        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.step("restore-db").orElseThrow().notes())
                .contains("its effect was found after the crash; adopted, not redone");
        assertThat(c.cloud().calls("rds:RestoreDBInstanceFromDBSnapshot")).hasSize(1);
        List<String> all = newProcess().read(first.id());
        assertThat(all.subList(0, crashed.size())).isEqualTo(crashed);
        assertThat(all.size()).isGreaterThan(crashed.size());
        assertThat(all.get(all.size() - 1)).contains("\"type\":\"execution.finished\"");
    }

    @Test
    public void resume_hostileLineReadBackFromTheStore_isRefusedAndTheJournalIsUnchanged() {
        // given: a crashed execution whose stored journal gained a line nested 100,000 deep
        Crash c = crashMidRestore();
        Execution first = c.execution();
        int lines = newProcess().read(first.id()).size();
        newProcess().append(first.id(), "[".repeat(100_000));
        List<String> before = newProcess().read(first.id());

        // when / then
        assertThatThrownBy(() -> c.engine(newProcess()).resume(c.plan(), first.id()))
                .isInstanceOfSatisfying(CorruptJournalException.class, e -> assertThat(e.line()).isEqualTo(lines + 1))
                .hasMessage("journal of execution '" + first.id() + "' line " + (lines + 1) + " is not valid: invalid"
                        + " JSON at position 64: Document nesting depth (65) exceeds the maximum allowed (64, from"
                        + " `StreamReadConstraints.getMaxNestingDepth()`); the journal is corrupted, nothing was resumed");
        assertThat(newProcess().read(first.id())).isEqualTo(before);
        assertThat(c.cloud().calls("rds:RestoreDBInstanceFromDBSnapshot")).hasSize(1);
    }

    /** A crashed execution on the runbook's platform, in virtual time. */
    private record Crash(VirtualScheduler time, FakeCloud cloud, DrPlan plan, Execution execution) {
        DrEngine engine(JournalStore journal) {
            return DrEngine.builder().providers(cloud.providers()).scheduler(time).seed(3).journal(journal).build();
        }
    }

    /**
     * Runs {@link #settlingFailover} with us-east-1 down until the restore is in flight, then "kills
     * the host": nothing it does from then on is stored, and the run is cancelled (nothing is undone).
     */
    private Crash crashMidRestore() {
        VirtualScheduler time = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.vibePlatform(time);
        cloud.region(Region.of("us-east-1")).goDown();
        DyingJournal firstJournal = new DyingJournal(newProcess());
        Crash crash = new Crash(time, cloud, settlingFailover(), null);
        Execution first = crash.engine(firstJournal).start(crash.plan(), Mode.EXECUTE, RunOptions.defaults());
        time.advance(Duration.ofMinutes(5));
        firstJournal.die();
        first.cancel("simulated crash");
        time.await(first.result());
        return new Crash(time, cloud, crash.plan(), first);
    }

    /** A restore, then ten minutes of settling: long enough to crash in the middle. */
    private static DrPlan settlingFailover() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("journal-store-failover")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                // the crash is simulated by cancelling the first run; nothing may be undone by that
                .compensation(CompensationStrategy.NEVER)
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr"))
                .step("settle", s -> s.custom("let connections settle", ctx -> {
                    Instant until = ctx.now().plus(Duration.ofMinutes(10));
                    return ctx.await("settle", Operation.of("test", "Settle"), "test/settle", Duration.ofMinutes(1),
                            () -> ctx.now().isBefore(until) ? Poll.pending("settling")
                                    : Poll.done(Map.<String, Object>of("settled", true)));
                }).after("restore-db"))
                .build();
    }

    /** Writes through to the store until the host "dies"; then, like a dead process, writes nothing. */
    private static final class DyingJournal implements JournalStore {
        private final JournalStore store;
        private volatile boolean dead;

        DyingJournal(JournalStore store) {
            this.store = store;
        }

        void die() {
            dead = true;
        }

        @Override
        public void append(String executionId, String line) {
            if (!dead) {
                store.append(executionId, line);
            }
        }

        @Override
        public List<String> read(String executionId) {
            return store.read(executionId);
        }
    }
}
