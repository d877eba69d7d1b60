package io.drplan.core.approval;

import io.drplan.core.Durations;
import io.drplan.core.spi.Approver;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
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
    private final Reader in;
    private final PrintStream out;
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private Thread reader;

    private record Pending(ApprovalRequest request, CompletableFuture<Decision> answer) { }

    private ConsoleApprover(String operator, Reader in, PrintStream out) {
        this.operator = operator;
        this.in = in;
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

    /**
     * Prints the request and queues it; the next line typed answers the oldest request still open.
     * A request the engine withdraws (timed out, escalated) is skipped, so a late answer is never
     * taken for a newer question.
     */
    @Override
    public synchronized CompletionStage<Decision> request(ApprovalRequest r) {
        CompletableFuture<Decision> f = new CompletableFuture<>();
        waiting.add(new Pending(r, f));
        out.printf("%n[drplan] %s: step '%s' needs approval by %s:%n  %s%nApprove? (yes/no, %s to answer) ",
                r.planName(), r.stepId(), r.role(), r.description(), Durations.format(r.timeout()));
        out.flush();
        if (reader == null) {
            reader = new Thread(this::readAnswers, "drplan-console-approver");
            reader.setDaemon(true);
            reader.start();
        }
        return f;
    }

    // Reads only while a request is open: a reader left blocked on the console after the answer would
    // take the next lines typed for something else (in JShell, the next snippets at the prompt).
    private void readAnswers() {
        while (true) {
            synchronized (this) {
                if (waiting.stream().allMatch(p -> p.answer().isDone())) {
                    waiting.clear();
                    reader = null;
                    return;
                }
            }
            String line;
            try {
                line = readLine();
            } catch (IOException e) {
                failAll(e);
                return;
            }
            if (line == null) {
                answerAll(Decision.reject(operator, "no answer (input closed)"));
                return;
            }
            Pending p = nextOpen();
            if (p == null) {
                out.println("[drplan] no approval is waiting; ignored: " + line.trim());
                continue;
            }
            p.answer().complete(line.trim().equalsIgnoreCase("yes") ? Decision.approve(operator)
                    : Decision.reject(operator, line.trim()));
        }
    }

    // One line, read a character at a time: a buffer would take the lines after it from the console
    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return sb.toString();
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private synchronized Pending nextOpen() {
        while (!waiting.isEmpty()) {
            Pending p = waiting.poll();
            if (!p.answer().isDone()) {
                return p;
            }
        }
        return null;
    }

    private synchronized void answerAll(Decision d) {
        waiting.forEach(p -> p.answer().complete(d));
        waiting.clear();
        reader = null;
    }

    private synchronized void failAll(IOException e) {
        waiting.forEach(p -> p.answer().completeExceptionally(e));
        waiting.clear();
        reader = null;
    }
}
