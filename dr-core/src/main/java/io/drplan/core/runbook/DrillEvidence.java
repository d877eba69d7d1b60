package io.drplan.core.runbook;

import io.drplan.core.Durations;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.runbook.DrillChecklist.Check;
import io.drplan.core.runbook.DrillChecklist.Item;
import io.drplan.core.runbook.DrillChecklist.Status;
import io.drplan.core.RunPhase;
import io.drplan.core.StepKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The evidence rules of {@link DrillChecklist}: how each item is ticked from a drill's report. */
final class DrillEvidence {
    private static final Set<StepKind> READINESS = EnumSet.of(StepKind.CHECK_IMAGES_REPLICATED,
            StepKind.CHECK_BUCKET_PROTECTION, StepKind.TERRAFORM, StepKind.VERIFY_REGION_UP, StepKind.CHECK_NODES,
            StepKind.CHECK_API_SERVER);
    private static final Set<StepKind> APPLICATION = EnumSet.of(StepKind.CHECK_TARGET_HEALTH, StepKind.CHECK_PODS,
            StepKind.CHECK_SERVICES, StepKind.CHECK_HTTP);

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

    /** The steps of {@code kinds} of the failover and verification phases (the drill's own, not its fail-back). */
    private static List<StepReport> ofKinds(ExecutionReport r, Set<StepKind> kinds) {
        return forward(r).stream().filter(s -> kinds.contains(s.kind())).toList();
    }

    private static List<StepReport> forward(ExecutionReport r) {
        return r.steps().stream().filter(s -> s.phase() != RunPhase.FAILBACK).toList();
    }

    private static String notRan(List<StepReport> steps) {
        return steps.stream().filter(s -> !s.ran()).map(DrillEvidence::whyNot).collect(Collectors.joining("; "));
    }

    /** Why a step did not succeed: "restore-db failed: region us-west-2 is down". */
    private static String whyNot(StepReport step) {
        return switch (step.outcome()) {
            case FAILED -> step.id() + " failed" + (step.error() == null ? "" : ": " + step.error());
            case CANCELLED -> step.id() + " was cancelled";
            case NOT_RUN -> step.id() + " did not run";
            default -> step.id() + " succeeded";
        };
    }

    private static List<String> findings(StepReport audit) {
        return audit.outputs().get("findings") instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of();
    }

    private static Check backups(ExecutionReport r) {
        Item item = Item.VERIFY_BACKUP_INTEGRITY;
        List<StepReport> audits = ofKinds(r, EnumSet.of(StepKind.AUDIT_BACKUPS));
        List<StepReport> restores = ofKinds(r, EnumSet.of(StepKind.RESTORE_DATABASE));
        List<StepReport> integrity = ofKinds(r, EnumSet.of(StepKind.CHECK_INTEGRITY));
        List<String> failed = new ArrayList<>();
        String notRan = notRan(audits);
        if (!notRan.isEmpty()) {
            failed.add(notRan);
        }
        for (StepReport a : audits) {
            List<String> found = findings(a);
            if (a.ran() && !found.isEmpty()) {
                failed.add(a.id() + " found " + found.size() + (found.size() == 1 ? " difference" : " differences")
                        + " from the backup policy: " + String.join("; ", found));
            }
        }
        boolean restoreTested = !restores.isEmpty() && !integrity.isEmpty();
        String broken = notRan(restores);
        if (!broken.isEmpty()) {
            failed.add(broken);
        }
        String unchecked = restoreTested ? notRan(integrity) : "";
        if (!unchecked.isEmpty()) {
            failed.add(unchecked);
        }
        if (!failed.isEmpty()) {
            return new Check(item, Status.FAILED, String.join("; ", failed));
        }
        List<String> evidence = new ArrayList<>();
        audits.forEach(a -> evidence.add(a.id() + " audited the backups against the policy: no findings"));
        if (restoreTested) {
            evidence.add("restore test: " + restores.stream().map(DrillEvidence::restored)
                    .collect(Collectors.joining(", ")) + ", and " + integrity.stream().map(StepReport::id)
                    .collect(Collectors.joining(", ")) + " found the data intact");
        }
        if (!evidence.isEmpty()) {
            return new Check(item, Status.DONE, String.join("; ", evidence));
        }
        List<StepReport> fresh = ofKinds(r, EnumSet.of(StepKind.CHECK_BACKUP_FRESHNESS));
        String seen = !restores.isEmpty() ? "the plan restores a backup but checks no integrity of the data restored"
                : !fresh.isEmpty() ? "the plan checks only the age of the newest snapshot"
                : "the plan neither audits the backups nor tests a restore";
        return manual(item, seen + "; add s.auditBackups(BackupPolicy.runbook(), resources) or a"
                + " s.checkIntegrity(..) after the restore, or restore a backup and check it by hand");
    }

