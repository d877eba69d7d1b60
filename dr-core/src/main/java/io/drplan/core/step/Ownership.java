package io.drplan.core.step;

import static io.drplan.core.spi.DatabaseProvider.CREATED_AT_TAG;
import static io.drplan.core.spi.DatabaseProvider.EXECUTION_TAG;
import static io.drplan.core.spi.DatabaseProvider.STEP_TAG;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who created a resource: the tags a step puts on what it creates, and the checks that keep a step
 * from adopting, replacing or deleting what another execution (or a person) made.
 */
final class Ownership {
    /** Tag that marks a resource drplan created (the IAM policy's condition key). */
    static final String MANAGED_TAG = "drplan:managed";

    private Ownership() { }

    /** The tags of a resource the running step creates now. */
    static Map<String, String> tags(StepContext ctx) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(MANAGED_TAG, "true");
        t.put(EXECUTION_TAG, ctx.executionId());
        t.put(STEP_TAG, ctx.stepId());
        t.put(CREATED_AT_TAG, ctx.now().toString());
        return t;
    }

    /** Whether the running step's own execution created a resource with these tags (a resume). */
    static boolean ours(StepContext ctx, Map<String, String> tags) {
        return ctx.executionId().equals(tags.get(EXECUTION_TAG)) && ctx.stepId().equals(tags.get(STEP_TAG));
    }

    /** "created by execution X (step Y) at T", or that drplan did not create it. */
    static String creator(Map<String, String> tags) {
        String execution = tags.get(EXECUTION_TAG);
        if (execution == null) {
            return "not created by drplan (it has no " + EXECUTION_TAG + " tag: made by hand or by another tool)";
        }
        return "created by execution " + execution + " (step " + tags.getOrDefault(STEP_TAG, "?") + ") at "
                + tags.getOrDefault(CREATED_AT_TAG, "an unknown time");
    }

    /**
     * The final snapshot a deletion by the running step takes, {@code drplan-final-<execution>-<step>},
     * made a valid RDS/ElastiCache identifier (letters, digits, single hyphens, a letter first).
     */
    static String finalSnapshotId(StepContext ctx) {
        String id = ("drplan-final-" + ctx.executionId() + "-" + ctx.stepId()).toLowerCase()
                .replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-");
        if (id.length() > 200) {
            id = id.substring(0, 200);
        }
        return id.replaceAll("-+$", "");
    }

    /** The note of a deletion: where the final snapshot is and the command that restores it. */
    static String deleted(String instanceId, io.drplan.core.Region region, String finalSnapshot) {
        return "deleted instance '" + instanceId + "' in " + region + " after final snapshot " + finalSnapshot
                + " (restore it with: aws rds restore-db-instance-from-db-snapshot --region " + region
                + " --db-snapshot-identifier " + finalSnapshot + " --db-instance-identifier " + instanceId + ")";
    }
}
