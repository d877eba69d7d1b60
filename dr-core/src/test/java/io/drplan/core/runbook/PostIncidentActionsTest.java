package io.drplan.core.runbook;

import static io.drplan.core.runbook.PostIncidentActions.Action.BEGIN_RCA;
import static io.drplan.core.runbook.PostIncidentActions.Action.COMPLETE_RCA;
import static io.drplan.core.runbook.PostIncidentActions.Action.DOCUMENT_TIMELINE;
import static io.drplan.core.runbook.PostIncidentActions.Action.IDENTIFY_PREVENTIVE_MEASURES;
import static io.drplan.core.runbook.PostIncidentActions.Action.NOTIFY_STAKEHOLDERS;
import static io.drplan.core.runbook.PostIncidentActions.Action.PRESERVE_LOGS;
import static io.drplan.core.runbook.PostIncidentActions.Action.TEAM_DEBRIEF;
import static io.drplan.core.runbook.PostIncidentActions.Action.UPDATE_RUNBOOKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.IncidentTier;
import io.drplan.core.Mode;
import io.drplan.core.Roles;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.Verdict;
import io.drplan.core.runbook.PostIncidentActions.Action;
import io.drplan.core.runbook.PostIncidentActions.Status;
import io.drplan.core.runbook.PostIncidentActions.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostIncidentActionsTest {
    private static final Instant START = Reports.T0;
    private static final String PRESERVE = "Preserve logs and events of vibe-production on dr-cluster in /var/dr/evidence";

    private static ExecutionReport incident(IncidentTier tier, List<StepReport> steps) {
        ExecutionReport b = Reports.report(Mode.EXECUTE, ExecutionState.SUCCEEDED, Verdict.MET, false,
                Duration.ofMinutes(40), steps);
        return new ExecutionReport(b.executionId(), b.planName(), b.mode(), b.source(), b.target(), tier,
                b.objectives(), b.incidentStartedAt(), b.startedAt(), b.finishedAt(), b.recoveredAt(), b.state(),
                b.verdict(), b.achievedRto(), b.restorePoint(), b.rpo(), b.criticalPath(), false, b.steps(), List.of());
    }

    private static List<StepReport> withPreserve(StepOutcome outcome) {
        List<StepReport> steps = new ArrayList<>(Reports.procedure3());
        steps.add(Reports.step("preserve-logs", PRESERVE, outcome, 30, 1));
        return steps;
    }

    @Test
    void of_criticalIncident_ownersFromTheEscalationAndDueAtTheEndOfEachWindow() {
        PostIncidentActions a = PostIncidentActions.of(incident(IncidentTier.CRITICAL, Reports.procedure3()));

        assertThat(a.tasks()).extracting(t -> t.action().text(), Task::owner, Task::due, Task::status).containsExactly(
                tuple("Document timeline of events", Roles.ON_CALL, Instant.parse("2026-01-01T04:00:00Z"), Status.DONE),
                tuple("Preserve logs and metrics", Roles.ON_CALL, Instant.parse("2026-01-01T04:00:00Z"), Status.OPEN),
                tuple("Notify stakeholders", Roles.ENGINEERING_MANAGER, Instant.parse("2026-01-01T04:00:00Z"),
                        Status.OPEN),
                tuple("Begin root cause analysis", Roles.DEVOPS_LEAD, Instant.parse("2026-01-01T04:00:00Z"),
                        Status.OPEN),
                tuple("Complete RCA document", Roles.DEVOPS_LEAD, Instant.parse("2026-01-04T00:00:00Z"), Status.OPEN),
                tuple("Identify preventive measures", Roles.DEVOPS_LEAD, Instant.parse("2026-01-04T00:00:00Z"),
                        Status.OPEN),
                tuple("Update runbooks", Roles.DEVOPS_LEAD, Instant.parse("2026-01-04T00:00:00Z"), Status.OPEN),
                tuple("Conduct team debrief", Roles.DEVOPS_LEAD, Instant.parse("2026-01-04T00:00:00Z"), Status.OPEN),
                tuple("Implement preventive measures", Roles.DEVOPS_LEAD, Instant.parse("2026-01-15T00:00:00Z"),
                        Status.OPEN),
                tuple("Update monitoring and alerting", Roles.ON_CALL, Instant.parse("2026-01-15T00:00:00Z"),
                        Status.OPEN),
                tuple("Test failover procedures", Roles.DEVOPS_LEAD, Instant.parse("2026-01-15T00:00:00Z"),
                        Status.OPEN),
                tuple("Update documentation", Roles.ON_CALL, Instant.parse("2026-01-15T00:00:00Z"), Status.OPEN));
        assertThat(a.task(DOCUMENT_TIMELINE).evidence()).isEqualTo("the report is the timeline: 11 steps from"
                + " 2026-01-01T00:00:00Z to 2026-01-01T00:31:00Z");
        assertThat(a.task(PRESERVE_LOGS).evidence()).isEqualTo("no step preserved logs");
    }

    @Test
    void of_majorIncident_devOpsLeadTellsStakeholders() {
        PostIncidentActions a = PostIncidentActions.of(incident(IncidentTier.MAJOR, Reports.procedure3()));

        assertThat(a.task(NOTIFY_STAKEHOLDERS).owner()).isEqualTo(Roles.DEVOPS_LEAD);
        assertThat(a.task(BEGIN_RCA).owner()).isEqualTo(Roles.DEVOPS_LEAD);
        assertThat(a.task(DOCUMENT_TIMELINE).owner()).isEqualTo(Roles.ON_CALL);
    }

    @Test
    void of_minorIncident_onCallOwnsEverything() {
        PostIncidentActions a = PostIncidentActions.of(incident(IncidentTier.MINOR, Reports.procedure3()));

        assertThat(a.tasks()).extracting(Task::owner).containsOnly(Roles.ON_CALL);
    }

    @Test
    void of_preserveLogsStepSucceeded_done() {
        PostIncidentActions a = PostIncidentActions.of(incident(IncidentTier.CRITICAL,
                withPreserve(StepOutcome.SUCCEEDED)));

        assertThat(a.task(PRESERVE_LOGS).status()).isEqualTo(Status.DONE);
        assertThat(a.task(PRESERVE_LOGS).evidence()).isEqualTo("preserve-logs: " + PRESERVE);
    }

    @Test
    void of_preserveLogsStepFailed_openWithWhy() {
        PostIncidentActions a = PostIncidentActions.of(incident(IncidentTier.CRITICAL,
                withPreserve(StepOutcome.FAILED)));

        assertThat(a.task(PRESERVE_LOGS).status()).isEqualTo(Status.OPEN);
        assertThat(a.task(PRESERVE_LOGS).evidence()).isEqualTo("preserve-logs failed: region us-west-2 is down");
    }

    @Test
    void of_drillReport_accepted() {
        PostIncidentActions a = PostIncidentActions.of(Reports.passedDrill());

        assertThat(a.incidentStartedAt()).isEqualTo(START);
        assertThat(a.tier()).isEqualTo(IncidentTier.CRITICAL);
    }

    @Test
    void of_noIncidentStart_rejected() {
        ExecutionReport b = Reports.passedDrill();
        ExecutionReport r = new ExecutionReport(b.executionId(), b.planName(), b.mode(), b.source(), b.target(),
                b.tier(), b.objectives(), null, b.startedAt(), b.finishedAt(), b.recoveredAt(), b.state(),
                b.verdict(), b.achievedRto(), b.restorePoint(), b.rpo(), b.criticalPath(), true, b.steps(), List.of());

        assertThatThrownBy(() -> PostIncidentActions.of(r))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("report.incidentStartedAt() must be set but was null (execution exec-1);"
                        + " pass the report the engine returned");
    }

    @Test
    void overdue_exactlyAtTheImmediateDeadline_nothing() {
        PostIncidentActions a = PostIncidentActions.of(incident(IncidentTier.CRITICAL, Reports.procedure3()));

        assertThat(a.overdue(Instant.parse("2026-01-01T04:00:00Z"))).isEmpty();
    }

    @Test
    void overdue_justAfterTheImmediateDeadline_openImmediateActions() {
        PostIncidentActions a = PostIncidentActions.of(incident(IncidentTier.CRITICAL, Reports.procedure3()));

        assertThat(a.overdue(Instant.parse("2026-01-01T04:00:00.000000001Z"))).extracting(Task::action)
                .containsExactly(PRESERVE_LOGS, NOTIFY_STAKEHOLDERS, BEGIN_RCA);
    }

    @Test
    void overdue_afterTicking_onlyWhatIsStillOpen() {
        PostIncidentActions a = PostIncidentActions.of(incident(IncidentTier.CRITICAL, Reports.procedure3()))
                .tick(NOTIFY_STAKEHOLDERS, "status page and email at 00:20")
                .tick(PRESERVE_LOGS, "CloudWatch export to s3://vibe-evidence/2026-01-01")
                .tick(BEGIN_RCA, "RCA-42 opened")
                .tick(COMPLETE_RCA, "RCA-42 published");

        assertThat(a.overdue(Instant.parse("2026-01-04T00:00:01Z"))).extracting(Task::action)
                .containsExactly(IDENTIFY_PREVENTIVE_MEASURES, UPDATE_RUNBOOKS, TEAM_DEBRIEF);
        assertThat(a.task(COMPLETE_RCA).evidence()).isEqualTo("RCA-42 published");
    }

    @Test
    void overdue_afterTwoWeeks_everyOpenAction() {
        PostIncidentActions a = PostIncidentActions.of(incident(IncidentTier.CRITICAL, Reports.procedure3()));

        assertThat(a.overdue(Instant.parse("2026-01-15T00:00:01Z"))).hasSize(11).isEqualTo(a.open());
    }

    @Test
    void tick_blankEvidence_rejected() {
        PostIncidentActions a = PostIncidentActions.of(Reports.passedDrill());

        assertThatThrownBy(() -> a.tick(Action.TEAM_DEBRIEF, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("evidence for TEAM_DEBRIEF must not be blank but was '';"
                        + " say what was done, e.g. \"RCA-42 published\"");
    }

    @Test
    void toMarkdown_taskListPerPhaseWithOwnerDueAndEvidence() {
        PostIncidentActions a = PostIncidentActions.of(incident(IncidentTier.CRITICAL,
                withPreserve(StepOutcome.SUCCEEDED))).tick(NOTIFY_STAKEHOLDERS, "status page updated");

        assertThat(a.toMarkdown()).isEqualTo("""
                # Post-Incident Procedures: vibe-region-failover

                Incident started 2026-01-01T00:00:00Z (CRITICAL), execution `exec-1`.

                ## Immediate Actions (0-4 hours), due 2026-01-01T04:00:00Z
                - [x] Document timeline of events (owner: Platform Engineer (on-call)): the report is the timeline: \
                12 steps from 2026-01-01T00:00:00Z to 2026-01-01T00:31:00Z
                - [x] Preserve logs and metrics (owner: Platform Engineer (on-call)): preserve-logs: Preserve logs and \
                events of vibe-production on dr-cluster in /var/dr/evidence
                - [x] Notify stakeholders (owner: Engineering Manager): status page updated
                - [ ] Begin root cause analysis (owner: DevOps Lead)

                ## Follow-up Actions (24-72 hours), due 2026-01-04T00:00:00Z
                - [ ] Complete RCA document (owner: DevOps Lead)
                - [ ] Identify preventive measures (owner: DevOps Lead)
                - [ ] Update runbooks (owner: DevOps Lead)
                - [ ] Conduct team debrief (owner: DevOps Lead)

                ## Long-term Actions (1-2 weeks), due 2026-01-15T00:00:00Z
                - [ ] Implement preventive measures (owner: DevOps Lead)
                - [ ] Update monitoring and alerting (owner: Platform Engineer (on-call))
                - [ ] Test failover procedures (owner: DevOps Lead)
                - [ ] Update documentation (owner: Platform Engineer (on-call))
                """);
    }

    @Test
    void toString_oneLinePerAction() {
        assertThat(PostIncidentActions.of(Reports.passedDrill()).toString()).contains(
                "  Notify stakeholders (Engineering Manager, due 2026-01-01T04:00:00Z): OPEN\n",
                "  Preserve logs and metrics (Platform Engineer (on-call), due 2026-01-01T04:00:00Z): OPEN,"
                        + " no step preserved logs\n");
    }
}
