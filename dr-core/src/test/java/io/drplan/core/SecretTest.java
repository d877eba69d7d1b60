package io.drplan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toString_neverShowsTheValue() {
        Secret s = Secret.named("db-password", "hunter2-long");
        assertThat(s.toString()).isEqualTo("Secret[db-password]");
        assertThat(s.reveal()).isEqualTo("hunter2-long");
    }

    @Test
    void fromEnv_unset_isNotAvailableAndRevealSaysWhat() {
        Secret s = Secret.fromEnv("DRPLAN_SURELY_UNSET_VARIABLE");
        assertThat(s.isAvailable()).isFalse();
        assertThatThrownBy(s::reveal).isInstanceOf(DrException.class)
                .hasMessage("secret 'env:DRPLAN_SURELY_UNSET_VARIABLE' has no value; set it before running the plan");
    }

    @Test
    void template_printsMaskedAndResolvesWithOutputs() {
        Output<String> endpoint = Refs.database("restore-db").endpoint();
        SecretTemplate t = SecretTemplate.of("postgresql://vibe:", Secret.of("pw-123456"), "@", endpoint, ":5432/vibe");

        assertThat(t.toString()).isEqualTo("postgresql://vibe:****@${restore-db.endpoint}:5432/vibe");
        assertThat(t.resolve("url", Map.of(endpoint, "db.example")).reveal())
                .isEqualTo("postgresql://vibe:pw-123456@db.example:5432/vibe");
    }

    @Test
    void template_rejectsOtherParts() {
        assertThatThrownBy(() -> SecretTemplate.of("a", 42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a secret template part must be a String, Secret or Output but was java.lang.Integer");
    }
}
