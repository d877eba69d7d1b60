package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void redact_knownSecretsAndUrlPasswords() {
        Redactor r = new Redactor();
        r.addAll(List.of(Secret.of("s3cr3t-value"), Secret.fromEnv("DRPLAN_SURELY_UNSET_VARIABLE")));

        assertThat(r.redact("token s3cr3t-value leaked")).isEqualTo("token **** leaked");
        assertThat(r.redact("postgresql://vibe:p4ss@db:5432/vibe")).isEqualTo("postgresql://vibe:****@db:5432/vibe");
        assertThat(r.redact(null)).isNull();
    }
}
