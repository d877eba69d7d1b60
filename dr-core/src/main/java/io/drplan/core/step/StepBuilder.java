package io.drplan.core.step;

import io.drplan.core.Region;
import io.drplan.core.RetryPolicy;
import io.drplan.core.internal.PlanChecks;
import io.drplan.core.StepKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Settings every kind of step shares: what it waits for, how long it may run, how it retries,
 * who approves it and whether it is undone after a later failure. Values are checked when the
 * plan is built, all at once.
 *
 * @param <S> the concrete builder, so that chains keep their type
 */
public abstract class StepBuilder<S extends StepBuilder<S>> {
    private final Set<String> after = new LinkedHashSet<>();
    private Duration timeout;
    private Consumer<RetryPolicy.Builder> retry;
    private String approvalRole;
    private Duration estimate;
    private boolean compensate = true;
    /** What kind of step this is: fixed by the builder's type. */
    private final StepKind kind;
    /** Problems found while the step was declared (nulls), reported by the plan's {@code build()}. */
    private final List<String> declared = new ArrayList<>();
    /** The plan's regions, for defaults such as "restore in the target region". */
    final PlanRegions regions;

    StepBuilder(PlanRegions regions, StepKind kind) {
        this.regions = regions;
        this.kind = kind;
    }

    @SuppressWarnings("unchecked")
    final S self() {
        return (S) this;
    }

    /** Runs this step only after the given steps have succeeded. */
    public S after(String... stepIds) {
        if (stepIds == null || Arrays.asList(stepIds).contains(null)) {
            declared.add("after(..) was given a null step id; name the steps it waits for, e.g. after(\"restore-db\")");
        } else {
            Collections.addAll(after, stepIds);
        }
        return self();
    }

    /** How long the step may run before it fails (approval time not counted). */
    public S timeout(Duration timeout) {
        if (timeout == null) {
            declared.add("timeout is null; pass a duration such as Duration.ofMinutes(30), or leave it out for the"
                    + " plan's stepTimeout");
        }
        this.timeout = timeout;
        return self();
    }

    /** How failed calls are retried (only retryable failures are). */
    public S retry(Consumer<RetryPolicy.Builder> retry) {
        if (retry == null) {
            declared.add("retry is null; pass r -> r.maxAttempts(3), or leave it out for the plan's retry policy");
        }
        this.retry = retry;
        return self();
    }

    /** Asks {@code role} (e.g. "DevOps lead") to approve before the step runs. */
    public S requireApproval(String role) {
        if (role == null) {
            declared.add("requireApproval role is null; name who approves, e.g. \"DevOps lead\"");
        }
        this.approvalRole = role;
        return self();
    }

    /** How long the step usually takes, replacing the built-in estimate. */
    public S estimate(Duration estimate) {
        if (estimate == null) {
            declared.add("estimate is null; pass a duration such as Duration.ofMinutes(20), or leave it out for the"
                    + " built-in estimate");
        }
        this.estimate = estimate;
        return self();
    }

    /** Leaves the step's effect in place after a later failure instead of undoing it. */
    public S noCompensation() {
        this.compensate = false;
        return self();
    }

    /** The action with the settings given so far. */
    abstract StepAction action();

    /** The kind of step this builder declares: one per builder type. */
    final StepKind kind() {
        return kind;
    }

    /**
     * Builds the step, adding each problem found to {@code problems} (each naming the field, the
     * bad value and the fix).
     */
    Step build(String id, RetryPolicy defaultRetry, Duration defaultTimeout, List<String> problems) {
        String where = "step '" + id + "'";
        declared.forEach(p -> problems.add(where + ": " + p));
        StepAction action;
        try {
            action = action();
            for (String p : action.validate()) {
                problems.add(where + ": " + p);
            }
        } catch (RuntimeException ex) {
            problems.add(where + ": its settings could not be read (" + ex.getClass().getSimpleName() + ": "
                    + ex.getMessage() + "); check the values passed to its builder, none may be null");
            return null;
        }
        RetryPolicy policy = defaultRetry;
        if (retry != null) {
            RetryPolicy.Builder b = new RetryPolicy.Builder(defaultRetry);
            try {
                retry.accept(b);
                policy = b.build();
                PlanChecks.retryPolicy(where + " retry", policy, problems);
            } catch (RuntimeException ex) {
                problems.add(where + " retry threw " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                        + "; make the retry(r -> ..) function only set values, e.g. r.maxAttempts(3)");
            }
        } else {
            PlanChecks.retryPolicy(where + " retry", policy, problems);
        }
        Duration t = timeout == null ? defaultTimeout : timeout;
        PlanChecks.positive(where + " timeout", t, problems);
        PlanChecks.atMost(where + " timeout", t, PlanChecks.MAX_STEP_DURATION, problems);
        Duration e = estimate != null ? estimate : action.estimate().orElse(kind.typicalDuration());
        PlanChecks.positiveOrZero(where + " estimate", e, problems);
        PlanChecks.atMost(where + " estimate", e, PlanChecks.MAX_STEP_DURATION, problems);
        if (approvalRole != null && approvalRole.isBlank()) {
            problems.add(where + " requireApproval: role is blank; name who approves, e.g. \"DevOps lead\"");
        }
        Set<String> deps = new LinkedHashSet<>(after);
        action.inputs().forEach(o -> deps.add(o.stepId()));
        return new Step(id, kind, action, deps, t, policy, approvalRole, e, compensate && action.compensable());
    }

    // ---- helpers for subclasses ----

    /** Records a problem found while the step is declared (e.g. a null value), reported by {@code build()}. */
    final void reject(String problem) {
        declared.add(problem);
    }

    static String require(String field, String value, String example, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is missing; set it, e.g. " + example);
        }
        return value;
    }

    static Region region(String field, String code, List<String> problems) {
        if (code == null) {
            problems.add(field + " is missing; set a region code such as us-west-2");
            return null;
        }
        if (!Region.isKnown(code)) {
            problems.add(field + " '" + code + "' is not a known region code; use one such as us-east-1 or us-west-2");
            return null;
        }
        return Region.of(code);
    }

    static List<String> problems() {
        return new ArrayList<>();
    }
}
