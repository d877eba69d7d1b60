package io.drplan.core;

import io.drplan.core.internal.PlanChecks;
import io.drplan.core.internal.PlanGraph;
import io.drplan.core.internal.StepSpecs;
import io.drplan.core.step.Step;
import io.drplan.core.step.StepBuilder;
import io.drplan.core.step.StepSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A disaster-recovery plan: where it fails over from and to, the objectives it must meet, and its
 * steps as a dependency graph. Built with a staged DSL whose every stage is immutable, checked as
 * a whole by {@link PlanStage#build()}, and printed as its preview.
 *
 * <pre>{@code
 * DrPlan plan = DrPlan.region("us-east-1")
 *     .failoverTo("us-west-2")
 *     .named("vibe-region-failover")
 *     .tier(IncidentTier.CRITICAL)
 *     .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)).mttr(Duration.ofHours(2)))
 *     .step("verify-primary", s -> s.verifySourceRegionDown())
 *     .step("restore-db", s -> s.restoreLatestSnapshot("vibe-postgres-production")
 *         .as("vibe-postgres-dr").subnetGroup("vibe-db-subnet-group-dr").after("verify-primary"))
 *     .build();
 * }</pre>
 */
public final class DrPlan {
    /** Timeout of a step unless it or the plan sets another. */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofHours(1);
    /** The longest recovery objective a plan may set, 100 years (longer ones could overflow sums of times). */
    public static final Duration MAX_OBJECTIVE = Duration.ofDays(36_525);
    private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final String name;
    private final Region source;
    private final Region target;
    private final IncidentTier tier;
    private final Objectives objectives;
    private final CompensationStrategy compensation;
    private final List<Step> steps;
    private final Map<String, Step> byId;
    private final PlanGraph graph;

    private DrPlan(String name, Region source, Region target, IncidentTier tier, Objectives objectives,
                   CompensationStrategy compensation, List<Step> steps) {
        this.name = name;
        this.source = source;
        this.target = target;
        this.tier = tier;
        this.objectives = objectives;
        this.compensation = compensation;
        this.steps = List.copyOf(steps);
        Map<String, Step> m = new LinkedHashMap<>();
        steps.forEach(s -> m.put(s.id(), s));
        this.byId = Collections.unmodifiableMap(m);
        this.graph = PlanGraph.of(this.steps);
    }

    /** Starts a plan that fails over from {@code sourceRegion}; the only way on is {@code failoverTo}. */
    public static SourceStage region(String sourceRegion) {
        return targetRegion -> new Stage(sourceRegion, targetRegion);
    }

    /** The plan's name (by default {@code failover-<source>-to-<target>}). */
    public String name() {
        return name;
    }

    public Region source() {
        return source;
    }

    public Region target() {
        return target;
    }

    /** The incident tier the plan responds to. */
    public IncidentTier tier() {
        return tier;
    }

    public Objectives objectives() {
        return objectives;
    }

    public CompensationStrategy compensation() {
        return compensation;
    }

    /** The steps in the order they were declared. */
    public List<Step> steps() {
        return steps;
    }

