package io.drplan.core.internal;

import io.drplan.core.DrPlan;
import io.drplan.core.RetryPolicy;
import io.drplan.core.step.Step;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * A stable hash of what a plan does: its name, regions and compensation strategy, and for every
 * step its id, kind, description, dependencies, timeout, retry policy, approval role, estimate and
 * whether it is undone. Descriptions never hold secret values, so neither does the fingerprint.
 * Objectives and tier are left out: changing a target does not change what resume would do. Internal.
 */
public final class PlanFingerprint {
    private PlanFingerprint() { }

    /** 32 hex digits. */
    public static String of(DrPlan plan) {
        StringBuilder sb = new StringBuilder(1024);
        field(sb, "plan", plan.name());
        field(sb, "source", plan.source().code());
        field(sb, "target", plan.target().code());
        field(sb, "compensation", plan.compensation().name());
        plan.steps().stream().sorted(Comparator.comparing(Step::id)).forEach(s -> {
            field(sb, "step", s.id());
            field(sb, "kind", s.action().getClass().getName());
            field(sb, "description", s.description());
            field(sb, "after", String.join(",", new TreeSet<>(s.dependencies())));
            field(sb, "timeout", exact(s.timeout()));
            RetryPolicy r = s.retry();
            field(sb, "retry", r == null ? "-" : r.maxAttempts() + "/" + exact(r.initialDelay()) + "/"
                    + Double.toString(r.multiplier()) + "/" + exact(r.maxDelay()) + "/" + Double.toString(r.jitter()));
            field(sb, "approval", s.approvalRole() == null ? "-" : s.approvalRole());
            field(sb, "estimate", exact(s.estimate()));
            field(sb, "compensate", Boolean.toString(s.compensate()));
        });
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static void field(StringBuilder sb, String name, String value) {
        // length-prefixed, so that no value can be shaped to look like two fields
        sb.append(name).append('=').append(value.length()).append(':').append(value).append('\n');
    }

    private static String exact(Duration d) {
        return d == null ? "-" : d.getSeconds() + "." + d.getNano();
    }
}
