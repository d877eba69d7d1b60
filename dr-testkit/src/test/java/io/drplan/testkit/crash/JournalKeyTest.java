package io.drplan.testkit.crash;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.CompensationStrategy;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.Execution;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.RunOptions;
import io.drplan.core.journal.CorruptJournalException;
import io.drplan.core.journal.InMemoryJournalStore;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An engine with a journal key signs every line and resumes only journals signed with that key. */
class JournalKeyTest {
    private static final byte[] KEY = "journal key of 32 bytes or more!".getBytes(StandardCharsets.UTF_8);

    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.vibePlatform(time);
    private final DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("signed")
            .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
            .compensation(CompensationStrategy.NEVER)   // the stand-in crash below must not undo anything
            .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                    .subnetGroup("vibe-db-subnet-group-dr"))
            .build();

    private DrEngine.Builder engine() {
        return DrEngine.builder().providers(cloud.providers()).scheduler(time).seed(1);
    }

    private record Crashed(String id, InMemoryJournalStore journal) { }

    /** The journal of a signed execution that crashed while restoring. */
    private Crashed crashed() {
        InMemoryJournalStore journal = new InMemoryJournalStore();
        Execution first = engine().journal(journal).journalKey(KEY).build()
                .start(plan, Mode.EXECUTE, RunOptions.defaults());
        time.advance(Duration.ofMinutes(5));
        InMemoryJournalStore survived = new InMemoryJournalStore();
        journal.read(first.id()).forEach(l -> survived.append(first.id(), l));
        first.cancel("the host died");
        time.await(first.result());
        return new Crashed(first.id(), survived);
    }

    @Test
    void resume_withTheSameKey_continuesAndSignsWhatItAppends() {
        Crashed c = crashed();

        ExecutionReport r = engine().journal(c.journal()).journalKey(KEY).build().resume(plan, c.id());

        assertThat(r.state()).isEqualTo(ExecutionState.SUCCEEDED);
        List<String> lines = c.journal().read(c.id());
        assertThat(lines).allMatch(l -> l.matches(".*,\"chk\":\"hmac:[0-9a-f]{64}\"}"));
    }

    @Test
    void resume_withoutTheKey_isRefusedAndAppendsNothing() {
        Crashed c = crashed();
        List<String> before = c.journal().read(c.id());

        assertThatThrownBy(() -> engine().journal(c.journal()).build().resume(plan, c.id()))
                .isInstanceOf(CorruptJournalException.class)
                .hasMessage("journal of execution '" + c.id() + "' line 1 is signed with a journal key; resume with an"
                        + " engine built with the same DrEngine.builder().journalKey(..), nothing was resumed");
        assertThat(c.journal().read(c.id())).isEqualTo(before);
    }

    @Test
    void journalKey_tooShort_isRejectedNamingTheFix() {
        assertThatThrownBy(() -> DrEngine.builder().journalKey(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("journalKey must have at least 32 bytes but had 8; use e.g. 32 bytes from SecureRandom,"
                        + " kept in a secret store");
    }
}
