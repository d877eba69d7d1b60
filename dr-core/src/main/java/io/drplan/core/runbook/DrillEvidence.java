package io.drplan.core.runbook;

import io.drplan.core.Durations;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.runbook.DrillChecklist.Check;
import io.drplan.core.runbook.DrillChecklist.Item;
import io.drplan.core.runbook.DrillChecklist.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The evidence rules of {@link DrillChecklist}: how each item is ticked from a drill's report. */
final class DrillEvidence {
    private static final Set<StepKind> READINESS = EnumSet.of(StepKind.IMAGES, StepKind.BUCKET, StepKind.TERRAFORM,
            StepKind.REGION_UP, StepKind.NODES, StepKind.API_SERVER);
    private static final Set<StepKind> APPLICATION = EnumSet.of(StepKind.TARGETS, StepKind.PODS, StepKind.SERVICES,
            StepKind.HTTP);

    private DrillEvidence() { }

    static Check check(Item item, ExecutionReport r) {
        return switch (item) {
            case NOTIFY_STAKEHOLDERS -> manual(item, "tell everyone the drill affects, before it starts");
            case VERIFY_BACKUP_INTEGRITY -> backups(r);
            case CONFIRM_DR_ENVIRONMENT -> group(item, r, READINESS, "the plan checks no DR readiness (images,"
                    + " buckets, Terraform, region up, nodes, API server); confirm it by hand");
            case PREPARE_RUNBOOKS -> manual(item, "have the runbook and this plan at hand");
            case SET_UP_MONITORING -> manual(item, "watch dashboards and alerts during the drill");
            case EXECUTE_FAILOVER -> execution(r);
            case DOCUMENT_STEP_TIMES -> timeline(r);
            case NOTE_ISSUES -> issues(r);
            case VERIFY_DATA_INTEGRITY -> dataIntegrity(r);
            case TEST_APPLICATION -> group(item, r, APPLICATION, "the plan checks no application (HTTP, pods,"
                    + " services, load balancer targets); test it by hand");
            case ROLLBACK_TO_PRIMARY -> rollback(r);
            case DOCUMENT_LESSONS -> manual(item, "write down what went well and what did not");
            case UPDATE_PROCEDURES -> manual(item, "change the runbook and the plan where the drill showed gaps");
            case SHARE_FINDINGS -> manual(item, "share this checklist and the drill report with the team");
            case SCHEDULE_IMPROVEMENTS -> manual(item, "put the follow-up work on the backlog with owners and dates");
        };
    }

    private static Check manual(Item item, String what) {
        return new Check(item, Status.MANUAL, what);
    }

    private static List<StepReport> ofKinds(ExecutionReport r, Set<StepKind> kinds) {
        return r.steps().stream().filter(s -> kinds.contains(StepKind.of(s))).toList();
    }

    private static String notRan(List<StepReport> steps) {
        return steps.stream().filter(s -> !StepKind.ran(s)).map(StepKind::whyNot).collect(Collectors.joining("; "));
    }

    private static Check backups(ExecutionReport r) {
        Item item = Item.VERIFY_BACKUP_INTEGRITY;
        List<StepReport> steps = ofKinds(r, EnumSet.of(StepKind.DB_RESTORE, StepKind.BACKUP_FRESHNESS));
        if (steps.isEmpty()) {
            return manual(item, "the plan neither restores nor checks a backup; restore one by hand");
        }
        String failed = notRan(steps);
        if (!failed.isEmpty()) {
            return new Check(item, Status.FAILED, failed);
        }
        return new Check(item, Status.DONE, steps.stream().map(s -> {
            Object snap = s.outputs().get("snapshotId");
            if (StepKind.of(s) == StepKind.BACKUP_FRESHNESS) {
                return s.id() + " found " + s.description().substring("Verify backup integrity: ".length())
                        + (snap == null ? "" : " (" + snap + ")");
            }
            Object from = s.outputs().get("sourceId");
            String kind = "REPLICATED_BACKUPS".equals(s.outputs().get("source")) ? "automated backups "
                    : "READ_REPLICA".equals(s.outputs().get("source")) ? "read replica " : "";
            return s.id() + " restored " + (snap != null ? "snapshot " + snap : from != null ? kind + from
                    : "its snapshot");
        }).collect(Collectors.joining("; ")));
    }

    private static Check group(Item item, ExecutionReport r, Set<StepKind> kinds, String none) {
        List<StepReport> steps = ofKinds(r, kinds);
        if (steps.isEmpty()) {
            return manual(item, none);
        }
        String failed = notRan(steps);
        if (!failed.isEmpty()) {
            return new Check(item, Status.FAILED, failed);
        }
        return new Check(item, Status.DONE, "succeeded: " + steps.stream().map(s -> {
            String summary = Text.summary(s.outputs());
            return summary == null ? s.id() : s.id() + " (" + summary + ")";
        }).collect(Collectors.joining(", ")));
    }

