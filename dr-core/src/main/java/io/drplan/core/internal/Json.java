package io.drplan.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON for journals and reports, on jackson-core's streaming API. Writes maps, collections,
 * strings, numbers, booleans and null (other values as their string); parses into
 * {@link LinkedHashMap}, {@link ArrayList}, {@link String}, {@link Long} or {@link BigDecimal},
 * {@link Boolean} and null. Parsing accepts only RFC 8259 JSON (no {@code +1}, {@code 01},
 * {@code NaN}, comments or trailing input), refuses duplicate keys, and stops at once past
 * {@link #MAX_DEPTH} levels of nesting or {@link #MAX_LENGTH} characters, so a corrupted or hostile
 * journal read back from S3 or a ConfigMap can neither crash nor hang the reader.
 */
public final class Json {
    /** Deepest nesting of objects and arrays a parsed document may have. */
    public static final int MAX_DEPTH = 64;
    /** Longest document (and so longest string or number) parsed, in characters. */
    public static final int MAX_LENGTH = 1 << 20;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_LENGTH)
                    .maxStringLength(MAX_LENGTH)
                    .maxNumberLength(100)
                    .maxNameLength(10_000)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH * 4).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final CharacterEscapes ESCAPES = new LineSeparatorEscapes();

    private Json() { }

    /** One line of JSON. */
    public static String write(Object value) {
        return write(value, null);
    }

    /** Indented JSON for people (two spaces, one value a line). */
    public static String pretty(Object value) {
        return write(value, new Indenting());
    }

    private static String write(Object value, PrettyPrinter printer) {
        StringWriter out = new StringWriter(printer == null ? 128 : 1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setCharacterEscapes(ESCAPES);
            if (printer != null) {
                g.setPrettyPrinter(printer);
            }
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(n.toString());
            } else {
                g.writeNull();
            }
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                write(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }

    /**
     * Parses one JSON value.
     *
     * @throws IllegalArgumentException naming the position and what is wrong
     */
    public static Object parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new TooLarge("invalid JSON: " + text.length() + " characters, more than the "
                    + MAX_LENGTH + " this reader accepts", null);
        }
        JsonParser p;
        try {
            p = FACTORY.createParser(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
        try (p) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("invalid JSON at position 0: expected a value but the input is empty");
            }
            Object v = value(p, first);
            JsonToken rest = p.nextToken();
            if (rest != null) {
                throw new IllegalArgumentException("invalid JSON at position " + offset(p.currentTokenLocation())
                        + ": expected the end of input but found more");
            }
            return v;
        } catch (StreamConstraintsException e) {
            throw new TooLarge("invalid JSON at position " + offset(p.currentTokenLocation()) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON at position " + offset(e.getLocation()) + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }

    private static long offset(JsonLocation at) {
        return at == null ? -1 : Math.max(at.getCharOffset(), 0);
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(value(p, e));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? new BigDecimal(p.getBigIntegerValue())
                        : (Object) p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("invalid JSON at position "
                    + offset(p.currentTokenLocation()) + ": unexpected " + t);
        }
    }

    /** Input over a size or nesting limit: refused whole, never a line torn by a crash. */
    public static final class TooLarge extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Escapes U+2028 and U+2029 too, so JSON stays valid inside JavaScript and HTML. */
    private static final class LineSeparatorEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 ? new SerializedString("\\u2028") : ch == 0x2029 ? new SerializedString("\\u2029") : null;
        }
    }

    /** {@code {"a": 1}} over lines, two spaces a level; empty objects and arrays stay {@code {}} and {@code []}. */
    private static final class Indenting implements PrettyPrinter {
        private int depth;

        private void newline(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
            for (int i = 0; i < depth; i++) {
                g.writeRaw("  ");
            }
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
        }

        private void open(JsonGenerator g, char c) throws IOException {
            g.writeRaw(c);
            depth++;
        }

        private void close(JsonGenerator g, int size, char c) throws IOException {
            depth--;
            if (size > 0) {
                newline(g);
            }
            g.writeRaw(c);
        }

        private void next(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            newline(g);
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            open(g, '{');
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            newline(g);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            next(g);
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            close(g, entries, '}');
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            open(g, '[');
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            newline(g);
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            next(g);
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            close(g, values, ']');
        }
    }
}
