package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.IncidentTier;
import io.drplan.core.Mode;
import io.drplan.core.Objectives;
import io.drplan.core.PlanPreview;
import io.drplan.core.Region;
import io.drplan.core.ReportOptions;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The HTML report parsed by a real HTML5 parser (jsoup), and its Markdown, as people read them. */
class ReportRendererTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String HOSTILE = "<script>alert('x')</script> | `rm -rf /` | **bold**";

    private static StepReport step(String id, StepOutcome outcome, long startMin, long minutes, int attempts,
                                   String error, List<String> notes, Instant compensatedAt, String... after) {
        return new StepReport(id, "Do " + id, outcome, T0.plus(Duration.ofMinutes(startMin)),
                T0.plus(Duration.ofMinutes(startMin + minutes)), attempts, Map.of("rds:Describe", attempts), error,
                notes, Map.of(), compensatedAt, null, List.of(after));
    }

    /** A drill: verify, then restore (3 attempts) and terraform in parallel, then dns; failed back. */
    private static ExecutionReport drill(List<String> restoreNotes) {
        Instant undone = T0.plus(Duration.ofMinutes(40));
        List<StepReport> steps = List.of(
                step("verify-primary", StepOutcome.SUCCEEDED, 0, 1, 1, null,
                        List.of("region us-east-1 is healthy; continuing because the run is a drill"), null),
                step("activate-dr-infra", StepOutcome.SUCCEEDED, 1, 12, 1, null, List.of(), null, "verify-primary"),
                step("restore-db", StepOutcome.COMPENSATED, 1, 25, 3, null, restoreNotes, undone, "verify-primary"),
                step("dns-failover", StepOutcome.COMPENSATED, 26, 2, 1, null, List.of(), undone, "restore-db",
                        "activate-dr-infra"));
        return new ExecutionReport("exec-1", "vibe-region-failover", Mode.DRILL, Region.of("us-east-1"),
                Region.of("us-west-2"), IncidentTier.CRITICAL, Objectives.RUNBOOK_DEFAULTS, T0, T0,
                T0.plus(Duration.ofMinutes(40)), T0.plus(Duration.ofMinutes(28)), ExecutionState.SUCCEEDED,
                Verdict.MET, Duration.ofMinutes(28), T0.minus(Duration.ofMinutes(40)), Duration.ofMinutes(40),
                Duration.ofMinutes(28), true, steps, List.of());
    }

    /** The same run failed in dns-failover, with an error, for real (not a drill). */
    private static ExecutionReport failed() {
        ExecutionReport d = drill(List.of());
        List<StepReport> steps = List.of(d.steps().get(0), d.steps().get(1), d.steps().get(2),
                step("dns-failover", StepOutcome.FAILED, 26, 2, 4, "Throttling: rate exceeded " + HOSTILE, List.of(),
                        null, "restore-db", "activate-dr-infra"));
        return new ExecutionReport("exec-2", d.planName(), Mode.EXECUTE, d.source(), d.target(), d.tier(),
                d.objectives(), T0, T0, T0.plus(Duration.ofMinutes(40)), null, ExecutionState.COMPENSATED,
                Verdict.FAILED, null, d.restorePoint(), d.rpo(), d.criticalPath(), false, steps, List.of());
    }

    private static PlanPreview preview() {
        DrPlan plan = DrPlan.region("us-east-1").failoverTo("us-west-2").named("vibe-region-failover")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production").as("vibe-postgres-dr")
                        .subnetGroup("vibe-db-subnet-group-dr"))
                .step("dns-failover", s -> s.dnsFailover("Z0VIBEDEV0001", "api.vibe.dev").primary("alb.example.com")
                        .after("restore-db"))
                .build();
        return plan.preview().withPermissions(List.of("rds:RestoreDBInstanceFromDBSnapshot",
                "route53:ChangeResourceRecordSets"));
    }

    @Test
    void html_drill_showsWhatTheIncidentCommanderAndTheAuditorAskFor() {
        ExecutionReport r = drill(List.of("snapshot rds:vibe-2025-12-31-23-20 chosen"));

        Document doc = Jsoup.parse(r.toHtml(ReportOptions.defaults().preview(preview())));

        // self-contained: nothing to fetch, nothing to run
        assertThat(doc.select("script, link, img, iframe, object, embed")).isEmpty();
        assertThat(doc.select("[src], [href]")).isEmpty();
        assertThat(doc.html()).doesNotContain("http://", "https://").doesNotContain("url(");
        // the verdict and state up front
        assertThat(doc.select("#verdict").text()).isEqualTo("MET");
        assertThat(doc.select("#state").text()).isEqualTo("SUCCEEDED");
        // a time axis, from +0ms at round intervals
        List<String> ticks = doc.select("#timeline-chart .time-axis text.tick").eachText();
        assertThat(ticks).startsWith("+0ms", "+5m 00s", "+10m 00s").hasSizeBetween(5, 11);
        // the critical path: the chain the run waited for (verify, restore, dns), outlined
        assertThat(doc.select("#timeline-chart g.step.critical").eachAttr("data-step"))
                .containsExactly("verify-primary", "restore-db", "dns-failover");
        assertThat(doc.select("#steps-table tr.critical").eachAttr("id"))
                .containsExactly("step-verify-primary", "step-restore-db", "step-dns-failover");
        // the RTO objective as a line (4h: on the budget track; far past the 40-minute timeline, named at its edge)
        assertThat(doc.select("#rto-budget line.rto-objective")).hasSize(1);
        assertThat(doc.select("#timeline-chart .rto-beyond").text()).isEqualTo("RTO objective at +4h 00m →");
        assertThat(doc.select("#timeline-chart line.recovered")).hasSize(1);
        assertThat(doc.select("#rto").text()).contains("4h 00m", "28m 00s", "met");
        // RPO: restore point and its age
        assertThat(doc.select("#restore-point").text()).isEqualTo("2025-12-31T23:20:00Z");
        assertThat(doc.select("#restore-point-age").text()).isEqualTo("40m 00s");
        // each step's attempts, calls and notes
        Element restore = doc.selectFirst("#step-restore-db");
        assertThat(restore.select("td.attempts").text()).isEqualTo("3");
        assertThat(restore.select("ul.calls li").text()).isEqualTo("rds:Describe × 3");
        assertThat(restore.select("li.note").text()).isEqualTo("snapshot rds:vibe-2025-12-31-23-20 chosen");
        assertThat(doc.select("#step-verify-primary li.note").text())
                .isEqualTo("region us-east-1 is healthy; continuing because the run is a drill");
        // the fail-back
        assertThat(doc.select("#failback p").first().text()).startsWith("Done");
        assertThat(doc.select("#compensation tr td:first-child").eachText()).containsExactly("restore-db", "dns-failover");
        // the drill checklist, evaluated from the report: the runbook's 15 items
        assertThat(doc.select("#checklist-table tr.check")).hasSize(15);
        assertThat(doc.select("#checklist-table tr.check-done").size()).isGreaterThan(0);
        // the preview: API calls and IAM actions
        assertThat(doc.select("#preview-steps tr").get(1).text()).contains("restore-db", "rds:RestoreDBInstanceFromDBSnapshot");
        assertThat(doc.select("#permissions li").eachText())
                .containsExactly("rds:RestoreDBInstanceFromDBSnapshot", "route53:ChangeResourceRecordSets");
    }

    @Test
    void html_failedRun_showsTheErrorAndWhatWasUndone() {
        Document doc = Jsoup.parse(failed().toHtml());

        assertThat(doc.select("#verdict").text()).isEqualTo("FAILED");
        assertThat(doc.select("#step-dns-failover td.outcome").text()).isEqualTo("FAILED");
        assertThat(doc.select("#step-dns-failover td.attempts").text()).isEqualTo("4");
        assertThat(doc.select("#step-dns-failover div.error").text()).isEqualTo("Throttling: rate exceeded " + HOSTILE);
        assertThat(doc.select("#failback h2").text()).isEqualTo("Compensation");
        assertThat(doc.select("#rto").text()).contains("not recovered");
        assertThat(doc.select("#checklist")).isEmpty();   // not a drill
        assertThat(doc.select("#preview")).isEmpty();     // no preview given
    }

    @Test
    void hostileText_staysText_inHtmlAndMarkdown() {
        ExecutionReport r = drill(List.of(HOSTILE));

        Document doc = Jsoup.parse(r.toHtml());
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("#step-restore-db li.note").text()).isEqualTo(HOSTILE);

        String md = r.toMarkdown();
        String row = md.lines().filter(l -> l.startsWith("| **restore-db**")).findFirst().orElseThrow();
        assertThat(row).contains("&lt;script&gt;alert('x')&lt;/script&gt; \\| \\`rm -rf /\\` \\| \\*\\*bold\\*\\*")
                .doesNotContain("<script>");
        // the cell's pipes are escaped: the row keeps its 7 columns (8 unescaped pipes)
        assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(8);
        assertThat(failed().toMarkdown()).contains("error: Throttling: rate exceeded &lt;script&gt;");
    }

    @Test
    void markdown_hasTheRpoRestorePointTheCriticalPathTheFailbackAndTheChecklist() {
        String md = drill(List.of()).toMarkdown(ReportOptions.defaults().preview(preview()));

        assertThat(md).contains("| RPO | restore point 2025-12-31T23:20:00Z, 40m 00s old of 1h 00m: met (estimated) |",
                "| Measured data loss | not measured (no integrity check ran) |",
                "| Critical path | verify-primary → restore-db → dns-failover |",
                "## Fail-back\n\nDone", "## Drill checklist", "| Pre-Drill | Verify backup integrity |",
                "Permissions the run needs: `rds:RestoreDBInstanceFromDBSnapshot`, `route53:ChangeResourceRecordSets`");
    }

    @Test
    void rendering_isTheSameInEveryLocale() {
        ExecutionReport r = drill(List.of());
        String html = r.toHtml();
        String md = r.toMarkdown();
        String text = r.toString();
        Locale before = Locale.getDefault();
        try {
            for (Locale l : List.of(Locale.GERMANY, Locale.forLanguageTag("tr-TR"))) {
                Locale.setDefault(l);
                assertThat(r.toHtml()).as("html under %s", l).isEqualTo(html);
                assertThat(r.toMarkdown()).as("markdown under %s", l).isEqualTo(md);
                assertThat(r.toString()).as("text under %s", l).isEqualTo(text);
            }
        } finally {
            Locale.setDefault(before);
        }
        Document doc = Jsoup.parse(html);
        assertThat(doc.title()).startsWith("drplan drill: ");    // not "drıll" (Turkish dotless i)
        assertThat(doc.select("rect.bar").eachAttr("width")).allMatch(w -> w.matches("\\d+\\.\\d"));
        assertThat(doc.select("rect.outcome-compensated")).hasSize(2);
        assertThat(text).startsWith("drplan drill of vibe-region-failover");
    }

    @Test
    void rendering_underTurkishLocale_keepsAsciiClassNamesAndDotDecimals() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            Document doc = Jsoup.parse(failed().toHtml());
            assertThat(doc.select("td.outcome-failed")).hasSize(1);
            assertThat(doc.select("#verdict").hasClass("failed")).isTrue();
            Locale.setDefault(Locale.GERMANY);
            assertThat(Jsoup.parse(failed().toHtml()).select("rect.bar").eachAttr("x"))
                    .allMatch(x -> x.matches("\\d+\\.\\d"));
        } finally {
            Locale.setDefault(before);
        }
    }
}
