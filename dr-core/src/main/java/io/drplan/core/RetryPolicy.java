package io.drplan.core;

import java.time.Duration;

/**
 * How often and how patiently a step retries a failed call. Only retryable failures (throttling,
 * server errors, lost connections) are retried; delays grow exponentially up to {@code maxDelay}
 * with random jitter of {@code jitter} (0.2 = plus or minus 20 %).
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {
    /** Attempts per call unless told otherwise. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** First retry delay unless told otherwise. */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
    /** Growth of the delay between retries. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Longest delay between retries. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
    /** Jitter fraction. */
    public static final double DEFAULT_JITTER = 0.2;

    /** Five attempts, 1 s doubling to 30 s, 20 % jitter. */
    public static RetryPolicy ofDefaults() {
        return new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_DELAY, DEFAULT_MULTIPLIER, DEFAULT_MAX_DELAY,
                DEFAULT_JITTER);
    }

    /** No retries. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, DEFAULT_INITIAL_DELAY, DEFAULT_MULTIPLIER, DEFAULT_MAX_DELAY, 0);
    }

    /** The delay before retry number {@code retry} (1 for the first retry), without jitter. */
    public Duration delayBefore(int retry) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
        return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
    }

    /** Mutable builder used inside {@code retry(r -> ...)}; values are checked by the plan's {@code build()}. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialDelay = DEFAULT_INITIAL_DELAY;
        private double multiplier = DEFAULT_MULTIPLIER;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private double jitter = DEFAULT_JITTER;

        public Builder() { }

        public Builder(RetryPolicy from) {
            maxAttempts = from.maxAttempts;
            initialDelay = from.initialDelay;
            multiplier = from.multiplier;
            maxDelay = from.maxDelay;
            jitter = from.jitter;
        }

        /** Attempts in all, the first included (1 = no retry). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
            return this;
        }

        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
            return this;
        }

        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        public RetryPolicy build() {
            return new RetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay, jitter);
        }
    }
}
