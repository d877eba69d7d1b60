package io.drplan.core.step;

import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A step the host application writes itself, or a gate that only asks for approval. A custom
 * action uses {@link StepContext#call} and {@link StepContext#await} like the built-in ones.
 *
 * <pre>{@code
 * s.custom("Notify status page", ctx -> ctx.call(Operation.of("statuspage", "post"), "statuspage",
 *         () -> statusPage.post("failing over")).thenApply(x -> Map.of()))
 * }</pre>
 */
public final class CustomStep extends StepBuilder<CustomStep> {
    private final String description;
    private final Function<StepContext, CompletionStage<Map<String, Object>>> body;
    private BiFunction<StepContext, Map<String, Object>, CompletionStage<Void>> undo;
    private Duration estimate = Duration.ZERO;
    private List<Operation> operations = List.of();
    private boolean idempotent = true;

    CustomStep(PlanRegions regions, String description,
               Function<StepContext, CompletionStage<Map<String, Object>>> body) {
        super(regions);
        this.description = description;
        this.body = body;
    }

    /** How to undo the step after a later failure. */
    public CustomStep compensateWith(BiFunction<StepContext, Map<String, Object>, CompletionStage<Void>> undo) {
        this.undo = undo;
        return this;
    }

    /** The calls it makes, for previews and permissions. */
    public CustomStep operations(Operation... operations) {
        this.operations = List.of(operations);
        return this;
    }

    /** Marks the step as unsafe to run twice (never redone after a crash). */
    public CustomStep notIdempotent() {
        this.idempotent = false;
        return this;
    }

    @Override
    public CustomStep estimate(Duration estimate) {
        this.estimate = estimate;
        return super.estimate(estimate);
    }

    @Override
    StepAction action() {
        return new Action(description, body, undo, estimate, operations, idempotent);
    }

    private record Action(String description, Function<StepContext, CompletionStage<Map<String, Object>>> body,
                          BiFunction<StepContext, Map<String, Object>, CompletionStage<Void>> undo, Duration estimate,
                          List<Operation> operations, boolean idempotent) implements StepAction {
        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("custom description", description, "\"Notify the status page\"", p);
            if (body == null) {
                p.add("custom action is missing; pass a function of the StepContext");
            }
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            CompletionStage<Map<String, Object>> r = body.apply(ctx);
            return r == null ? CompletableFuture.completedFuture(Map.of()) : r;
        }

        @Override
        public boolean compensable() {
            return undo != null;
        }

        @Override
        public CompletionStage<Void> compensate(StepContext ctx, Map<String, Object> outputs) {
            return undo.apply(ctx, outputs);
        }
    }
}
