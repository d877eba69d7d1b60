package io.drplan.core;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A sensitive value (a password, a connection string with a password, a token). Its
 * {@link #toString()} never shows the value, and drplan's logs, journal, reports, events and
 * exception messages redact it. Call {@link #reveal()} only at the point where the value leaves
 * for the system that needs it.
 *
 * <pre>{@code
 * Secret password = Secret.fromEnv("DB_PASSWORD");
 * Secret url = Secret.of("postgresql://vibe:" + password.reveal() + "@host:5432/vibe");
 * }</pre>
 */
public final class Secret {
    private final String name;
    private final Supplier<String> value;

    private Secret(String name, Supplier<String> value) {
        this.name = name;
        this.value = value;
    }

    /** A secret holding {@code value}; the name shown in place of the value is {@code "secret"}. */
    public static Secret of(String value) {
        return named("secret", value);
    }

    /** A secret holding {@code value}, shown as {@code Secret[name]}. */
    public static Secret named(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value of secret '" + name + "'");
        return new Secret(name, () -> value);
    }

    /**
     * A secret read from an environment variable when it is first revealed. Plan validation
     * reports a missing variable before any action starts (see {@link #isAvailable()}).
     */
    public static Secret fromEnv(String variable) {
        Objects.requireNonNull(variable, "variable");
        return new Secret("env:" + variable, () -> System.getenv(variable));
    }

    /** The name shown in place of the value. */
    public String name() {
        return name;
    }

    /** Whether the value can be read now (an environment variable that is set, for instance). */
    public boolean isAvailable() {
        try {
            return value.get() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The value. Pass it straight to the system that needs it; never log it or put it in a message.
     *
     * @throws DrException when the value cannot be read (an unset environment variable)
     */
    public String reveal() {
        String v = value.get();
        if (v == null) {
            throw new DrException("secret '" + name + "' has no value; set it before running the plan");
        }
        return v;
    }

    /**
     * Replaces every occurrence of this secret's value in {@code text} with {@code ****}, for text
     * that may have picked the value up (an error message from a remote API, say).
     */
    public String redact(String text) {
        if (text == null || !isAvailable()) {
            return text;
        }
        String v = value.get();
        return v.length() < 4 ? text : text.replace(v, "****");
    }

    /** Two secrets are equal when their names and values are; the comparison reveals nothing. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && name.equals(s.name) && Objects.equals(value.get(), s.value.get());
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[" + name + "]";
    }
}
