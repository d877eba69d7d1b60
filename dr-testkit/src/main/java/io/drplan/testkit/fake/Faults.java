package io.drplan.testkit.fake;

import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Faults injected into a {@link io.drplan.testkit.FakeCloud}'s calls, chosen by operation pattern:
 * an exact operation ({@code rds:RestoreDBInstanceFromDBSnapshot}), a whole service ({@code rds:*})
 * or every call ({@code *}).
 *
 * <pre>{@code
 * cloud.faults()
 *     .throttleNext(3, "rds:RestoreDBInstanceFromDBSnapshot")   // then it succeeds
 *     .failAlways("route53:*", ProviderException.Reason.ACCESS_DENIED)
 *     .latency("k8s:*", Duration.ofSeconds(2));                  // each call moves the clock 2 s
 * }</pre>
 *
 * Failure rules are checked in the order they were added; the first that matches and has calls
 * left fires. Latencies of every matching rule add up. {@link #at(String)} limits rules to one
 * endpoint: {@code cloud.faults().at("k8s/dr-cluster").failAlways("k8s:*", Reason.SERVER_ERROR)}.
 */
public final class Faults {
    private final List<Rule> rules;
    private final String endpoint;

    Faults() {
        this(new ArrayList<>(), null);
    }

    private Faults(List<Rule> rules, String endpoint) {
        this.rules = rules;
        this.endpoint = endpoint;
    }

    /**
     * The same faults, but rules added through the returned view only apply to calls to
     * {@code endpoint} (e.g. {@code rds/us-west-2}, {@code k8s/dr-cluster}, {@code route53/global}).
     */
    public Faults at(String endpoint) {
        return new Faults(rules, Objects.requireNonNull(endpoint, "endpoint"));
    }

    /** The next {@code times} calls matching {@code pattern} throw {@code THROTTLED}. */
    public Faults throttleNext(int times, String pattern) {
        return next(times, pattern, Reason.THROTTLED, "throttleNext(" + times + ", \"" + pattern + "\")");
    }

    /** The next {@code times} calls matching {@code pattern} throw {@code reason}. */
    public Faults failNext(int times, String pattern, Reason reason) {
        return next(times, pattern, reason, "failNext(" + times + ", \"" + pattern + "\", " + reason + ")");
    }

    private Faults next(int times, String pattern, Reason reason, String description) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1 but was " + times);
        }
        rules.add(new Rule(checkPattern(pattern), endpoint, Objects.requireNonNull(reason, "reason"), times,
                Duration.ZERO, describe(description)));
        return this;
    }

    /** Every call matching {@code pattern} throws {@code reason} until {@link #clear()}. */
    public Faults failAlways(String pattern, Reason reason) {
        rules.add(new Rule(checkPattern(pattern), endpoint, Objects.requireNonNull(reason, "reason"), -1, Duration.ZERO,
                describe("failAlways(\"" + pattern + "\", " + reason + ")")));
        return this;
    }

    /** Each call matching {@code pattern} takes {@code latency} of virtual time before it answers. */
    public Faults latency(String pattern, Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative but was " + latency);
        }
        rules.add(new Rule(checkPattern(pattern), endpoint, null, -1, latency,
                describe("latency(\"" + pattern + "\", " + latency + ")")));
        return this;
    }

    /** Removes every fault (of every endpoint, also through a view from {@link #at}). */
    public Faults clear() {
        rules.clear();
        return this;
    }

    /**
     * Whether {@code operation} matches {@code pattern}: equal, {@code service:*} for the same
     * service, or {@code *}.
     */
    public static boolean matches(String pattern, String operation) {
        if ("*".equals(pattern)) {
            return true;
        }
        if (pattern.endsWith(":*")) {
            return operation.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(operation);
    }

    /** Throws the first injected failure that matches, consuming one of its calls. */
    void check(String operation, String endpoint) {
        for (Rule r : rules) {
            if (r.reason == null || r.remaining == 0 || !r.applies(operation, endpoint)) {
                continue;
            }
            if (r.remaining > 0) {
                r.remaining--;
            }
            String what = switch (r.reason) {
                case THROTTLED -> "Rate exceeded";
                case SERVER_ERROR -> "Internal server error (HTTP 500)";
                case UNAVAILABLE -> "Could not connect to " + endpoint;
                case ACCESS_DENIED -> "Not authorized to perform " + operation;
                case NOT_FOUND -> "Resource not found";
                case INVALID_REQUEST -> "Invalid request";
                case CONFLICT -> "Conflict";
                case OTHER -> "Failure";
            };
            String message = what + " (injected by FakeCloud faults: " + r.description
                    + (r.remaining > 0 ? ", " + r.remaining + " left" : "") + "; remove it with faults().clear())";
            throw new ProviderException(r.reason, operation, endpoint,
                    r.reason == Reason.ACCESS_DENIED ? operation : null, message, null);
        }
    }

    /** The total injected latency for {@code operation}. */
    Duration latencyFor(String operation, String endpoint) {
        Duration total = Duration.ZERO;
        for (Rule r : rules) {
            if (r.reason == null && r.applies(operation, endpoint)) {
                total = total.plus(r.latency);
            }
        }
        return total;
    }

    private String describe(String rule) {
        return endpoint == null ? rule : "at(\"" + endpoint + "\")." + rule;
    }

    private static String checkPattern(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        int colon = pattern.indexOf(':');
        boolean ok = "*".equals(pattern)
                || (colon > 0 && colon < pattern.length() - 1 && !pattern.substring(0, colon).contains("*")
                    && (pattern.endsWith(":*") || !pattern.contains("*")));
        if (!ok) {
            throw new IllegalArgumentException("fault pattern '" + pattern + "' is not valid; use an operation"
                    + " such as rds:RestoreDBInstanceFromDBSnapshot, a service such as rds:*, or *");
        }
        return pattern;
    }

    @Override
    public String toString() {
        return "Faults" + rules.stream().filter(r -> r.remaining != 0).map(r -> r.description).toList();
    }

    private static final class Rule {
        final String pattern;
        final String endpoint;
        final Reason reason;
        int remaining;
        final Duration latency;
        final String description;

        Rule(String pattern, String endpoint, Reason reason, int remaining, Duration latency, String description) {
            this.pattern = pattern;
            this.endpoint = endpoint;
            this.reason = reason;
            this.remaining = remaining;
            this.latency = latency;
            this.description = description;
        }

        boolean applies(String operation, String callEndpoint) {
            return matches(pattern, operation) && (endpoint == null || endpoint.equals(callEndpoint));
        }
    }
}
