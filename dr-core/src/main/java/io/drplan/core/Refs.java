package io.drplan.core;

import java.time.Instant;

/**
 * Typed references to the outputs of steps, by step id.
 *
 * <pre>{@code
 * .step("update-config", s -> s.updateSecret("dr-cluster", "vibe-production", "vibe-secrets")
 *     .key("DATABASE_URL", SecretTemplate.of("postgresql://vibe:", password, "@",
 *          Refs.database("restore-db").endpoint(), ":5432/vibe")))
 * }</pre>
 */
public final class Refs {
    private Refs() { }

    /** The outputs of a step that restores, promotes or fails over a database. */
    public static DatabaseRef database(String stepId) {
        return new DatabaseRef(stepId);
    }

    /** Outputs of a database step. */
    public record DatabaseRef(String stepId) {
        /** The instance's host name. */
        public Output<String> endpoint() {
            return new Output<>(stepId, "endpoint", String.class);
        }

        /** The instance's port. */
        public Output<Integer> port() {
            return new Output<>(stepId, "port", Integer.class);
        }

        /** The instance's id. */
        public Output<String> instanceId() {
            return new Output<>(stepId, "instanceId", String.class);
        }

        /** When the restored data was captured (the restore point used for RPO). */
        public Output<Instant> restorePoint() {
            return new Output<>(stepId, "restorePoint", Instant.class);
        }
    }

    /** The outputs of a Terraform step ({@code s.terraform(dir)...}). */
    public static TerraformRef terraform(String stepId) {
        return new TerraformRef(stepId);
    }

    /**
     * Outputs of a Terraform step.
     *
     * <pre>{@code
     * .step("activate-dr-infra", s -> s.terraform("infrastructure/terraform").workspace("dr").output("alb_dns_name"))
     * .step("update-config", s -> s.updateSecret("dr-cluster", "vibe-production", "vibe-secrets")
     *     .key("PUBLIC_URL", SecretTemplate.of("https://", Refs.terraform("activate-dr-infra").output("alb_dns_name"))))
     * }</pre>
     */
    public record TerraformRef(String stepId) {
        /** How a Terraform output is named among the step's outputs: {@code output.alb_dns_name}. */
        public static final String OUTPUT_PREFIX = "output.";

        /** Terraform's summary line ("Apply complete! Resources: 3 added, ..."). */
        public Output<String> summary() {
            return new Output<>(stepId, "summary", String.class);
        }

        /** How many resource changes were planned (plan) or made (apply). */
        public Output<Integer> changes() {
            return new Output<>(stepId, "changes", Integer.class);
        }

        /** The id of the plan a plan-only step saved, for {@code applySavedPlan(..)}. */
        public Output<String> planId() {
            return new Output<>(stepId, "planId", String.class);
        }

        /**
         * A Terraform output the step declared with {@code output(name)}: a string output as it is,
         * any other as JSON text.
         */
        public Output<String> output(String name) {
            return new Output<>(stepId, OUTPUT_PREFIX + name, String.class);
        }
    }
}
