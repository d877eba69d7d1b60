package io.drplan.core.internal;

import io.drplan.core.RetryPolicy;
import java.time.Duration;
import java.util.List;

/** Checks shared by the plan and its steps; each problem names the field, the bad value and the fix. Internal. */
public final class PlanChecks {
    private PlanChecks() { }

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
            problems.add(field + " maxAttempts must be at least 1 but was " + p.maxAttempts());
        }
        positive(field + " initialDelay", p.initialDelay(), problems);
        positive(field + " maxDelay", p.maxDelay(), problems);
        if (p.multiplier() < 1.0) {
            problems.add(field + " multiplier must be at least 1.0 but was " + p.multiplier());
        }
        if (p.jitter() < 0 || p.jitter() >= 1) {
            problems.add(field + " jitter must be in [0, 1) but was " + p.jitter());
        }
    }
}
