package io.drplan.core.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.Approver.ApprovalRequest;
import io.drplan.core.spi.Approver.Decision;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ApproverTest {
    private final ApprovalRequest request = new ApprovalRequest("vibe-region-failover", "restore-db",
            "Restore vibe-postgres-dr", "DevOps Lead", Duration.ofMinutes(15));

    @Test
    void console_yes_approvesSignedByOperator() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleApprover a = ConsoleApprover.create("alice", new StringReader("yes\n"),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        Decision d = a.request(request).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(d).isEqualTo(Decision.approve("alice"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("step 'restore-db' needs approval by DevOps Lead");
    }

    @Test
    void console_otherAnswer_rejectsWithItAsComment() throws Exception {
        ConsoleApprover a = ConsoleApprover.create("alice", new StringReader("not yet, db team busy\n"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(a.request(request).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo(Decision.reject("alice", "not yet, db team busy"));
    }

    @Test
    void console_withdrawnRequest_isSkipped_theAnswerGoesToTheOpenOne() throws Exception {
        java.io.PipedWriter typing = new java.io.PipedWriter();
        ConsoleApprover a = ConsoleApprover.create("alice", new java.io.PipedReader(typing),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        CompletableFuture<Decision> first = a.request(request).toCompletableFuture();
        first.cancel(false);                           // the engine timed it out and escalated
        ApprovalRequest escalated = new ApprovalRequest("vibe-region-failover", "restore-db", "Restore vibe-postgres-dr",
                "Engineering Manager", Duration.ofMinutes(15));
        CompletableFuture<Decision> second = a.request(escalated).toCompletableFuture();

        typing.write("yes\n");
        typing.flush();

        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(Decision.approve("alice"));
        assertThat(first).isCancelled();
    }

    @Test
    void console_readsOnlyWhileARequestIsOpen_theNextLinesStayForTheirReader() throws Exception {
        java.io.BufferedReader typed = new java.io.BufferedReader(new StringReader("yes\nnext prompt line\nno\n"));
        ConsoleApprover a = ConsoleApprover.create("alice", typed,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(a.request(request).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo(Decision.approve("alice"));
        Thread.sleep(200); // time for a reader that kept reading to take the next line

        assertThat(typed.readLine()).isEqualTo("next prompt line");
        assertThat(a.request(request).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo(Decision.reject("alice", "no"));
    }

    @Test
    void programmatic_waitsForTheHost() {
        List<ApprovalRequest> told = new ArrayList<>();
        ProgrammaticApprover a = ProgrammaticApprover.create(told::add);

        CompletableFuture<Decision> f = a.request(request).toCompletableFuture();

        assertThat(f).isNotDone();
        assertThat(told).containsExactly(request);
        assertThat(a.waiting()).containsExactly(request);
        assertThat(a.approve("other-plan", "restore-db", "dana")).isFalse();
        assertThat(a.approve("vibe-region-failover", "restore-db", "dana")).isTrue();
        assertThat(f).isCompletedWithValue(Decision.approve("dana"));
        assertThat(a.approve("vibe-region-failover", "restore-db", "dana")).isFalse();
    }
}