    private static Check execution(ExecutionReport r) {
        Item item = Item.EXECUTE_FAILOVER;
        List<StepReport> steps = r.steps();
        if (steps.isEmpty()) {
            return new Check(item, Status.FAILED, "the plan has no steps");
        }
        long ran = steps.stream().filter(StepKind::ran).count();
        if (ran == steps.size()) {
            return new Check(item, Status.DONE, ran + (ran == 1 ? " step" : " steps") + " succeeded");
        }
        List<String> why = new ArrayList<>();
        steps.stream().filter(s -> s.outcome() == StepOutcome.FAILED || s.outcome() == StepOutcome.CANCELLED)
                .map(StepKind::whyNot).forEach(why::add);
        why.add(ran + " of " + steps.size() + " steps succeeded");
        long notRun = steps.stream().filter(s -> s.outcome() == StepOutcome.NOT_RUN).count();
        if (notRun > 0) {
            why.add(notRun + " did not run");
        }
        return new Check(item, Status.FAILED, String.join("; ", why));
    }

    private static Check timeline(ExecutionReport r) {
        Item item = Item.DOCUMENT_STEP_TIMES;
        List<StepReport> timed = r.steps().stream().filter(s -> s.duration() != null).toList();
        if (timed.isEmpty()) {
            return new Check(item, Status.FAILED, "no step started, so the report has no timeline");
        }
        StepReport longest = timed.stream().max(Comparator.comparing(StepReport::duration)).orElseThrow();
        return new Check(item, Status.DONE, "the report's timeline: " + timed.size()
                + (timed.size() == 1 ? " step" : " steps") + " timed, the longest " + longest.id() + " "
                + Durations.format(longest.duration()));
    }

    private static Check issues(ExecutionReport r) {
        List<String> issues = new ArrayList<>();
        for (StepReport s : r.steps()) {
            if (s.error() != null) {
                issues.add(s.id() + " failed: " + s.error());
            }
            if (s.attempts() > 1) {
                issues.add(s.id() + " took " + s.attempts() + " attempts");
            }
            for (String n : s.notes()) {
                issues.add(s.id() + ": " + n);
            }
            if (s.compensationError() != null) {
                issues.add("undoing " + s.id() + " failed: " + s.compensationError());
            }
        }
        issues.addAll(r.notes());
        return new Check(Item.NOTE_ISSUES, Status.DONE, issues.isEmpty()
                ? "none: no step failed, retried or left a note"
                : issues.size() + " noted in the report: " + String.join("; ", issues));
    }

    private static Check dataIntegrity(ExecutionReport r) {
        Item item = Item.VERIFY_DATA_INTEGRITY;
        List<StepReport> restores = ofKinds(r, EnumSet.of(StepKind.DB_RESTORE));
        if (restores.isEmpty()) {
            return manual(item, "the plan restores no data; check its integrity by hand");
        }
        String failed = notRan(restores);
        if (!failed.isEmpty()) {
            return new Check(item, Status.FAILED, failed);
        }
        if (r.rpo() == null) {
            return manual(item, "the restore reported no restore point; check the data by hand");
        }
        String age = "restore point " + Durations.format(r.rpo()) + " old, RPO " + Durations.format(r.objectives().rpo());
        return r.metRpo() ? new Check(item, Status.DONE, age)
                : new Check(item, Status.FAILED, age + ": older than the objective");
    }

    private static Check rollback(ExecutionReport r) {
        Item item = Item.ROLLBACK_TO_PRIMARY;
        List<String> undone = r.steps().stream().filter(s -> s.outcome() == StepOutcome.COMPENSATED)
                .map(StepReport::id).toList();
        String list = undone.isEmpty() ? "nothing needed undoing" : "undid " + String.join(", ", undone);
        if (r.failedBack()) {
            return new Check(item, Status.DONE, "failed back; " + list);
        }
        List<String> broken = r.steps().stream().filter(s -> s.compensationError() != null)
                .map(s -> "undoing " + s.id() + " failed: " + s.compensationError()).toList();
        if (!broken.isEmpty()) {
            return new Check(item, Status.FAILED, String.join("; ", broken) + "; people must finish the rollback");
        }
        if (r.state() == ExecutionState.COMPENSATED) {
            return new Check(item, Status.DONE, "rolled back after the failure; " + list);
        }
        return new Check(item, Status.FAILED, "the drill ended " + r.state() + " without failing back; roll back"
                + " by hand");
    }
}
