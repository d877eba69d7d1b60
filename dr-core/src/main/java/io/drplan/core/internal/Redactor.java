package io.drplan.core.internal;

import io.drplan.core.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Removes secret values from text before it reaches a log, the journal, a report, an event or an
 * exception message: the values of known {@link Secret}s with their base64 and URL-encoded forms
 * (as a remote error may echo them), and the password of any {@code scheme://user:password@host}
 * URL. Values of 4 characters or more are replaced wherever they appear; shorter ones wherever
 * they stand alone (not inside a longer word or number), so that a 2-character secret does not
 * garble every text that happens to contain its letters.
 */
public final class Redactor {
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]+:)([^@\\s]+)(@)");
    private static final int SHORT = 4;
    private final List<String> values = new CopyOnWriteArrayList<>();
    private final List<Pattern> shortValues = new CopyOnWriteArrayList<>();

    /** Adds the values of {@code secrets} that can be read now. */
    public void addAll(List<Secret> secrets) {
        for (Secret s : secrets) {
            if (s.isAvailable()) {
                add(s.reveal());
            }
        }
    }

    /** Adds one sensitive value, with its base64 and URL-encoded forms. */
    public void add(String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (value.length() < SHORT) {
            shortValues.add(Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(value) + "(?![\\p{L}\\p{N}])"));
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Set<String> forms = new LinkedHashSet<>(List.of(value,
                Base64.getEncoder().encodeToString(bytes),
                Base64.getEncoder().withoutPadding().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                URLEncoder.encode(value, StandardCharsets.UTF_8),
                URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        synchronized (values) {
            List<String> sorted = new ArrayList<>(values);
            forms.stream().filter(f -> f.length() >= SHORT && !sorted.contains(f)).forEach(sorted::add);
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
        for (Pattern p : shortValues) {
            out = p.matcher(out).replaceAll("****");
        }
        return URL_PASSWORD.matcher(out).replaceAll("$1****$3");
    }
}
