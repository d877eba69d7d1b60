package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writeThenParse_roundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"quoted\"\nline\t\\");
        m.put("n", 42L);
        m.put("b", true);
        m.put("z", null);
        m.put("l", List.of("x", 1L));
        m.put("o", Map.of("k", "v"));

        String json = Json.write(m);

        assertThat(json).isEqualTo("{\"s\":\"a \\\"quoted\\\"\\nline\\t\\\\\",\"n\":42,\"b\":true,\"z\":null,"
                + "\"l\":[\"x\",1],\"o\":{\"k\":\"v\"}}");
        assertThat(Json.parse(json)).isEqualTo(m);
    }

    @Test
    void parse_corrupted_namesPosition() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid JSON at position 7: expected more input near '{\"a\":1,'");
        assertThatThrownBy(() -> Json.parse("{\"a\":1} x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid JSON at position 8: expected end of input");
    }
}
