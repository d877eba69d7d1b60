package io.drplan.core.internal;

import java.time.Duration;
import java.util.SplittableRandom;

/** Spreads delays by a random fraction, from the run's seeded random, so the same seed gives the same timeline. */
final class Jitter {
    private final SplittableRandom random;

    Jitter(SplittableRandom random) {
        this.random = random;
    }

    /** {@code d} times a factor in {@code [1 - fraction, 1 + fraction]}; {@code d} itself when the fraction is 0. */
    Duration apply(Duration d, double fraction) {
        if (fraction <= 0) {
            return d;
        }
        double factor;
        synchronized (random) {
            factor = 1 + (random.nextDouble() * 2 - 1) * fraction;
        }
        return Duration.ofMillis(Math.max(0, (long) (d.toMillis() * factor)));
    }
}
