package io.drplan.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceNamesTest {
    private static final String DNS_1123_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    @Test
    void forPlan_alreadyValidName_isPrefixedOnly() {
        assertThat(ResourceNames.forPlan("vibe-region-failover")).isEqualTo("drplan-vibe-region-failover");
    }

    @Test
    void forPlan_freeText_isSanitizedWithHashOfTheOriginal() {
        String name = ResourceNames.forPlan("Vibe Region Failover (us-east-1 → us-west-2)");

        assertThat(name).matches("drplan-vibe-region-failover-us-east-1-us-west-2-[0-9a-f]{8}");
        assertThat(name).matches(DNS_1123_SUBDOMAIN);
    }

    @Test
    void forPlan_namesThatSanitizeAlike_getDifferentLeases() {
        assertThat(ResourceNames.forPlan("Failover A")).isNotEqualTo(ResourceNames.forPlan("failover-a"));
        assertThat(ResourceNames.forPlan("Failover A")).isNotEqualTo(ResourceNames.forPlan("failover a"));
    }

    @Test
    void forPlan_sameName_sameLease() {
        assertThat(ResourceNames.forPlan("Quarterly DR drill")).isEqualTo(ResourceNames.forPlan("Quarterly DR drill"));
    }

    @Test
    void forPlan_nothingUsable_isHashOnly() {
        assertThat(ResourceNames.forPlan("→→→")).matches("drplan-[0-9a-f]{8}");
    }

    @Test
    void forPlan_veryLongName_fitsIn253Characters() {
        String name = ResourceNames.forPlan("x".repeat(400));

        assertThat(name).hasSizeLessThanOrEqualTo(253).matches(DNS_1123_SUBDOMAIN);
        assertThat(name).isNotEqualTo(ResourceNames.forPlan("x".repeat(401)));
    }

    @Test
    void forPlan_blank_isRejected() {
        assertThatThrownBy(() -> ResourceNames.forPlan(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("planName must not be blank but was ' '");
    }
}
