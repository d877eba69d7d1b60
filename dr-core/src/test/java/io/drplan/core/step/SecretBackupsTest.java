package io.drplan.core.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SecretBackupsTest {
    /** A Kubernetes object name that is also a valid label value: DNS-1123 label, at most 63 characters. */
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @Test
    void name_shortParts_secretPrevFirst8OfTheExecutionAndStep() {
        assertThat(SecretBackups.name("vibe-secrets", "5e1f0c3a-9b7d-4c2e-8f10-2a3b4c5d6e7f", "update-config"))
                .isEqualTo("vibe-secrets-drplan-prev-5e1f0c3a-update-config");
    }

    @Test
    void name_stepIdWithCapitalsAndSymbols_lowercaseLettersDigitsAndSingleHyphens() {
        String name = SecretBackups.name("vibe.secrets", "ABCDEF12-x", "Update_Config--2!");

        assertThat(name).isEqualTo("vibe-secrets-drplan-prev-abcdef12-update-config-2");
        assertThat(name).matches(DNS_1123_LABEL);
    }

    @Test
    void name_tooLong_cutTo63AndEndedWithAHashThatTellsStepsApart() {
        String secret = "a-very-long-secret-name-that-some-platform-teams-like-to-use-for-everything";
        String a = SecretBackups.name(secret, "5e1f0c3a-9b7d", "update-config-of-the-primary-region");
        String b = SecretBackups.name(secret, "5e1f0c3a-9b7d", "update-config-of-the-primary-regioN2");

        assertThat(a).hasSizeLessThanOrEqualTo(63).matches(DNS_1123_LABEL).startsWith("a-very-long-secret-name");
        assertThat(b).hasSizeLessThanOrEqualTo(63).matches(DNS_1123_LABEL);
        assertThat(a).isNotEqualTo(b);
        assertThat(SecretBackups.name(secret, "5e1f0c3a-9b7d", "update-config-of-the-primary-region")).isEqualTo(a);
    }
}
