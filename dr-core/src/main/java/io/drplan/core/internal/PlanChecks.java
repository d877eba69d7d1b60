package io.drplan.core.internal;

import io.drplan.core.RetryPolicy;
import java.time.Duration;
import java.util.List;

/** Checks shared by the plan and its steps; each problem names the field, the bad value and the fix. Internal. */
public final class PlanChecks {
    /** The longest a step may run or be estimated to take. */
    public static final Duration MAX_STEP_DURATION = Duration.ofDays(7);
    /** The longest delay between two retries. */
    public static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);
    /** The largest growth factor of retry delays. */
    public static final double MAX_MULTIPLIER = 10.0;

    private PlanChecks() { }

    /** A duration that, when set, must not be longer than {@code max} (so that no sum of them overflows). */
    public static void atMost(String field, Duration d, Duration max, List<String> problems) {
        if (d != null && d.compareTo(max) > 0) {
            problems.add(field + " must be at most " + max + " but was " + d + "; use a duration such as"
                    + " Duration.ofHours(2)");
        }
    }

    /** A duration that must be set and greater than zero. */
    public static void positive(String field, Duration d, List<String> problems) {
        if (d == null) {
            problems.add(field + " is missing; set a positive duration such as Duration.ofMinutes(30)");
        } else if (d.isZero() || d.isNegative()) {
            problems.add(field + " must be positive but was " + d + "; use a duration such as Duration.ofMinutes(30)");
        }
    }

    /** A duration that must be set and not negative. */
    public static void positiveOrZero(String field, Duration d, List<String> problems) {
        if (d == null) {
            problems.add(field + " is missing; set a duration such as Duration.ofMinutes(5)");
        } else if (d.isNegative()) {
            problems.add(field + " must not be negative but was " + d + "; use a duration such as Duration.ofMinutes(5)");
        }
    }

    /** A retry policy's values. */
    public static void retryPolicy(String field, RetryPolicy p, List<String> problems) {
        if (p.maxAttempts() < 1) {
            problems.add(field + " maxAttempts must be at least 1 but was " + p.maxAttempts() + "; use e.g. 3");
        }
        positive(field + " initialDelay", p.initialDelay(), problems);
        atMost(field + " initialDelay", p.initialDelay(), MAX_RETRY_DELAY, problems);
        positive(field + " maxDelay", p.maxDelay(), problems);
        atMost(field + " maxDelay", p.maxDelay(), MAX_RETRY_DELAY, problems);
        // written so that NaN fails too
        if (!(p.multiplier() >= 1.0 && p.multiplier() <= MAX_MULTIPLIER)) {
            problems.add(field + " multiplier must be at least 1.0 and at most " + MAX_MULTIPLIER + " but was "
                    + p.multiplier() + "; use e.g. 2.0");
        }
        if (!(p.jitter() >= 0 && p.jitter() < 1)) {
            problems.add(field + " jitter must be in [0, 1) but was " + p.jitter() + "; use e.g. 0.2");
        }
    }
}