    private static String restored(StepReport s) {
        Object snap = s.outputs().get("snapshotId");
        Object from = s.outputs().get("sourceId");
        String kind = "REPLICATED_BACKUPS".equals(s.outputs().get("source")) ? "automated backups "
                : "READ_REPLICA".equals(s.outputs().get("source")) ? "read replica " : "";
        return s.id() + " restored " + (snap != null ? "snapshot " + snap : from != null ? kind + from
                : "its backup");
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
        List<StepReport> steps = forward(r);
        if (steps.isEmpty()) {
            return new Check(item, Status.FAILED, "the plan has no steps");
        }
        long ran = steps.stream().filter(StepReport::ran).count();
        if (ran == steps.size()) {
            return new Check(item, Status.DONE, ran + (ran == 1 ? " step" : " steps") + " succeeded");
        }
        List<String> why = new ArrayList<>();
        steps.stream().filter(s -> s.outcome() == StepOutcome.FAILED || s.outcome() == StepOutcome.CANCELLED)
                .map(DrillEvidence::whyNot).forEach(why::add);
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
        List<StepReport> checks = ofKinds(r, EnumSet.of(StepKind.CHECK_INTEGRITY));
        String estimate = r.rpo() == null ? "" : "; restore point " + Durations.format(r.rpo()) + " old (estimated)";
        if (checks.isEmpty()) {
            return manual(item, "the plan checks no data (add s.checkIntegrity(..) after the restore); compare the"
                    + " restored data with the primary by hand" + estimate);
        }
        String failed = notRan(checks);
        if (!failed.isEmpty()) {
            return new Check(item, Status.FAILED, failed + estimate);
        }
        List<String> evidence = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (StepReport c : checks) {
            List<String> found = findings(c);
            Duration loss = c.durationOutput("measuredLoss").orElse(null);
            String line = c.id() + " against the " + c.outputs().getOrDefault("reference", "reference") + ": "
                    + (found.isEmpty() ? "intact" : found.size() + " differences: " + String.join("; ", found))
                    + (loss != null ? ", measured data loss " + Durations.format(loss) + " ("
                    + c.outputs().getOrDefault("rowsLost", 0) + " rows)" : "");
            if (!found.isEmpty() || Boolean.FALSE.equals(c.outputs().get("intact"))) {
                problems.add(line);
            } else if (loss != null && loss.compareTo(r.objectives().rpo()) > 0) {
                problems.add(line + " exceeds the RPO of " + Durations.format(r.objectives().rpo()));
            } else {
                evidence.add(line);
            }
        }
        if (!problems.isEmpty()) {
            return new Check(item, Status.FAILED, String.join("; ", problems) + estimate);
        }
        return new Check(item, Status.DONE, String.join("; ", evidence) + ", RPO "
                + Durations.format(r.objectives().rpo()) + estimate);
    }

    private static Check rollback(ExecutionReport r) {
        Item item = Item.ROLLBACK_TO_PRIMARY;
        List<StepReport> failback = r.steps().stream().filter(s -> s.phase() == RunPhase.FAILBACK).toList();
        List<String> broken = r.steps().stream().filter(s -> s.compensationError() != null)
                .map(s -> "undoing " + s.id() + " failed: " + s.compensationError()).toList();
        if (!failback.isEmpty()) {
            String why = failback.stream().filter(s -> s.outcome() != StepOutcome.SUCCEEDED)
                    .map(DrillEvidence::whyNot).collect(Collectors.joining("; "));
            if (why.isEmpty() && r.failedBack() && broken.isEmpty()) {
                return new Check(item, Status.DONE, "the fail-back plan succeeded: " + failback.stream()
                        .map(StepReport::id).collect(Collectors.joining(", ")));
            }
            List<String> all = new ArrayList<>();
            if (!why.isEmpty()) {
                all.add("the fail-back plan did not finish: " + why);
            }
            all.addAll(broken);
            return new Check(item, Status.FAILED, (all.isEmpty() ? "the fail-back plan did not succeed" :
                    String.join("; ", all)) + "; people must finish the rollback");
        }
        if (!broken.isEmpty()) {
            return new Check(item, Status.FAILED, String.join("; ", broken) + "; people must finish the rollback");
        }
        List<String> undone = r.steps().stream().filter(s -> s.outcome() == StepOutcome.COMPENSATED)
                .map(StepReport::id).toList();
        if (r.state() == ExecutionState.FAILED || r.state() == ExecutionState.CANCELLED
                || r.state() == ExecutionState.SUCCEEDED && !r.failedBack()) {
            return new Check(item, Status.FAILED, "the drill ended " + r.state() + " without failing back; roll back"
                    + " by hand");
        }
        return manual(item, "no fail-back plan ran: the drill only undid "
                + (undone.isEmpty() ? "nothing" : String.join(", ", undone))
                + " by compensation, which does not undo rollout restarts or Terraform; check the primary serves"
                + " again, or drill with a fail-back plan (FailbackPlan.of(plan))");
    }
}
