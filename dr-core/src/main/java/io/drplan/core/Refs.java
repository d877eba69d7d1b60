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
}
