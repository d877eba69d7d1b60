package io.drplan.core.approval;

import io.drplan.core.spi.Approver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Approvals at a terminal, for an on-call engineer running a plan from JShell: prints the request
 * and reads {@code yes} or anything else (a rejection, with the answer as comment). Reading happens
 * on its own thread, so the engine's timeout and escalation still apply.
 *
 * <pre>{@code
 * DrEngine.builder().approver(ConsoleApprover.create("alice"))
 * }</pre>
 */
public final class ConsoleApprover implements Approver {
    private final String operator;
    private final BufferedReader in;
    private final PrintStream out;

    private ConsoleApprover(String operator, Reader in, PrintStream out) {
        this.operator = operator;
        this.in = new BufferedReader(in);
        this.out = out;
    }

    /** Reads {@code System.in}, writes {@code System.out}; answers are signed {@code operator}. */
    public static ConsoleApprover create(String operator) {
        return new ConsoleApprover(operator, new InputStreamReader(System.in, StandardCharsets.UTF_8), System.out);
    }

    /** Reads and writes the given streams (for tests and custom terminals). */
    public static ConsoleApprover create(String operator, Reader in, PrintStream out) {
        return new ConsoleApprover(operator, in, out);
    }

    @Override
    public CompletionStage<Decision> request(ApprovalRequest r) {
        CompletableFuture<Decision> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            synchronized (in) {
                out.printf("%n[drplan] %s: step '%s' needs approval by %s:%n  %s%nApprove? (yes/no, %s to answer) ",
                        r.planName(), r.stepId(), r.role(), r.description(), r.timeout());
                out.flush();
                try {
                    String line = in.readLine();
                    if (line != null && line.trim().equalsIgnoreCase("yes")) {
                        f.complete(Decision.approve(operator));
                    } else {
                        f.complete(Decision.reject(operator, line == null ? "no answer (input closed)" : line.trim()));
                    }
                } catch (IOException e) {
                    f.completeExceptionally(e);
                }
            }
        }, "drplan-console-approver");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
