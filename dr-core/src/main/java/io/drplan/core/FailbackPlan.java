package io.drplan.core;

import io.drplan.core.step.IntegrityStep;
import io.drplan.core.step.SecretUpdateStep;
import io.drplan.core.step.Step;
import io.drplan.core.step.StepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The way back to the primary region, as a plan of its own derived from a failover plan and the
 * report of its execution: an optional guard (the DR database must hold no writes newer than the
 * primary's, or the fail-back is refused unless {@link #force forced}), then DNS back to the records the
 * failover replaced (read from its report), configuration back (from the backup Secret in which the
 * failover's secret update kept the previous values, named in its report: a reference, never a value;
 * {@link #restoreSecret} gives a key another value instead), the DR workloads the
 * failover restarted scaled down, and each DR database it restored removed after a final snapshot (or
 * snapshotted and {@link #keepDrDatabase kept}). Immutable; {@link #plan} builds the plan, which
 * previews like any other.
 *
 * <pre>{@code
 * FailbackPlan back = FailbackPlan.of(failover)
 *     .guard(s -> s.checkIntegrity(Database.of(drUrl, "vibe", pw)).reference(Database.of(primaryUrl, "vibe", pw))
 *         .table(orders));
 * ExecutionReport drill = engine.drill(failover, back);     // failover, verification, fail-back
 * }</pre>
 */
public final class FailbackPlan {
    private final DrPlan failover;
    private final Function<StepSpec, IntegrityStep> guard;
    private final boolean force;
    private final boolean keepDrDatabase;
    private final int drReplicas;
    private final Map<String, SecretTemplate> secrets;

    private FailbackPlan(DrPlan failover, Function<StepSpec, IntegrityStep> guard, boolean force,
                         boolean keepDrDatabase, int drReplicas, Map<String, SecretTemplate> secrets) {
        this.failover = failover;
        this.guard = guard;
        this.force = force;
        this.keepDrDatabase = keepDrDatabase;
        this.drReplicas = drReplicas;
        this.secrets = Map.copyOf(secrets);
    }

    /** The fail-back of {@code failover}: DNS and secrets back, DR workloads to 0 replicas, DR databases removed. */
    public static FailbackPlan of(DrPlan failover) {
        Objects.requireNonNull(failover, "failover: pass the failover plan the fail-back undoes");
        return new FailbackPlan(failover, null, false, false, 0, Map.of());
    }

    /**
     * The check before anything changes: an integrity check of the DR database against the primary
     * ({@code s -> s.checkIntegrity(dr).reference(primary).table(..)}), used as a guard that refuses
     * to fail back when the DR database has writes newer than the primary's.
     */
    public FailbackPlan guard(Function<StepSpec, IntegrityStep> check) {
        return new FailbackPlan(failover, Objects.requireNonNull(check, "check"), force, keepDrDatabase, drReplicas,
                secrets);
    }

    /** Fails back even when the DR database holds newer writes (they are lost; its final snapshot keeps them). */
    public FailbackPlan force() {
        return new FailbackPlan(failover, guard, true, keepDrDatabase, drReplicas, secrets);
    }

    /** Snapshots the DR databases and keeps them instead of removing them. */
    public FailbackPlan keepDrDatabase() {
        return new FailbackPlan(failover, guard, force, true, drReplicas, secrets);
    }

    /** The replicas the DR workloads are scaled down to (0 by default: a cold standby). */
    public FailbackPlan drReplicas(int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("drReplicas must not be negative but was " + replicas);
        }
        return new FailbackPlan(failover, guard, force, keepDrDatabase, replicas, secrets);
    }

    /**
     * The value secret key {@code key} goes back to, instead of the previous value the failover kept in
     * its backup Secret (needed only when that backup is gone, or to go back to another value).
     */
    public FailbackPlan restoreSecret(String key, SecretTemplate value) {
        Map<String, SecretTemplate> m = new LinkedHashMap<>(secrets);
        m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new FailbackPlan(failover, guard, force, keepDrDatabase, drReplicas, m);
    }

    /** The failover plan this fail-back undoes. */
    public DrPlan failover() {
        return failover;
    }

    /**
     * What keeps the fail-back from being built, checked before a drill starts: a {@link #restoreSecret}
     * key that no secret update of the failover changes. (The previous values of the keys the failover
     * changes are in the backup Secret it makes; {@link #plan} checks its report names it.)
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        java.util.Set<String> changed = new java.util.TreeSet<>();
        for (Step s : failover.steps()) {
            if (s.kind() == StepKind.UPDATE_SECRET && s.action().settings().get("keys") instanceof List<?> keys) {
                keys.forEach(k -> changed.add(String.valueOf(k)));
            }
        }
        for (String k : new java.util.TreeSet<>(secrets.keySet())) {
            if (!changed.contains(k)) {
                p.add("FailbackPlan.restoreSecret(\"" + k + "\", ..): no updateSecret step of plan '" + failover.name()
                        + "' changes key " + k + (changed.isEmpty() ? "" : " (they change " + changed + ")")
                        + "; remove it or fix the key's name");
            }
        }
        return p;
    }

    /**
     * The fail-back plan of the failover execution {@code failoverReport} (its DNS records before the
     * change, its restored databases), named {@code <failover plan>-failback}.
     *
     * @throws PlanValidationException when {@link #problems()} is not empty, a secret key has neither a
     *                                 backup named in the report nor a {@link #restoreSecret} value, or the
     *                                 plan is invalid
     */
    public DrPlan plan(ExecutionReport failoverReport) {
        Objects.requireNonNull(failoverReport, "failoverReport: pass the report of the failover execution");
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new PlanValidationException(failover.name() + "-failback", problems);
        }
        DrPlan.PlanStage stage = DrPlan.region(failover.source().code()).failoverTo(failover.target().code())
                .named(failover.name() + "-failback").tier(failover.tier())
                .objectives(o -> o.rto(failover.objectives().rto()).rpo(failover.objectives().rpo()))
                // a fail-back step that fails leaves the rest as it is for people: undoing DNS would send traffic
                // to the DR region again
                .compensation(CompensationStrategy.NEVER);
        List<String> previous = new ArrayList<>();
        if (guard != null) {
            stage = stage.step("failback-guard", s -> guard.apply(s).refuseIfAhead(force));
            previous.add("failback-guard");
        }
        List<String> traffic = new ArrayList<>();
        for (Step s : failover.orderedSteps()) {
            StepReport ran = failoverReport.step(s.id()).filter(StepReport::ran).orElse(null);
            if (ran == null) {
                continue;
            }
            Map<String, Object> set = s.action().settings();
            String[] after = previous.toArray(String[]::new);
            String id = "failback-" + s.id();
            switch (s.kind()) {
                case DNS_FAILOVER -> {
                    Map<String, Map<?, ?>> byRole = recordsByRole(ran.outputs().get("previousRecords"));
                    Map<?, ?> primary = byRole.get("PRIMARY");
                    Map<?, ?> secondary = byRole.get("SECONDARY");
                    if (primary == null) {
                        throw new PlanValidationException(failover.name() + "-failback", List.of("fail-back of step '" + s.id() + "': its report"
                                + " holds no previous PRIMARY record (output previousRecords); put DNS back by hand"));
                    }
                    stage = stage.step(id, x -> {
                        var dns = x.dnsFailover((String) set.get("hostedZoneId"), (String) set.get("recordName"))
                                .primary(first(primary)).after(after);
                        if (primary.get("healthCheckId") instanceof String hc) {
                            dns.primaryHealthCheck(hc);
                        }
                        if (secondary != null) {
                            dns.secondary(first(secondary));
                            if (secondary.get("healthCheckId") instanceof String hc) {
                                dns.secondaryHealthCheck(hc);
                            }
                        }
                        return dns;
                    });
                    traffic.add(id);
                }
                case UPDATE_SECRET -> {
                    List<String> fromBackup = new ArrayList<>();
                    for (Object k : (List<?>) set.get("keys")) {
                        if (!secrets.containsKey(String.valueOf(k))) {
                            fromBackup.add(String.valueOf(k));
                        }
                    }
                    Object backup = ran.outputs().get(SecretUpdateStep.BACKUP_OUTPUT);
                    if (!fromBackup.isEmpty() && !(backup instanceof String)) {
                        throw new PlanValidationException(failover.name() + "-failback", List.of("fail-back of step '"
                                + s.id() + "': its report names no backup Secret (output "
                                + SecretUpdateStep.BACKUP_OUTPUT + ") holding the previous value of "
                                + String.join(", ", fromBackup) + " in secret " + set.get("secretName") + "; give it with"
                                + " FailbackPlan.restoreSecret(\"" + fromBackup.get(0) + "\", SecretTemplate.of(..))"));
                    }
                    stage = stage.step(id, x -> {
                        var sec = x.updateSecret((String) set.get("cluster"), (String) set.get("namespace"),
                                (String) set.get("secretName")).after(after);
                        for (Object k : (List<?>) set.get("keys")) {
                            if (secrets.containsKey(String.valueOf(k))) {
                                sec.key(String.valueOf(k), secrets.get(String.valueOf(k)));
                            }
                        }
                        if (!fromBackup.isEmpty()) {
                            // the values themselves stay in the cluster: the step reads them from the backup
                            sec.restoreFrom((String) backup, failoverReport.executionId(), fromBackup);
                        }
                        return sec;
                    });
                    traffic.add(id);
                }
                default -> { }
            }
        }
        List<String> scaled = new ArrayList<>();
        for (Step s : failover.orderedSteps()) {
            if (s.kind() != StepKind.ROLLOUT_RESTART || failoverReport.step(s.id()).filter(StepReport::ran).isEmpty()) {
                continue;
            }
            Map<String, Object> set = s.action().settings();
            for (Object d : (List<?>) set.get("deployments")) {
                String id = "failback-scale-" + d;
                String[] after = (traffic.isEmpty() ? previous : traffic).toArray(String[]::new);
                stage = stage.step(id, x -> x.scale((String) set.get("cluster"), (String) set.get("namespace"),
                        String.valueOf(d)).replicas(drReplicas).after(after));
                scaled.add(id);
            }
        }
        List<String> before = !scaled.isEmpty() ? scaled : !traffic.isEmpty() ? traffic : previous;
        for (Step s : failover.orderedSteps()) {
            StepReport ran = failoverReport.step(s.id()).filter(StepReport::ran).orElse(null);
            if (s.kind() != StepKind.RESTORE_DATABASE || ran == null || !(ran.outputs().get("instanceId") instanceof String db)
                    || "READ_REPLICA".equals(ran.outputs().get("source"))) {
                continue;   // a promoted read replica was not created by the failover: it stays
            }
            String region = (String) s.action().settings().get("region");
            String[] after = before.toArray(String[]::new);
            if (keepDrDatabase) {
                stage = stage.step("failback-snapshot-" + db, x -> x.createSnapshot(db)
                        .as("drplan-failback-" + db + "-" + failoverReport.executionId().substring(0, 8)).in(region)
                        .after(after).noCompensation());
            } else {
                stage = stage.step("failback-remove-" + db, x -> x.deleteDatabase(db).in(region)
                        .createdBy(failoverReport.executionId()).after(after));
            }
        }
        return stage.build();
    }

    private static Map<String, Map<?, ?>> recordsByRole(Object encoded) {
        Map<String, Map<?, ?>> out = new LinkedHashMap<>();
        if (encoded instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("role") instanceof String role) {
                    out.put(role, m);
                }
            }
        }
        return out;
    }

    private static String first(Map<?, ?> record) {
        return record.get("values") instanceof List<?> v && !v.isEmpty() ? String.valueOf(v.get(0)) : null;
    }

    @Override
    public String toString() {
        return "FailbackPlan[of " + failover.name() + (guard != null ? ", guarded" : "") + (force ? ", forced" : "")
                + (keepDrDatabase ? ", keeping the DR database" : "") + ", DR replicas " + drReplicas + "]";
    }
}
