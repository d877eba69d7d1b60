package io.drplan.core.runbook;

import java.util.Map;

/** Small formatting and argument-checking helpers shared by the runbook types. */
final class Text {
    private Text() { }

    /** Escapes Markdown punctuation so step errors and ids render as written; line breaks become spaces. */
    static String md(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#' -> sb.append('\\').append(c);
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The "summary" output of a step, when it has one. */
    static String summary(Map<String, Object> outputs) {
        Object s = outputs.get("summary");
        return s == null ? null : String.valueOf(s);
    }

    static <T> T require(T value, String field, String fix) {
        if (value == null) {
            throw new NullPointerException(field + " must not be null; " + fix);
        }
        return value;
    }
}
