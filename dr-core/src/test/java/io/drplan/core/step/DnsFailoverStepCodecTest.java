package io.drplan.core.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.DnsProvider.AliasTarget;
import io.drplan.core.spi.DnsProvider.FailoverRecord;
import io.drplan.core.spi.DnsProvider.FailoverRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The journal shape of the records a DNS failover checkpoints before its change. */
class DnsFailoverStepCodecTest {
    private static final String NAME = "api.vibe.dev.";
    private static final String EAST_ALB = "vibe-alb-use1.us-east-1.elb.amazonaws.com";
    private static final String WEST_ALB = "vibe-alb-usw2.us-west-2.elb.amazonaws.com";
    private static final FailoverRecord EAST = FailoverRecord.alias(NAME, "A", FailoverRole.PRIMARY, "vibe-use1",
            new AliasTarget("Z35SXDOTRQ7X7K", EAST_ALB, true), "hc-east");
    private static final FailoverRecord WEST = FailoverRecord.alias(NAME, "A", FailoverRole.SECONDARY, "vibe-usw2",
            new AliasTarget("Z1H1FL5HABSF5", WEST_ALB, true), null);

    @Test
    void decode_journalShapes_giveBackTheRecords() {
        Object journaled = List.of(Map.of("name", NAME, "type", "A", "role", "PRIMARY", "setIdentifier", "vibe-use1",
                "values", List.of(), "ttl", new java.math.BigDecimal("0"), "healthCheckId", "hc-east",
                "alias", Map.of("hostedZoneId", "Z35SXDOTRQ7X7K", "dnsName", EAST_ALB, "evaluateTargetHealth", true)));

        assertThat(DnsRecords.decode(journaled)).containsExactly(EAST);
        assertThat(DnsRecords.decode(DnsRecords.encode(List.of(EAST, WEST)))).containsExactly(EAST, WEST);
    }
}