    /** The step with {@code id}. */
    public Optional<Step> step(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The steps in an order that respects every dependency (declaration order among equals). */
    public List<Step> orderedSteps() {
        return graph.topologicalOrder();
    }

    /** The dependency graph, for previews. */
    PlanGraph graph() {
        return graph;
    }

    /** The dry run: ordered steps, calls, critical path with estimates and RTO feasibility. */
    public PlanPreview preview() {
        return PlanPreview.of(this, List.of());
    }

    /** The preview, as text. */
    @Override
    public String toString() {
        return preview().toString();
    }

    /** The first stage: only {@code failoverTo} can follow. */
    @FunctionalInterface
    public interface SourceStage {
        /** The region to fail over to. */
        PlanStage failoverTo(String targetRegion);
    }

    /**
     * The plan being declared. Every method returns a new stage; a saved stage can be continued in
     * two ways.
     */
    public interface PlanStage {
        /** The plan's name, used for locks, journals and reports. */
        PlanStage named(String name);

        /** The incident tier the plan responds to (CRITICAL by default for a region failover). */
        PlanStage tier(IncidentTier tier);

        /** The recovery objectives (required). */
        PlanStage objectives(Consumer<Objectives.Builder> objectives);

        /** The retry policy of every step that does not set its own. */
        PlanStage retry(Consumer<RetryPolicy.Builder> retry);

        /** The timeout of every step that does not set its own ({@link #DEFAULT_STEP_TIMEOUT} by default). */
        PlanStage stepTimeout(Duration timeout);

        /** When completed steps are undone ({@link CompensationStrategy#ON_FAILURE} by default). */
        PlanStage compensation(CompensationStrategy strategy);

        /**
         * Adds a step; {@code spec} chooses what it does and how, returning that one kind's builder:
         * {@code s -> s.restoreLatest("vibe-postgres-production").as("vibe-postgres-dr")}.
         */
        PlanStage step(String id, Function<StepSpec, ? extends StepBuilder<?>> spec);

        /**
         * Checks everything and builds the plan.
         *
         * @throws PlanValidationException listing every problem found
         */
        DrPlan build();
    }

    private record StepDecl(String id, Function<StepSpec, ? extends StepBuilder<?>> spec, StepDecl previous) { }

    private record Stage(String source, String target, String name, IncidentTier tier,
                         Consumer<Objectives.Builder> objectives, Consumer<RetryPolicy.Builder> retry,
                         Duration stepTimeout, CompensationStrategy compensation, StepDecl last) implements PlanStage {
        Stage(String source, String target) {
            this(source, target, null, IncidentTier.CRITICAL, null, null, DEFAULT_STEP_TIMEOUT,
                    CompensationStrategy.ON_FAILURE, null);
        }

        @Override
        public PlanStage named(String n) {
            return new Stage(source, target, n, tier, objectives, retry, stepTimeout, compensation, last);
        }

        @Override
        public PlanStage tier(IncidentTier t) {
            return new Stage(source, target, name, t, objectives, retry, stepTimeout, compensation, last);
        }

        @Override
        public PlanStage objectives(Consumer<Objectives.Builder> o) {
            return new Stage(source, target, name, tier, o, retry, stepTimeout, compensation, last);
        }

        @Override
        public PlanStage retry(Consumer<RetryPolicy.Builder> r) {
            return new Stage(source, target, name, tier, objectives, r, stepTimeout, compensation, last);
        }

        @Override
        public PlanStage stepTimeout(Duration t) {
            return new Stage(source, target, name, tier, objectives, retry, t, compensation, last);
        }

        @Override
        public PlanStage compensation(CompensationStrategy c) {
            return new Stage(source, target, name, tier, objectives, retry, stepTimeout, c, last);
        }

        @Override
        public PlanStage step(String id, Function<StepSpec, ? extends StepBuilder<?>> spec) {
            return new Stage(source, target, name, tier, objectives, retry, stepTimeout, compensation,
                    new StepDecl(id, spec, last));
        }

        @Override
        public DrPlan build() {
            List<String> problems = new ArrayList<>();
            String planName = name != null ? name : "failover-" + source + "-to-" + target;
            if (name != null && name.isBlank()) {
                problems.add("name is blank; name the plan, e.g. .named(\"vibe-region-failover\")");
            }
            Region src = checkRegion("region (source)", source, problems);
            Region dst = checkRegion("failoverTo (target)", target, problems);
            if (source != null && source.equals(target)) {
                problems.add("failoverTo '" + target + "' is the same region as the source; fail over to another region,"
                        + " e.g. us-west-2");
            }
            if (tier == null) {
                problems.add("tier is null; use IncidentTier.MINOR, MAJOR or CRITICAL");
            }
            if (compensation == null) {
                problems.add("compensation is null; use CompensationStrategy.ON_FAILURE, ALWAYS or NEVER");
            }
            Objectives obj = null;
            if (objectives == null) {
                problems.add("objectives are missing; add .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))");
            } else {
                Objectives.Builder b = new Objectives.Builder();
                try {
                    objectives.accept(b);
                } catch (RuntimeException e) {
                    problems.add("objectives threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                obj = b.build();
                PlanChecks.positive("objectives rto", obj.rto(), problems);
                PlanChecks.positive("objectives rpo", obj.rpo(), problems);
                if (obj.mttr() != null) {
                    PlanChecks.positive("objectives mttr", obj.mttr(), problems);
                }
                for (Map.Entry<String, Duration> o : Arrays.asList(Map.entry("rto", orZero(obj.rto())),
                        Map.entry("rpo", orZero(obj.rpo())), Map.entry("mttr", orZero(obj.mttr())))) {
                    PlanChecks.atMost("objectives " + o.getKey(), o.getValue(), MAX_OBJECTIVE, problems);
                }
            }
            RetryPolicy defaultRetry = RetryPolicy.ofDefaults();
            if (retry != null) {
                RetryPolicy.Builder b = new RetryPolicy.Builder();
                try {
                    retry.accept(b);
                } catch (RuntimeException e) {
                    problems.add("retry threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                defaultRetry = b.build();
                PlanChecks.retryPolicy("retry", defaultRetry, problems);
            }
            PlanChecks.positive("stepTimeout", stepTimeout, problems);
            PlanChecks.atMost("stepTimeout", stepTimeout, PlanChecks.MAX_STEP_DURATION, problems);

            List<StepDecl> decls = new ArrayList<>();
            for (StepDecl d = last; d != null; d = d.previous()) {
                decls.add(d);
            }
            Collections.reverse(decls);
            if (decls.isEmpty()) {
                problems.add("the plan has no steps; add one with .step(\"verify-primary\", s -> s.verifySourceRegionDown())");
            }
            List<Step> steps = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (StepDecl d : decls) {
                if (d.id() == null || !STEP_ID.matcher(d.id()).matches()) {
                    problems.add("step id '" + d.id() + "' is not valid; use letters, digits, '.', '_' and '-', e.g. \"restore-db\"");
                    continue;
                }
                if (!seen.add(d.id())) {
                    problems.add("step id '" + d.id() + "' is used twice; give each step its own id");
                    continue;
                }
                if (d.spec() == null) {
                    problems.add("step '" + d.id() + "' has no spec; pass s -> s.<what it does>(..)");
                    continue;
                }
                Step s;
                try {
                    s = StepSpecs.evaluate(d.id(), d.spec(), source, target, defaultRetry,
                            stepTimeout == null ? DEFAULT_STEP_TIMEOUT : stepTimeout, problems);
                } catch (RuntimeException e) {
                    problems.add("step '" + d.id() + "' could not be built (" + e.getClass().getSimpleName() + ": "
                            + e.getMessage() + "); check the values passed to its builder, none may be null");
                    continue;
                }
                if (s != null) {
                    steps.add(s);
                }
            }
            checkReferences(steps, seen, problems);
            PlanGraph.findCycle(steps).ifPresent(cycle -> problems.add("steps form a dependency cycle (each waits"
                    + " for the next): " + String.join(" -> ", cycle) + "; remove one of these dependencies"));
            if (!problems.isEmpty()) {
                throw new PlanValidationException(planName, problems);
            }
            try {
                return new DrPlan(planName, Objects.requireNonNull(src), Objects.requireNonNull(dst), tier, obj,
                        compensation, steps);
            } catch (RuntimeException e) {
                // a check above missed something: still one clear exception of build(), never a raw one
                throw new PlanValidationException(planName, List.of("the plan could not be built ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + "); please report this with the plan"));
            }
        }

        private static Duration orZero(Duration d) {
            return d == null ? Duration.ZERO : d;
        }

        private static Region checkRegion(String field, String code, List<String> problems) {
            if (code == null) {
                problems.add(field + " is missing; use a region code such as us-east-1");
                return null;
            }
            if (!Region.isKnown(code)) {
                problems.add(field + " '" + code + "' is not a known region code; use one such as us-east-1 or us-west-2");
                return null;
            }
            return Region.of(code);
        }

        private static void checkReferences(List<Step> steps, Set<String> ids, List<String> problems) {
            Map<String, Step> byId = new LinkedHashMap<>();
            steps.forEach(s -> byId.put(s.id(), s));
            for (Step s : steps) {
                for (String dep : s.dependencies()) {
                    if (!ids.contains(dep)) {
                        problems.add("step '" + s.id() + "' depends on step '" + dep + "', which does not exist; known"
                                + " steps are " + ids);
                    } else if (dep.equals(s.id())) {
                        problems.add("step '" + s.id() + "' depends on itself; remove after(\"" + dep + "\")");
                    }
                }
                for (Output<?> in : s.action().inputs()) {
                    Step producer = byId.get(in.stepId());
                    if (producer != null && !producer.action().outputs().contains(in.name())) {
                        problems.add("step '" + s.id() + "' reads output '" + in + "', but step '" + in.stepId()
                                + "' (" + producer.description() + ") produces " + new java.util.TreeSet<>(
                                producer.action().outputs()));
                    }
                }
            }
        }
    }
}
