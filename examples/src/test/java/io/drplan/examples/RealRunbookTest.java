package io.drplan.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.aws.AwsClients;
import io.drplan.core.DrEngine;
import io.drplan.core.DrException;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionRefusedException;
import io.drplan.core.Secret;
import io.drplan.core.http.JdkHttpProbe;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real runbook's assembly: real AWS providers (over clients pointed at a closed port: preflight
 * calls nothing), two clusters by kubeconfig context (a kubeconfig written by the test), the default
 * HTTP probe; Terraform left out or given.
 */
class RealRunbookTest {
    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: primary
              cluster: {server: "https://127.0.0.1:1"}
            - name: dr
              cluster: {server: "https://127.0.0.1:2"}
            users:
            - name: ops
              user: {token: not-a-real-token}
            contexts:
            - name: primary-cluster
              context: {cluster: primary, user: ops}
            - name: dr-cluster
              context: {cluster: dr, user: ops}
            current-context: dr-cluster
            """;

    @TempDir
    Path dir;
    private String previousKubeconfig;
    private final DrPlan plan = VibePlans.regionFailover(Secret.of("db-password"));

    @BeforeEach
    void kubeconfig() throws IOException {
        Path file = Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);
        previousKubeconfig = System.setProperty("kubeconfig", file.toString());
    }

    @AfterEach
    void restore() {
        if (previousKubeconfig == null) {
            System.clearProperty("kubeconfig");
        } else {
            System.setProperty("kubeconfig", previousKubeconfig);
        }
    }

    private static AwsClients aws() {
        return AwsClients.builder().endpointOverride(URI.create("http://127.0.0.1:1"))
                .staticCredentials("testing", Secret.of("testing")).build();
    }

    @Test
    void missingTerraform_isNamedByTheRunbookAndRefusedByPreflight() {
        try (RealRunbook runbook = RealRunbook.builder().aws(aws()).primaryCluster("primary-cluster")
                .drCluster("dr-cluster").build()) {
            assertThat(runbook.missingFor(plan)).containsExactly("step 'activate-dr-infra' calls "
                    + plan.step("activate-dr-infra").orElseThrow().operations().get(0)
                    + " but no infrastructure provider was given; add Terraform with"
                    + " RealRunbook.builder().infrastructure(TerraformProvider...)");
            DrEngine engine = runbook.engine(e -> e.scheduler(VirtualScheduler.create()));

            assertThatThrownBy(() -> engine.execute(plan)).isInstanceOf(ExecutionRefusedException.class)
                    .hasMessageContaining("step 'activate-dr-infra' calls terraform:")
                    .hasMessageContaining("but no infrastructure provider was added")
                    .hasMessageContaining("nothing was changed");
            assertThat(runbook.providers().http()).isInstanceOf(JdkHttpProbe.class);
            assertThat(runbook).hasToString("RealRunbook[aws=true, clusters=[primary-cluster, dr-cluster],"
                    + " infrastructure=false, http=true]");
        }
    }

    @Test
    void everythingGiven_nothingMissing() {
        FakeCloud stand = FakeCloud.create(VirtualScheduler.create());
        try (RealRunbook runbook = RealRunbook.builder().aws(aws()).primaryCluster("primary-cluster")
                .drCluster("dr-cluster").infrastructure(stand.infrastructure()).build()) {
            assertThat(runbook.missingFor(plan)).isEmpty();
        }
    }

    @Test
    void missingDrClusterAndAws_eachStepNamesWhatItNeeds() {
        try (RealRunbook runbook = RealRunbook.builder().primaryCluster("primary-cluster").build()) {
            assertThat(runbook.missingFor(plan)).contains(
                    "step 'restore-db' calls rds:DescribeDBInstances but no databases provider was given; add AWS"
                            + " with RealRunbook.builder().aws(AwsClients.create())",
                    "step 'restart-apps' uses cluster 'dr-cluster', which was not given; add its kubeconfig context"
                            + " with RealRunbook.builder().drCluster(\"dr-cluster\") (or .primaryCluster)");
        }
    }

    @Test
    void unknownContext_namesTheContextsThereAre() {
        assertThatThrownBy(() -> RealRunbook.builder().drCluster("dr-clutser").build())
                .isInstanceOf(DrException.class)
                .hasMessageStartingWith("no kubeconfig context named 'dr-clutser'; the kubeconfig has"
                        + " [dr-cluster, primary-cluster]");
    }

    @Test
    void sameContextTwice_isRefused() {
        assertThatThrownBy(() -> RealRunbook.builder().primaryCluster("dr-cluster").drCluster("dr-cluster").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("primaryCluster and drCluster are both context 'dr-cluster'; the DR cluster must be"
                        + " another cluster, e.g. drCluster(\"dr-cluster\")");
    }
}
