package io.drplan.testkit;

import io.drplan.core.DrEngine;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh fake cloud on its own virtual time: declare parameters of type
 * {@link FakeCloud}, {@link VirtualScheduler} or {@link DrEngine} (an engine on that cloud and
 * time, with its approver, notifier and journal, seeded for a reproducible timeline). The cloud is
 * the runbook's platform ({@link FakeCloud#vibePlatform}) unless the test class or method is
 * annotated {@code @DrTest(preset = DrTest.Preset.EMPTY)}.
 *
 * <pre>{@code
 * @DrTest
 * class FailoverTest {
 *     @Test
 *     void regionFailover(FakeCloud cloud, DrEngine engine) {
 *         cloud.region(Region.of("us-east-1")).goDown();
 *         assertThat(engine.execute(plan)).succeeded().metRto();
 *     }
 * }
 * }</pre>
 */
public final class FakeCloudExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FakeCloudExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        Class<?> t = p.getParameter().getType();
        return t == FakeCloud.class || t == VirtualScheduler.class || t == DrEngine.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        if (c.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("FakeCloud, VirtualScheduler and DrEngine are given to test methods"
                    + " only, not to constructors or class-level callbacks; declare them as test method parameters");
        }
        FakeCloud cloud = c.getStore(NS).getOrComputeIfAbsent("cloud", k -> newCloud(c), FakeCloud.class);
        Class<?> t = p.getParameter().getType();
        if (t == FakeCloud.class) {
            return cloud;
        }
        if (t == VirtualScheduler.class) {
            return cloud.time();
        }
        return c.getStore(NS).getOrComputeIfAbsent("engine", k -> engineFor(cloud), DrEngine.class);
    }

    /** An engine on {@code cloud}: its providers, time, approver, notifier, journal and lock, seed 42. */
    public static DrEngine engineFor(FakeCloud cloud) {
        return DrEngine.builder()
                .providers(cloud.providers())
                .scheduler(cloud.time())
                .approver(cloud.approver())
                .notifier(cloud.notifier())
                .journal(cloud.journal())
                .lock(cloud.lock())
                .seed(42)
                .build();
    }

    private static FakeCloud newCloud(ExtensionContext c) {
        DrTest.Preset preset = c.getTestMethod().map(m -> m.getAnnotation(DrTest.class))
                .or(() -> c.getTestClass().map(k -> k.getAnnotation(DrTest.class)))
                .map(DrTest::preset).orElse(DrTest.Preset.VIBE_PLATFORM);
        VirtualScheduler time = VirtualScheduler.create();
        return switch (preset) {
            case VIBE_PLATFORM -> FakeCloud.vibePlatform(time);
            case EMPTY -> FakeCloud.create(time);
        };
    }

}
