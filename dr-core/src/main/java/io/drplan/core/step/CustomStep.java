package io.drplan.core.step;

import io.drplan.core.StepKind;
import io.drplan.core.Secret;
import io.drplan.core.spi.Operation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private List<Operation> operations = List.of();
    private boolean idempotent = true;
    private Function<StepContext, CompletionStage<Optional<Map<String, Object>>>> adopt;
    private List<Secret> secrets = List.of();

    CustomStep(PlanRegions regions, String description,
               Function<StepContext, CompletionStage<Map<String, Object>>> body) {
        super(regions, StepKind.CUSTOM);
        this.description = description;
        this.body = body;
    }

    /** How to undo the step after a later failure. */
    public CustomStep compensateWith(BiFunction<StepContext, Map<String, Object>, CompletionStage<Void>> undo) {
        this.undo = undo;
        return this;
    }

    /**
     * The secrets the action uses (e.g. a token it sends): their values, and their base64 and URL
     * encoded forms, are redacted from everything the engine writes, as for the built-in steps.
     */
    public CustomStep secrets(Secret... secrets) {
        if (secrets == null || Arrays.asList(secrets).contains(null)) {
            reject("custom secrets(..) was given a null secret; pass e.g. Secret.fromEnv(\"STATUS_PAGE_TOKEN\")");
        } else {
            this.secrets = List.of(secrets);
        }
        return this;
    }

    /** The calls it makes, for previews and permissions. */
    public CustomStep operations(Operation... operations) {
        if (operations == null || Arrays.asList(operations).contains(null)) {
            reject("custom operations(..) was given a null operation; pass e.g. Operation.of(\"statuspage\", \"post\")");
            return this;
        }
        this.operations = List.of(operations);
        return this;
    }

    /**
     * Marks the step as unsafe to run twice. After a crash while it ran, a resumed execution asks
     * {@link #adoptWith} whether its effect exists and runs it again only when it does not; without
     * {@code adoptWith} there is nothing to ask, and the resumed execution stops at this step
     * rather than repeat it, unless the operator names it in {@code RunOptions.rerunAfterCrash}.
     */
    public CustomStep notIdempotent() {
        this.idempotent = false;
        return this;
    }

    /**
     * How a resumed execution finds the effect of this step when a crash interrupted it: complete
     * with the outputs to adopt (the effect exists, so the step is not run again) or empty (run it).
     * Only asked of {@link #notIdempotent()} steps.
     *
     * <pre>{@code
     * s.custom("Announce the failover", ctx -> post(ctx)).notIdempotent()
     *     .adoptWith(ctx -> ctx.call(GET_INCIDENT, "statuspage", () -> statusPage.find(key)
     *         .map(i -> Map.<String, Object>of("incident", i.id()))))
     * }</pre>
     */
    public CustomStep adoptWith(Function<StepContext, CompletionStage<Optional<Map<String, Object>>>> adopt) {
        this.adopt = adopt;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(description, body, undo, operations, idempotent, adopt, secrets);
    }

    private record Action(String description, Function<StepContext, CompletionStage<Map<String, Object>>> body,
                          BiFunction<StepContext, Map<String, Object>, CompletionStage<Void>> undo,
                          List<Operation> operations, boolean idempotent,
                          Function<StepContext, CompletionStage<Optional<Map<String, Object>>>> adoption,
                          List<Secret> secrets)
            implements StepAction {
        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("custom description", description, "\"Notify the status page\"", p);
            if (body == null) {
                p.add("custom action is missing; pass a function of the StepContext");
            }
            secrets.stream().filter(s -> !s.isAvailable()).forEach(s -> p.add("custom secrets uses " + s
                    + ", which has no value; set it before running the plan"));
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

        @Override
        public boolean canAdopt() {
            return adoption != null;
        }

        @Override
        public CompletionStage<Optional<Map<String, Object>>> adopt(StepContext ctx) {
            if (adoption == null) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            CompletionStage<Optional<Map<String, Object>>> found = adoption.apply(ctx);
            return found == null ? CompletableFuture.completedFuture(Optional.empty()) : found;
        }
    }
}
