package io.drplan.core.internal;

import io.drplan.core.Secret;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Removes secret values from text before it reaches a log, the journal, a report, an event or an
 * exception message: the values of known {@link Secret}s, and the password of any
 * {@code scheme://user:password@host} URL.
 */
public final class Redactor {
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]+:)([^@\\s]+)(@)");
    private final List<String> values = new CopyOnWriteArrayList<>();

    /** Adds the values of {@code secrets} that can be read now. */
    public void addAll(List<Secret> secrets) {
        for (Secret s : secrets) {
            if (s.isAvailable()) {
                add(s.reveal());
            }
        }
    }

    /** Adds one sensitive value (ignored when shorter than 4 characters, to keep text readable). */
    public void add(String value) {
        if (value != null && value.length() >= 4 && !values.contains(value)) {
            List<String> sorted = new ArrayList<>(values);
            sorted.add(value);
            sorted.sort(Comparator.comparingInt(String::length).reversed());
            values.clear();
            values.addAll(sorted);
        }
    }

    /** {@code text} with every secret value replaced by {@code ****}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : values) {
            if (out.contains(v)) {
                out = out.replace(v, "****");
            }
        }
        return URL_PASSWORD.matcher(out).replaceAll("$1****$3");
    }
}
