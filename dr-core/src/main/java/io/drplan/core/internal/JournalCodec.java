package io.drplan.core.internal;

import io.drplan.core.event.ExecutionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns events into journal lines, keeping only values that are safe and meaningful to store. Internal. */
public final class JournalCodec {
    /**
     * The journal format's version, first field of every line. 2: every line carries the plan's
     * fingerprint and a chained checksum ({@link JournalChain}).
     */
    public static final int VERSION = 2;

    private JournalCodec() { }

    /** One JSON line for {@code e}, with every text redacted. */
    public static String encode(ExecutionEvent e, Redactor redactor) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("type", e.type());
        m.put("at", e.at().toString());
        m.put("executionId", e.executionId());
        if (e.stepId() != null) {
            m.put("stepId", e.stepId());
        }
        e.fields().forEach((k, v) -> m.put(k, safe(v, redactor)));
        return Json.write(m);
    }

    /**
     * The outputs that can be journaled and reported: strings (redacted), numbers, booleans,
     * instants and lists of those. Secrets and other objects are left out.
     */
    public static Map<String, Object> safeOutputs(Map<String, Object> outputs, Redactor redactor) {
        Map<String, Object> out = new LinkedHashMap<>();
        outputs.forEach((k, v) -> {
            Object s = safe(v, redactor);
            if (s != null) {
                out.put(k, s);
            }
        });
        return out;
    }

    private static Object safe(Object v, Redactor redactor) {
        if (v instanceof String s) {
            return redactor.redact(s);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Instant || v instanceof Duration) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, x) -> {
                Object s = safe(x, redactor);
                if (s != null) {
                    m.put(String.valueOf(k), s);
                }
            });
            return m;
        }
        if (v instanceof Collection<?> c) {
            List<Object> l = c.stream().map(x -> safe(x, redactor)).filter(x -> x != null).toList();
            return l.size() == c.size() ? l : null;
        }
        return null;
    }
}
