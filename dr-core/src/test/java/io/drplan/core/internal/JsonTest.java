package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writeThenParse_roundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"quoted\"\nline\t\\\u2028");
        m.put("n", 42L);
        m.put("d", new BigDecimal("1.5"));
        m.put("b", true);
        m.put("z", null);
        m.put("l", List.of("x", 1L));
        m.put("o", Map.of("k", "v"));

        String json = Json.write(m);

        assertThat(json).isEqualTo("{\"s\":\"a \\\"quoted\\\"\\nline\\t\\\\\\u2028\",\"n\":42,\"d\":1.5,\"b\":true,"
                + "\"z\":null,\"l\":[\"x\",1],\"o\":{\"k\":\"v\"}}");
        assertThat(Json.parse(json)).isEqualTo(m);
    }

    @Test
    void write_nonFiniteNumbersAndOtherObjects_areNullAndTheirString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nan", Double.NaN);
        m.put("f", 0.25d);
        m.put("other", java.time.Duration.ofMinutes(2));

        assertThat(Json.write(m)).isEqualTo("{\"nan\":null,\"f\":0.25,\"other\":\"PT2M\"}");
    }

    @Test
    void pretty_indentsTwoSpacesAndKeepsEmptyContainersShort() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1L);
        m.put("l", List.of("x", Map.of()));
        m.put("e", List.of());

        assertThat(Json.pretty(m)).isEqualTo("{\n  \"a\": 1,\n  \"l\": [\n    \"x\",\n    {}\n  ],\n  \"e\": []\n}");
    }

    @Test
    void parse_corrupted_namesPosition() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid JSON at position 7: Unexpected end-of-input");
        assertThatThrownBy(() -> Json.parse("{\"a\":1} x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid JSON at position 8:");
        assertThatThrownBy(() -> Json.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid JSON at position 0: expected a value but the input is empty");
    }

    @Test
    void parse_whatJsonRejects_isRejected() {
        for (String bad : List.of("{\"a\":+1}", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":1,}", "{'a':1}", "[1,]",
                "{\"a\":1 /* c */}", "{a:1}", "\"\\x\"", "{\"a\":\"\u0001\"}")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid JSON at position ");
        }
    }

    @Test
    void parse_duplicateKey_isRejectedNamingIt() {
        assertThatThrownBy(() -> Json.parse("{\"stepId\":\"a\",\"stepId\":\"b\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid JSON at position 22: Duplicate field 'stepId'");
    }

    @Test
    void parse_deepNesting_isRefusedAtTheLimitWithoutOverflowingTheStack() {
        assertThat(Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH))).isInstanceOf(List.class);

        assertThatThrownBy(() -> Json.parse("[".repeat(100_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Document nesting depth (65) exceeds the maximum allowed (64");
    }

    @Test
    void parse_hugeDocument_isRefusedBeforeReadingIt() {
        String big = "{\"a\":\"" + "x".repeat(50 * 1024 * 1024) + "\"}";

        assertThatThrownBy(() -> Json.parse(big))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid JSON: " + big.length() + " characters, more than the 1048576 this reader accepts");
    }

    @Test
    void parse_bigNumbers_areDecimalsNotOverflowedLongs() {
        assertThat(Json.parse("123456789012345678901234567890")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(Json.parse("-7")).isEqualTo(-7L);
        assertThat(Json.parse("1e3")).isEqualTo(new BigDecimal("1e3"));
    }
}
