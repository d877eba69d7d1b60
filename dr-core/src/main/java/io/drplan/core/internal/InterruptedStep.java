package io.drplan.core.internal;

import io.drplan.core.RunOptions;
import io.drplan.core.StepFailedException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A step that was in flight when the previous process stopped, and must not run twice. */
final class InterruptedStep {
    private InterruptedStep() { }

    /**
     * Adopts the step's effect when its action can find it, runs it again when the effect is absent
     * or the operator asked, and otherwise fails it asking the operator to check by hand.
     *
     * @param runLock the run's lock, under which the record is marked adopted
     */
    static CompletionStage<Map<String, Object>> adoptOrRefuse(StepRecord s, RunOptions options, Object runLock) {
        RunStepContext ctx = s.context;
        if (options.rerunAfterCrash().contains(s.id())) {
            ctx.note("run again after the crash, as the operator asked");
            return s.step.action().execute(ctx);
        }
        if (!s.step.action().canAdopt()) {
            return CompletableFuture.failedFuture(new StepFailedException("step '" + s.id() + "' ("
                    + s.step.description() + ") was running when the previous process stopped, and drplan cannot tell"
                    + " whether it took effect; it must not run twice, so it was not run again. Check by hand, then"
                    + " resume with RunOptions.defaults().rerunAfterCrash(\"" + s.id() + "\") if it did not"));
        }
        return s.step.action().adopt(ctx).thenCompose(found -> {
            if (found.isPresent()) {
                synchronized (runLock) {
                    s.adopted = true;
                }
                ctx.note("its effect was found after the crash; adopted, not redone");
                return CompletableFuture.completedFuture(found.get());
            }
            ctx.note("its effect was not found after the crash; run again");
            return s.step.action().execute(ctx);
        });
    }
}
