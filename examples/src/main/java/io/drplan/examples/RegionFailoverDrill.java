package io.drplan.examples;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.Mode;
import io.drplan.core.PlanPreview;
import io.drplan.core.ReportOptions;
import io.drplan.core.Region;
import io.drplan.core.RunOptions;
import io.drplan.core.Secret;
import io.drplan.core.runbook.DrillChecklist;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.FakeCloudExtension;
import io.drplan.testkit.VirtualScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The main job: the runbook's Procedure 3 (full region failover) on the testkit's fake cloud in
 * virtual time. Prints the preview, the timeline and the RTO/RPO verdict, and writes the report
 * as JSON, Markdown and HTML under {@code target/drill/}.
 *
 * <p>Scenarios (first argument): {@code drill} (default: the quarterly DR drill: the primary
 * stays healthy, drplan fails over, verifies (backup audit, data integrity, application checks), and
 * fails back by the derived fail-back plan, {@link VibePlans#failback}), {@code outage} (us-east-1 goes down
 * and the plan fails over for real), {@code dr-outage} (us-west-2 goes down ten minutes in),
 * {@code throttling} (the restore is throttled three times). Exits non-zero unless the run
 * SUCCEEDED: see {@link ExitCode}.
 */
public final class RegionFailoverDrill {
    private RegionFailoverDrill() { }

    /**
     * Runs the scenario and writes the reports; exits with the {@link ExitCode} of the run's state
     * (0 only when it SUCCEEDED, 2 for an unknown scenario).
     */
    public static void main(String[] args) throws IOException {
        String scenario = args.length > 0 ? args[0] : "drill";
        if (!SCENARIOS.contains(scenario)) {
            System.err.println("unknown scenario '" + scenario + "'; use one of " + SCENARIOS);
            ExitCode.exit(ExitCode.USAGE);
            return;
        }
        Path out = Path.of(args.length > 1 ? args[1] : "target/drill");
        Drill d = drill(scenario, true);
        ExecutionReport report = d.report();
        ReportOptions options = ReportOptions.defaults().preview(d.preview());
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.json"), report.toJson());
        Files.writeString(out.resolve("report.md"), report.toMarkdown(options));
        Files.writeString(out.resolve("report.html"), report.toHtml(options));
        if (report.mode() == Mode.DRILL) {
            // the runbook's drill checklist, ticked from what the report proves; the rest is for people
            DrillChecklist checklist = DrillChecklist.evaluate(report);
            System.out.println(checklist);
            Files.writeString(out.resolve("checklist.md"), checklist.toMarkdown());
        }
        System.out.println("Reports written to " + out.toAbsolutePath() + "/report.{json,md,html}"
                + (report.mode() == Mode.DRILL ? " and checklist.md" : "") + "; open report.html in a browser");
        ExitCode code = ExitCode.of(report.state());
        if (code != ExitCode.SUCCEEDED) {
            System.out.println("Exit code " + code.code() + " (" + report.state() + ")");
        }
        ExitCode.exit(code);
    }

    /** The scenarios main knows. */
    public static final List<String> SCENARIOS = List.of("drill", "outage", "dr-outage", "throttling");

    private record Drill(PlanPreview preview, ExecutionReport report) { }

    /** Runs a scenario on a fresh fake cloud and returns the report; prints when {@code print}. */
    public static ExecutionReport run(String scenario, boolean print) {
        return drill(scenario, print).report();
    }

    private static Drill drill(String scenario, boolean print) {
        VirtualScheduler time = VirtualScheduler.create();
        FakeCloud cloud = FakeCloud.vibePlatform(time);
        DrEngine engine = FakeCloudExtension.engineFor(cloud);
        Secret password = Secret.named("db-password", "example-only-password");
        DrPlan plan = VibePlans.regionFailover(password);
        Mode mode = Mode.EXECUTE;
        switch (scenario) {
            case "drill" -> {
                // the drill plan: Procedure 3 plus the checklist's backup audit and data integrity check
                plan = VibePlans.regionFailoverDrill(password);
                mode = Mode.DRILL;
            }
            case "outage" -> cloud.region(Region.of(VibePlans.PRIMARY)).goDown();
            case "dr-outage" -> {
                cloud.region(Region.of(VibePlans.PRIMARY)).goDown();
                cloud.region(Region.of(VibePlans.DR)).goDownAfter(java.time.Duration.ofMinutes(10));
            }
            case "throttling" -> {
                cloud.region(Region.of(VibePlans.PRIMARY)).goDown();
                cloud.faults().throttleNext(3, "rds:RestoreDBInstanceFromDBSnapshot");
            }
            default -> throw new IllegalArgumentException("unknown scenario '" + scenario + "'; use one of "
                    + SCENARIOS);
        }
        PlanPreview preview = engine.preview(plan);
        if (print) {
            System.out.println(preview);
        }
        // the drill fails back by a plan of its own (DNS, configuration, DR workloads, DR database), refused when
        // the DR database took writes the primary lacks
        ExecutionReport report = mode == Mode.DRILL ? engine.drill(plan, VibePlans.failback(password))
                : time.await(engine.start(plan, mode, RunOptions.defaults()).result());
        if (print) {
            System.out.println(report);
        }
        return new Drill(preview, report);
    }
}
