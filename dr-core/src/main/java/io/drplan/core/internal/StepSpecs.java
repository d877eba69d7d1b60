package io.drplan.core.internal;

import io.drplan.core.RetryPolicy;
import io.drplan.core.step.Step;
import io.drplan.core.step.StepBuilder;
import io.drplan.core.step.StepSpec;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * How the plan builder turns a step's spec into a {@link Step} without that being API of the
 * step package: {@link StepSpec} registers its evaluator here when its class is initialized. Internal.
 */
public final class StepSpecs {
    /** Evaluates one step's spec; problems go to {@code problems}; null when the spec is unusable. */
    public interface Evaluator {
        Step evaluate(String id, Function<StepSpec, ? extends StepBuilder<?>> spec, String source, String target, RetryPolicy defaultRetry,
                      Duration defaultTimeout, List<String> problems);
    }

    private static volatile Evaluator evaluator;

    private StepSpecs() { }

    /** Called once, by {@link StepSpec}'s static initializer. */
    public static void register(Evaluator e) {
        evaluator = e;
    }

    /** Evaluates one step's spec for the plan builder. */
    public static Step evaluate(String id, Function<StepSpec, ? extends StepBuilder<?>> spec, String source, String target,
                                RetryPolicy defaultRetry, Duration defaultTimeout, List<String> problems) {
        if (evaluator == null) {
            initialize(StepSpec.class);
        }
        return evaluator.evaluate(id, spec, source, target, defaultRetry, defaultTimeout, problems);
    }

    private static void initialize(Class<?> c) {
        try {
            Class.forName(c.getName(), true, c.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);   // cannot happen: c is loaded
        }
    }
}
