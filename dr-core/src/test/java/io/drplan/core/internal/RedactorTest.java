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

    @Test
    void redact_base64AndUrlEncodedForms_asARemoteErrorMayEchoThem() {
        Redactor r = new Redactor();
        r.add("p@ss w/rd+1");

        assertThat(r.redact("Authorization: Basic cEBzcyB3L3JkKzE= refused")).isEqualTo("Authorization: Basic **** refused");
        assertThat(r.redact("GET /login?pw=p%40ss+w%2Frd%2B1 401")).isEqualTo("GET /login?pw=**** 401");
        assertThat(r.redact("GET /login?pw=p%40ss%20w%2Frd%2B1 401")).isEqualTo("GET /login?pw=**** 401");
        assertThat(r.redact("token cEBzcyB3L3JkKzE (no padding)")).isEqualTo("token **** (no padding)");
    }

    @Test
    void redact_shortSecret_isRedactedWhereItStandsAlone() {
        Redactor r = new Redactor();
        r.add("x7");
        r.add("abc");

        assertThat(r.redact("password=x7; user abc failed")).isEqualTo("password=****; user **** failed");
        assertThat(r.redact("abcdef and ax7b stay")).isEqualTo("abcdef and ax7b stay");
        assertThat(r.redact("echo eDc= and YWJj")).isEqualTo("echo **** and ****");
    }
}
