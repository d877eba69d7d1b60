package io.drplan.testkit.crash;

import io.drplan.core.DrException;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Mode;
import io.drplan.core.RunOptions;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.time.SystemScheduler;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * The process {@link CrashResumeIT} kills: runs (or resumes) {@link CrashPlan} in {@code root} and
 * prints one {@code FINAL} line. Exit code 0 when the execution succeeded, 1 when it finished
 * otherwise, 2 when the engine refused (the message is printed as a {@code REFUSED} line).
 *
 * <pre>
 * java -cp ... io.drplan.testkit.crash.CrashChild ROOT execute|resume
 * </pre>
 */
public final class CrashChild {
    private CrashChild() { }

    public static void main(String[] args) {
        if (args.length != 2 || !(args[1].equals("execute") || args[1].equals("resume"))) {
            System.err.println("usage: CrashChild ROOT execute|resume");
            System.exit(64);
        }
        Path root = Path.of(args[0]);
        try (SystemScheduler scheduler = SystemScheduler.create()) {
            CrashPlan crash = new CrashPlan(root, scheduler);
            ExecutionReport report;
            try {
                report = run(crash, scheduler, args[1].equals("resume"));
            } catch (DrException | CompletionException e) {
                Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                System.out.println("REFUSED " + t.getMessage().replace('\n', ' '));
                System.out.flush();
                System.exit(2);
                return;
            }
            System.out.println(finalLine(report));
            System.out.flush();
            System.exit(report.state() == io.drplan.core.ExecutionState.SUCCEEDED ? 0 : 1);
        }
    }

    static ExecutionReport run(CrashPlan crash, SystemScheduler scheduler, boolean resume) {
        if (resume) {
            return crash.engine(scheduler).resume(crash.plan(), CrashPlan.EXECUTION_ID);
        }
        return scheduler.await(crash.engine(scheduler).start(crash.plan(), Mode.EXECUTE,
                RunOptions.defaults().executionId(CrashPlan.EXECUTION_ID)).result());
    }

    /** {@code FINAL <state> succeeded=<ids in plan order>}. */
    static String finalLine(ExecutionReport report) {
        return "FINAL " + report.state() + " succeeded=" + report.steps().stream()
                .filter(s -> s.outcome() == StepOutcome.SUCCEEDED).map(StepReport::id)
                .collect(Collectors.joining(","));
    }
}
