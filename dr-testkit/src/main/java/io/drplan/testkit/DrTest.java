package io.drplan.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs a test class or method with {@link FakeCloudExtension}: a fresh fake cloud per test. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(FakeCloudExtension.class)
public @interface DrTest {
    /** What the fake cloud holds at the start of each test. */
    Preset preset() default Preset.VIBE_PLATFORM;

    /** Starting states of the fake cloud. */
    enum Preset {
        /** The runbook's platform: see {@link FakeCloud#vibePlatform}. */
        VIBE_PLATFORM,
        /** Nothing: the test seeds what it needs. */
        EMPTY
    }
}
