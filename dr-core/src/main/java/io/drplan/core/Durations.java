package io.drplan.core;

import java.time.Duration;
import java.util.Locale;

/** Formats durations for people: {@code 1h 05m}, {@code 25m 00s}, {@code 3.2s}. */
public final class Durations {
    private Durations() { }

    /** A short human form; {@code "-"} for null. */
    public static String format(Duration d) {
        if (d == null) {
            return "-";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long s = d.getSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s >= 1) {
            return String.format(Locale.ROOT, "%d.%01ds", s, d.getNano() / 100_000_000);
        }
        return (d.toNanos() / 1_000_000) + "ms";
    }
}
