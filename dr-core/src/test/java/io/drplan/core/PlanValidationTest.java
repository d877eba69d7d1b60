package io.drplan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code build()} rejects every value that could break later, all at once, and never throws a raw JVM exception. */
class PlanValidationTest {
    private static DrPlan.PlanStage base() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("validation")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)));
    }

    private static List<String> problems(DrPlan.PlanStage stage) {
        return catchThrowableOfType(PlanValidationException.class, stage::build).problems();
    }

    @Test
    void build_overflowingDurations_areCappedNamingFieldValueAndFix() {
        List<String> problems = problems(base().stepTimeout(Duration.ofDays(30))
                .step("a", s -> s.checkHttp("https://api.vibe.dev/health").estimate(Duration.ofSeconds(Long.MAX_VALUE))
                        .timeout(Duration.ofSeconds(Long.MAX_VALUE))));

        assertThat(problems).containsExactly(
                "stepTimeout must be at most PT168H but was PT720H; use a duration such as Duration.ofHours(2)",
                "step 'a' timeout must be at most PT168H but was PT2562047788015215H30M7S; use a duration such as"
                        + " Duration.ofHours(2)",
                "step 'a' estimate must be at most PT168H but was PT2562047788015215H30M7S; use a duration such as"
                        + " Duration.ofHours(2)");
    }

    @Test
    void build_badRetryFactors_areRejected() {
        List<String> problems = problems(base()
                .retry(r -> r.multiplier(Double.NaN).jitter(Double.NaN))
                .step("a", s -> s.checkHttp("https://api.vibe.dev/health")
                        .retry(r -> r.multiplier(Double.POSITIVE_INFINITY).jitter(-0.5).initialDelay(Duration.ofDays(2))))
                .step("b", s -> s.checkHttp("https://api.vibe.dev/health").retry(r -> {
                    throw new IllegalStateException("no retries configured");
                })));

        assertThat(problems).containsExactly(
                "retry multiplier must be at least 1.0 and at most 10.0 but was NaN; use e.g. 2.0",
                "retry jitter must be in [0, 1) but was NaN; use e.g. 0.2",
                "step 'a' retry initialDelay must be at most PT1H but was PT48H; use a duration such as Duration.ofHours(2)",
                "step 'a' retry multiplier must be at least 1.0 and at most 10.0 but was Infinity; use e.g. 2.0",
                "step 'a' retry jitter must be in [0, 1) but was -0.5; use e.g. 0.2",
                "step 'b' retry threw IllegalStateException: no retries configured; make the retry(r -> ..) function"
                        + " only set values, e.g. r.maxAttempts(3)");
    }

    @Test
    void build_nulls_areProblemsNamingTheField() {
        List<String> problems = problems(base()
                .step("a", s -> s.checkHttp("https://api.vibe.dev/health").after((String) null))
                .step("b", s -> s.updateSecret("dr-cluster", "vibe-production", "vibe-secrets")
                        .key(null, Secret.of("x-value")).key("K", (SecretTemplate) null).key("OK", Secret.of("v-value")))
                .step("c", s -> s.terraform("infrastructure/terraform").var("environment", (String) null))
                .step("d", s -> s.custom("notify", ctx -> CompletableFuture.completedFuture(Map.of()))
                        .secrets((Secret) null).timeout(null)));

        assertThat(problems).containsExactly(
                "step 'a': after(..) was given a null step id; name the steps it waits for, e.g. after(\"restore-db\")",
                "step 'b': updateSecret key(null, ..) has a null key; pass e.g. .key(\"DATABASE_URL\", SecretTemplate.of(..))",
                "step 'b': updateSecret key(K, null) has a null value; pass e.g. .key(\"DATABASE_URL\", SecretTemplate.of(..))",
                "step 'c': terraform var(environment, null) has a null value; pass both, e.g. .var(\"environment\", \"dr\")",
                "step 'd': custom secrets(..) was given a null secret; pass e.g. Secret.fromEnv(\"STATUS_PAGE_TOKEN\")",
                "step 'd': timeout is null; pass a duration such as Duration.ofMinutes(30), or leave it out for the"
                        + " plan's stepTimeout");
    }

    @Test
    void build_customStepSecrets_areDeclaredAndMustHaveAValue() {
        DrPlan plan = base().step("notify", s -> s.custom("notify", ctx -> CompletableFuture.completedFuture(Map.of()))
                .secrets(Secret.of("tok-123456"))).build();
        assertThat(plan.step("notify").orElseThrow().action().secrets()).containsExactly(Secret.of("tok-123456"));

        assertThat(problems(base().step("notify", s -> s.custom("notify",
                ctx -> CompletableFuture.completedFuture(Map.of())).secrets(Secret.fromEnv("DRPLAN_SURELY_UNSET_TOKEN")))))
                .singleElement().asString().startsWith("step 'notify': custom secrets uses ")
                .endsWith(", which has no value; set it before running the plan");
    }

    /**
     * Random plans, seeded so that a failure names its case: {@code build()} either builds a plan
     * whose preview and text work, or throws a {@link PlanValidationException}; nothing else.
     */
    @Test
    void build_randomPlans_onlyEverThrowsPlanValidationException() {
        int built = 0;
        for (int c = 0; c < 2_000; c++) {
            SplittableRandom r = new SplittableRandom(c);
            DrPlan.PlanStage stage = randomPlan(r);
            try {
                DrPlan plan = stage.build();
                assertThat(plan.toString()).isNotEmpty();
                plan.steps().forEach(s -> assertThat(s.toString()).isNotEmpty());
                built++;
            } catch (PlanValidationException expected) {
                assertThat(expected.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).doesNotContain("null: null"));
            } catch (Throwable t) {
                throw new AssertionError("case " + c + ": build() threw " + t, t);
            }
        }
        assertThat(built).as("some random plans are valid").isGreaterThan(50);
    }

    private static final Duration[] DURATIONS = {null, Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMinutes(5),
        Duration.ofHours(2), Duration.ofDays(8), Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MIN_VALUE)};
    private static final double[] FACTORS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, 0, 0.2,
        1, 2, 11, 0.99};

    private static <T> T pick(SplittableRandom r, T[] values) {
        return r.nextInt(3) == 0 ? values[r.nextInt(values.length)] : values[3 + r.nextInt(2)];
    }

    private static DrPlan.PlanStage randomPlan(SplittableRandom r) {
        DrPlan.PlanStage stage = DrPlan.region("us-east-1").failoverTo("us-west-2").named("random")
                .objectives(o -> o.rto(pick(r, DURATIONS)).rpo(Duration.ofHours(1)));
        if (r.nextInt(4) == 0) {
            stage = stage.stepTimeout(pick(r, DURATIONS));
        }
        if (r.nextInt(4) == 0) {
            double m = FACTORS[r.nextInt(FACTORS.length)];
            double j = FACTORS[r.nextInt(FACTORS.length)];
            stage = stage.retry(b -> b.multiplier(m).jitter(j));
        }
        int steps = 1 + r.nextInt(5);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            String id = "s" + i;
            String after = ids.isEmpty() || r.nextInt(3) > 0 ? null : r.nextInt(8) == 0 ? null : ids.get(r.nextInt(ids.size()));
            boolean nullAfter = r.nextInt(12) == 0;
            Duration timeout = r.nextInt(3) == 0 ? pick(r, DURATIONS) : Duration.ofMinutes(10);
            Duration estimate = r.nextInt(3) == 0 ? pick(r, DURATIONS) : Duration.ofMinutes(1);
            int kind = r.nextInt(4);
            int retryKind = r.nextInt(6);
            double factor = FACTORS[r.nextInt(FACTORS.length)];
            String value = r.nextInt(6) == 0 ? null : "v";
            java.util.function.Function<io.drplan.core.step.StepSpec, io.drplan.core.step.StepBuilder<?>> spec = s -> {
                io.drplan.core.step.StepBuilder<?> b = switch (kind) {
                    case 0 -> s.checkHttp("https://api.vibe.dev/health");
                    case 1 -> s.terraform("infrastructure/terraform").var(value == null ? null : "k", value);
                    case 2 -> s.updateSecret("dr-cluster", "ns", "name").key(value == null ? null : "K",
                            value == null ? null : Secret.of("secret-value"));
                    default -> s.custom("custom", ctx -> CompletableFuture.completedFuture(Map.of()))
                            .secrets(value == null ? null : Secret.of("tok-9999"));
                };
                b.timeout(timeout).estimate(estimate);
                if (nullAfter) {
                    b.after((String) null);
                } else if (after != null) {
                    b.after(after);
                }
                switch (retryKind) {
                    case 0 -> b.retry(x -> x.multiplier(factor));
                    case 1 -> b.retry(x -> x.jitter(factor));
                    case 2 -> b.retry(x -> {
                        throw new IllegalStateException("boom");
                    });
                    case 3 -> b.retry(x -> x.maxDelay(Duration.ofSeconds(Long.MAX_VALUE)).initialDelay(null));
                    default -> { }
                }
                return b;
            };
            stage = stage.step(id, spec);
            ids.add(id);
        }
        return stage;
    }
}
