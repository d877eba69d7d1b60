package io.drplan.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A secret assembled when the step runs from literal text, {@link Secret}s and step
 * {@link Output}s, such as a connection string with a password and the endpoint of the database
 * restored a few steps earlier. It prints with its secrets masked.
 *
 * <pre>{@code
 * SecretTemplate.of("postgresql://vibe:", Secret.fromEnv("DB_PASSWORD"), "@",
 *     Refs.database("restore-db").endpoint(), ":5432/vibe")
 * }</pre>
 */
public final class SecretTemplate {
    private final List<Object> parts;

    private SecretTemplate(List<Object> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Parts are {@link String}s, {@link Secret}s and {@link Output}s, joined in order. */
    public static SecretTemplate of(Object... parts) {
        List<Object> list = new ArrayList<>();
        for (Object p : parts) {
            if (!(p instanceof String || p instanceof Secret || p instanceof Output<?>)) {
                throw new IllegalArgumentException("a secret template part must be a String, Secret or Output but was "
                        + (p == null ? "null" : p.getClass().getName()));
            }
            list.add(p);
        }
        return new SecretTemplate(list);
    }

    /** A template that is just one secret. */
    public static SecretTemplate of(Secret secret) {
        return new SecretTemplate(List.of(secret));
    }

    /** The outputs this template reads: the steps producing them come first. */
    public Set<Output<?>> outputs() {
        Set<Output<?>> out = new LinkedHashSet<>();
        for (Object p : parts) {
            if (p instanceof Output<?> o) {
                out.add(o);
            }
        }
        return out;
    }

    /** The secrets it contains. */
    public List<Secret> secrets() {
        return parts.stream().filter(Secret.class::isInstance).map(Secret.class::cast).toList();
    }

    /** Builds the value, reading outputs through {@code resolver}. */
    public Secret resolve(String name, Function<Output<?>, Object> resolver) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof Secret s) {
                sb.append(s.reveal());
            } else if (p instanceof Output<?> o) {
                sb.append(resolver.apply(o));
            } else {
                sb.append(p);
            }
        }
        return Secret.named(name, sb.toString());
    }

    /** Resolves with a map of already known output values (for tests and previews). */
    public Secret resolve(String name, Map<Output<?>, Object> values) {
        return resolve(name, values::get);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            sb.append(p instanceof Secret ? "****" : p instanceof Output<?> o ? "${" + o + "}" : p);
        }
        return sb.toString();
    }
}
