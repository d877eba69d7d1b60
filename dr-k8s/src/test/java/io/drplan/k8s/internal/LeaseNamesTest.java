package io.drplan.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LeaseNamesTest {
    private static final String DNS_1123_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    @Test
    void forPlan_alreadyValidName_isPrefixedOnly() {
        assertThat(LeaseNames.forPlan("vibe-region-failover")).isEqualTo("drplan-vibe-region-failover");
    }

    @Test
    void forPlan_freeText_isSanitizedWithHashOfTheOriginal() {
        String name = LeaseNames.forPlan("Vibe Region Failover (us-east-1 → us-west-2)");

        assertThat(name).matches("drplan-vibe-region-failover-us-east-1-us-west-2-[0-9a-f]{8}");
        assertThat(name).matches(DNS_1123_SUBDOMAIN);
    }

    @Test
    void forPlan_namesThatSanitizeAlike_getDifferentLeases() {
        assertThat(LeaseNames.forPlan("Failover A")).isNotEqualTo(LeaseNames.forPlan("failover-a"));
        assertThat(LeaseNames.forPlan("Failover A")).isNotEqualTo(LeaseNames.forPlan("failover a"));
    }

    @Test
    void forPlan_sameName_sameLease() {
        assertThat(LeaseNames.forPlan("Quarterly DR drill")).isEqualTo(LeaseNames.forPlan("Quarterly DR drill"));
    }

    @Test
    void forPlan_nothingUsable_isHashOnly() {
        assertThat(LeaseNames.forPlan("→→→")).matches("drplan-[0-9a-f]{8}");
    }

    @Test
    void forPlan_veryLongName_fitsIn253Characters() {
        String name = LeaseNames.forPlan("x".repeat(400));

        assertThat(name).hasSizeLessThanOrEqualTo(253).matches(DNS_1123_SUBDOMAIN);
        assertThat(name).isNotEqualTo(LeaseNames.forPlan("x".repeat(401)));
    }

    @Test
    void forPlan_blank_isRejected() {
        assertThatThrownBy(() -> LeaseNames.forPlan(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("planName must not be blank but was ' '");
    }
}
