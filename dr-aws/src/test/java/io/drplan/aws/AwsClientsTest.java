package io.drplan.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.Secret;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AwsClientsTest {
    private static final URI LOCAL = URI.create("http://127.0.0.1:1");

    private static AwsClients local() {
        return AwsClients.builder().endpointOverride(LOCAL)
                .staticCredentials("AKIDEXAMPLE", Secret.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).build();
    }

    @Test
    void rds_sameRegionTwice_isTheSameClient() {
        try (AwsClients clients = local()) {
            assertThat(clients.rds(Region.of("us-east-1"))).isSameAs(clients.rds(Region.of("us-east-1")));
            assertThat(clients.rds(Region.of("us-east-1"))).isNotSameAs(clients.rds(Region.of("us-west-2")));
        }
    }

    @Test
    void ec2_manyThreadsAtOnce_allGetTheSameClient() throws Exception {
        try (AwsClients clients = local()) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                java.util.List<java.util.concurrent.Future<Object>> futures = new java.util.ArrayList<>();
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                for (int i = 0; i < 16; i++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        return clients.ec2(Region.of("us-west-2"));
                    }));
                }
                start.countDown();
                Object first = futures.get(0).get();
                for (var f : futures) {
                    assertThat(f.get()).isSameAs(first);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void route53_global_isSignedForUsEast1() {
        try (AwsClients clients = local()) {
            assertThat(clients.route53().serviceClientConfiguration().region().id()).isEqualTo("aws-global");
        }
    }

    @Test
    void sdkRetries_default_areOff() {
        try (AwsClients clients = local()) {
            assertThat(clients.sdkRetriesEnabled()).isFalse();
            assertThat(clients.rds(Region.of("us-east-1")).serviceClientConfiguration().overrideConfiguration()
                    .retryStrategy()).hasValueSatisfying(s -> assertThat(s.maxAttempts()).isEqualTo(1));
        }
    }

    @Test
    void toString_staticCredentials_neverShowsTheSecret() {
        try (AwsClients clients = local()) {
            clients.rds(Region.of("us-east-1"));

            assertThat(clients.toString()).isEqualTo("AwsClients[static credentials AKIDEXAMPLE, endpoint"
                    + " http://127.0.0.1:1, sdkRetries off, clients [rds/us-east-1]]")
                    .doesNotContain("wJalr");
        }
    }

    @Test
    void close_defaultCredentialsChain_closesClientsAndChain() {
        AwsClients clients = AwsClients.create();
        clients.sts(Region.of("us-west-2"));

        clients.close();

        assertThat(clients.toString()).isEqualTo("AwsClients[default credentials chain, sdkRetries off, clients []]");
    }

    @Test
    void rds_afterClose_isRejected() {
        AwsClients clients = local();
        clients.close();

        assertThatThrownBy(() -> clients.rds(Region.of("us-east-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("AwsClients is closed; create a new one to call rds");
    }

    @Test
    void apiCallTimeout_negative_isRejectedWithTheValue() {
        assertThatThrownBy(() -> AwsClients.builder().apiCallTimeout(Duration.ofSeconds(-3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("apiCallTimeout must be positive but was PT-3S");
    }

    @Test
    void endpointOverride_relative_isRejectedWithTheValue() {
        assertThatThrownBy(() -> AwsClients.builder().endpointOverride(URI.create("localhost:5000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpointOverride must be an absolute http(s) URI such as http://127.0.0.1:5000 but was"
                        + " 'localhost:5000'");
    }

    @Test
    void maxConnections_zero_isRejected() {
        assertThatThrownBy(() -> AwsClients.builder().maxConnections(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConnections must be at least 1 but was 0");
    }

    @Test
    void staticCredentials_blankKeyId_isRejected() {
        assertThatThrownBy(() -> AwsClients.builder().staticCredentials(" ", Secret.of("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accessKeyId must not be blank but was ' '");
    }
}
