package io.drplan.core.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrPlan;
import io.drplan.core.StepKind;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each kind of step has its own builder type, and each builder type declares one kind. */
class StepKindsTest {

    /** Every public method of {@link StepSpec} that starts a step, called once with placeholder arguments. */
    private static Map<String, StepBuilder<?>> everyChoice() throws Exception {
        StepSpec[] spec = new StepSpec[1];
        DrPlan.region("us-east-1").failoverTo("us-west-2")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("capture", s -> {
                    spec[0] = s;
                    return s.custom("capture", ctx -> CompletableFuture.completedFuture(Map.of()));
                }).build();
        Map<String, StepBuilder<?>> chosen = new TreeMap<>();
        for (Method m : StepSpec.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || !StepBuilder.class.isAssignableFrom(m.getReturnType())) {
                continue;
            }
            Object[] args = new Object[m.getParameterCount()];
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = types[i] == String.class ? "x" : types[i] == String[].class ? new String[] {"x"}
                        : types[i] == Path.class ? Path.of("x") : null;
            }
            chosen.put(m.getName() + List.of(types).stream().map(Class::getSimpleName).toList(),
                    (StepBuilder<?>) m.invoke(spec[0], args));
        }
        return chosen;
    }

    @Test
    void everyBuilderType_isFinal_andDeclaresExactlyOneKind() throws Exception {
        Map<Class<?>, Set<StepKind>> kindsByType = new HashMap<>();
        Map<StepKind, Set<Class<?>>> typesByKind = new HashMap<>();
        everyChoice().forEach((method, builder) -> {
            assertThat(Modifier.isFinal(builder.getClass().getModifiers())).as(method + " returns a final builder").isTrue();
            kindsByType.computeIfAbsent(builder.getClass(), c -> EnumSet.noneOf(StepKind.class)).add(builder.kind());
            typesByKind.computeIfAbsent(builder.kind(), k -> new java.util.HashSet<>()).add(builder.getClass());
        });
        kindsByType.forEach((type, kinds) -> assertThat(kinds).as(type.getSimpleName()).hasSize(1));
        typesByKind.forEach((kind, types) -> assertThat(types).as(kind.name()).hasSize(1));
    }

    @Test
    void everyKind_hasABuilder() throws Exception {
        Set<StepKind> declared = EnumSet.noneOf(StepKind.class);
        everyChoice().values().forEach(b -> declared.add(b.kind()));

        assertThat(EnumSet.complementOf(EnumSet.copyOf(declared))).isEmpty();
    }

    @Test
    void optionsOfOtherKinds_areNotOnTheBuilder() throws Exception {
        Map<String, StepBuilder<?>> chosen = everyChoice();

        assertThat(methodNames(chosen.get("scale[String, String, String]"))).contains("replicas")
                .doesNotContain("toRevision");
        assertThat(methodNames(chosen.get("rolloutRestart[String, String, String[]]")))
                .doesNotContain("replicas", "toRevision");
        assertThat(methodNames(chosen.get("checkPods[String, String]"))).contains("label", "minimum")
                .doesNotContain("expectStatus", "expect", "hostHeader");
        assertThat(methodNames(chosen.get("checkHttp[String]"))).contains("expectStatus", "hostHeader")
                .doesNotContain("minimum", "label", "expect");
        assertThat(methodNames(chosen.get("createSnapshot[String]"))).doesNotContain("kmsKey", "to");
        assertThat(methodNames(chosen.get("checkBackupFreshness[String]"))).contains("maxAge")
                .doesNotContain("prefix", "olderThan");
        assertThat(methodNames(chosen.get("checkBucketProtection[String]"))).doesNotContain("image", "replicatedFrom");
        assertThat(methodNames(chosen.get("approval[String, String]"))).doesNotContain("compensateWith", "operations");
    }

    private static Set<String> methodNames(StepBuilder<?> b) {
        Set<String> names = new java.util.TreeSet<>();
        for (Class<?> c = b.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())) {
                    names.add(m.getName());
                }
            }
        }
        return names;
    }
}
