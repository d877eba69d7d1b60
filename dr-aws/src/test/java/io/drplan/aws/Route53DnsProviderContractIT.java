package io.drplan.aws;

import io.drplan.aws.testing.MotoServer;
import io.drplan.core.spi.DnsProvider;
import io.drplan.testkit.contract.DnsProviderContract;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheckType;

/**
 * The DNS contract on moto_server, the fake's run being {@code FakeDnsContractTest}. moto makes
 * every change {@code INSYNC} at once ({@link Route53WireMockIT} covers {@code PENDING}), and moto
 * 5.2.1 applies the valid changes of a batch it refuses (a record outside the zone), where Route 53
 * changes nothing: {@link Route53WireMockIT} checks that the provider sends both records in that one
 * refused request. moto 5.2.1 also accepts a {@code DELETE} whose values any earlier write of the name
 * and type had, where Route 53 compares it with the record as it is now: {@link Route53WireMockIT}
 * checks that the provider's {@code DELETE} carries every value the record was read with and that
 * Route 53's refusal comes back as {@code INVALID_REQUEST}.
 */
@ExtendWith(MotoServerExtension.class)
class Route53DnsProviderContractIT extends DnsProviderContract {
    private final DnsProvider dns;
    private final Route53Client sdk;

    Route53DnsProviderContractIT(MotoServer moto) {
        dns = moto.providers().dns();
        sdk = moto.sdk(Route53Client.builder(), "aws-global");
    }

    @Override
    protected DnsProvider dns() {
        return dns;
    }

    @Override
    protected String newHostedZone(String domain) {
        return sdk.createHostedZone(r -> r.name(domain + ".").callerReference("contract-" + System.nanoTime()))
                .hostedZone().id();
    }

    @Override
    protected String newHealthCheck() {
        return sdk.createHealthCheck(r -> r.callerReference("hc-" + System.nanoTime()).healthCheckConfig(c -> c
                .type(HealthCheckType.HTTPS).fullyQualifiedDomainName("vibe-alb-east.us-east-1.elb.amazonaws.com")
                .resourcePath("/health").port(443))).healthCheck().id();
    }

    @Override
    protected void letChangesSync() {
        // moto: INSYNC at once
    }

    @Override
    protected boolean refusedBatchChangesNothing() {
        return false;
    }

    @Override
    protected boolean deleteComparesCurrentValues() {
        return false;
    }
}
