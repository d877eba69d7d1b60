package io.drplan.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.drplan.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.drplan.aws.AwsClients;
import io.drplan.aws.testing.MotoFixtures;
import io.drplan.aws.testing.MotoServer;
import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Mode;
import io.drplan.core.RunOptions;
import io.drplan.core.Secret;
import io.drplan.core.StepOutcome;
import io.drplan.core.StepReport;
import io.drplan.core.Verdict;
import io.drplan.core.http.JdkHttpProbe;
import io.drplan.core.journal.InMemoryJournalStore;
import io.drplan.core.spi.HttpProbe.TrustStore;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.core.step.Step;
import io.drplan.core.time.SystemScheduler;
import io.drplan.terraform.TerraformProvider;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The proof of the README's headline plan: {@link VibePlans#regionFailover(Secret, VibePlans.AwsIds)} (the
 * runbook's Procedure 3, only the emulator's ids instead of the runbook's) executed, then drilled, by an
 * engine assembled with {@link RealRunbook} on real peers, in real time:
 * <ul>
 *   <li>AWS: a moto_server seeded with the runbook's resources ({@link MotoFixtures#seedRunbook});</li>
 *   <li>Kubernetes: two fabric8 mock API servers in CRUD mode, the primary and the DR cluster, reached as
 *       {@link RealRunbook} reaches real ones, by kubeconfig context ({@code primary-cluster}, {@code dr-cluster});
 *       a thread of the test plays the Deployment controller the mock server lacks (a new spec is rolled out at
 *       once);</li>
 *   <li>Terraform: the real binary on a fixture of built-in {@code terraform_data} resources
 *       ({@code src/test/resources/procedure3/infrastructure/terraform}), local state, workspace {@code dr};</li>
 *   <li>HTTP: WireMock over HTTPS with a self-signed certificate for {@code api.vibe.dev}, reached as the
 *       DR check reaches the DR load balancer: the plan's {@code https://api.vibe.dev/health} is sent to
 *       127.0.0.1 under its own name ({@link JdkHttpProbe.Builder#connectTo}).</li>
 * </ul>
 * The world is then read back with clients of the test's own (AWS SDK clients, a fabric8 client,
 * {@code terraform show -json}), and the report's timeline is checked against the plan's dependency graph.
 */
class Procedure3RealPeersIT {
    private static final String PASSWORD = "Dr-pw-never-printed-7731";
    private static final String NS = VibePlans.NAMESPACE;
    private static final String PRIMARY_CLUSTER = "primary-cluster";
    private static final String PRIMARY_DB_URL =
            "postgresql://vibe:Primary-pw-4410@vibe-postgres-production.us-east-1.rds.amazonaws.com:5432/vibe";
    private static final String KEYSTORE_PASSWORD = "changeit";
    private static final Path TF_FIXTURE = Path.of("src/test/resources/procedure3");

    /** The mock servers log every request at INFO through java.util.logging; the controller polls. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    @TempDir
    static Path certificates;
    private static MotoServer moto;
    private static WireMockServer health;
    private static Path pem;

    @TempDir
    Path tfRoot;
    private MotoFixtures.RunbookResources aws;
    private final List<KubernetesMockServer> servers = new ArrayList<>();
    private final List<KubernetesClient> clients = new ArrayList<>();
    private KubernetesClient primary;
    private KubernetesClient dr;
    private ScheduledExecutorService controller;
    private SystemScheduler scheduler;
    private RealRunbook runbook;
    private final InMemoryJournalStore journal = new InMemoryJournalStore();
    private DrPlan plan;

    @BeforeAll
    static void startServers() throws Exception {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        moto = MotoServer.start();
        Path keyStore = certificates.resolve("api.p12");
        pem = certificates.resolve("api.pem");
        keytool("-genkeypair", "-alias", "api", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=api.vibe.dev", "-ext", "SAN=dns:api.vibe.dev", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "api", "-keystore", keyStore.toString(),
                "-storepass", KEYSTORE_PASSWORD, "-file", pem.toString());
        health = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(keyStore.toString()).keystoreType("PKCS12").keystorePassword(KEYSTORE_PASSWORD)
                .keyManagerPassword(KEYSTORE_PASSWORD));
        health.start();
    }

    @AfterAll
    static void stopServers() {
        if (health != null) {
            health.stop();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        // AWS: the runbook's account
        moto.reset();
        aws = MotoFixtures.seedRunbook(moto);
        plan = VibePlans.regionFailover(Secret.named("db-password", PASSWORD), new VibePlans.AwsIds(
                aws.hostedZoneId(), aws.drTargetGroupArn(), aws.drNetwork().subnetGroup(),
                aws.drNetwork().securityGroupId(), aws.healthCheckId(), aws.drHealthCheckId()));

        // Kubernetes: the application in both clusters, the controller playing in the DR one
        primary = client(startCluster());
        dr = client(startCluster());
        seedApplication(primary);
        seedApplication(dr);
        controller = Executors.newSingleThreadScheduledExecutor();
        controller.scheduleWithFixedDelay(this::rollOut, 0, 20, TimeUnit.MILLISECONDS);

        // HTTP: the service's health endpoint, only under its own name
        health.resetAll();
        health.stubFor(get(urlEqualTo("/health")).withHeader("Host", equalTo("api.vibe.dev"))
                .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"ok\"}")));

        // Terraform: the runbook's infrastructure/terraform under the provider's working directory
        copy(TF_FIXTURE, tfRoot);
        Files.writeString(tfRoot.resolve("terraformrc"), "");

        // the clusters by kubeconfig context, as the runbook's kubectl --context dr-cluster
        Path kubeconfig = tfRoot.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                current-context: %s
                clusters:
                - name: primary
                  cluster:
                    server: http://127.0.0.1:%d
                - name: dr
                  cluster:
                    server: http://127.0.0.1:%d
                users:
                - name: operator
                  user:
                    token: not-a-real-token
                contexts:
                - name: %s
                  context: {cluster: primary, user: operator, namespace: vibe-production}
                - name: %s
                  context: {cluster: dr, user: operator, namespace: vibe-production}
                """.formatted(PRIMARY_CLUSTER, servers.get(0).getPort(), servers.get(1).getPort(), PRIMARY_CLUSTER,
                VibePlans.DR_CLUSTER));
        String previousKubeconfig = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig.toString());
        scheduler = SystemScheduler.create();
        try {
            runbook = runbook();
        } finally {
            if (previousKubeconfig == null) {
                System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
            } else {
                System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, previousKubeconfig);
            }
        }
    }

    /** The real runbook's assembly: AWS (here moto), the two clusters by context, Terraform and HTTP. */
    private RealRunbook runbook() {
        return RealRunbook.builder()
                .aws(AwsClients.builder().endpointOverride(moto.endpoint())
                        .staticCredentials(MotoServer.ACCESS_KEY, Secret.of(MotoServer.SECRET_KEY)).build())
                .primaryCluster(PRIMARY_CLUSTER)
                .drCluster(VibePlans.DR_CLUSTER)
                .infrastructure(TerraformProvider.builder().workingDirectory(tfRoot)
                        .environment("TF_CLI_CONFIG_FILE", tfRoot.resolve("terraformrc").toString())
                        .environment("AWS_REGION", VibePlans.DR)
                        .lockTimeout(Duration.ZERO).stopGrace(Duration.ofSeconds(3)).build())
                .http(JdkHttpProbe.builder().trustStore(TrustStore.pem(pem))
                        .connectTo("api.vibe.dev", "127.0.0.1:" + health.httpsPort()).build())
                .build();
    }

    @AfterEach
    void tearDown() {
        if (controller != null) {
            controller.shutdownNow();
        }
        if (runbook != null) {
            runbook.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        clients.forEach(KubernetesClient::close);
        servers.forEach(KubernetesMockServer::destroy);
    }

    private DrEngine engine() {
        return runbook.engine(e -> e.scheduler(scheduler).journal(journal).maxPollInterval(Duration.ofMillis(100)));
    }

    @Test
    void execute_failsOverToUsWest2_onRealPeers() throws Exception {
        // given
        assertThat(runbook.missingFor(plan)).isEmpty();

        // when: moto's us-east-1 always answers, so the operator forces the failover past verify-primary
        ExecutionReport report = engine().execute(plan, RunOptions.defaults().forced());
        System.out.println(report);

        // then: the report
        assertThat(report).succeeded().hasVerdict(Verdict.MET).metRto().metRpo().doesNotReveal(PASSWORD)
                .ranInParallel("restore-db", "activate-dr-infra");
        assertThat(report.mode()).isEqualTo(Mode.EXECUTE);
        assertThat(report.notes()).contains("forced by the operator past safety guards");
        assertTimelineFollows(plan, report);
        assertThat(String.join("\n", journal.read(report.executionId()))).doesNotContain(PASSWORD);

        // AWS, read with the test's own SDK clients: the restored instance, tagged as drplan's
        DBInstance restored = drInstance().orElseThrow();
        assertThat(restored.dbInstanceStatus()).isEqualTo("available");
        assertThat(restored.dbSubnetGroup().dbSubnetGroupName()).isEqualTo(MotoFixtures.DR_SUBNET_GROUP);
        assertThat(tags(restored)).containsEntry("drplan:managed", "true")
                .containsEntry(DatabaseProvider.EXECUTION_TAG, report.executionId())
                .containsEntry(DatabaseProvider.STEP_TAG, "restore-db")
                .containsKey(DatabaseProvider.CREATED_AT_TAG);
        // ... restored from the snapshot copied to us-west-2 (moto has no replicated automated backups); the
        // report's restore point is when the data was captured: the original snapshot's time in us-east-1, not
        // the copy's (AWS's OriginalSnapshotCreateTime)
        assertThat(tags(restored)).containsEntry("drplan:restored-from", aws.drSnapshotId());
        assertThat(report.step("restore-db").orElseThrow().outputs()).containsEntry("source", "SNAPSHOT_IN_REGION")
                .containsEntry("snapshotId", aws.drSnapshotId());
        java.time.Instant captured = moto.sdk(RdsClient.builder(), MotoFixtures.PRIMARY_REGION)
                .describeDBSnapshots(r -> r.dbSnapshotIdentifier(aws.primarySnapshotId())).dbSnapshots().get(0)
                .snapshotCreateTime();
        java.time.Instant copied = moto.sdk(RdsClient.builder(), MotoFixtures.DR_REGION)
                .describeDBSnapshots(r -> r.dbSnapshotIdentifier(aws.drSnapshotId())).dbSnapshots().get(0)
                .snapshotCreateTime();
        assertThat(report.restorePoint()).isEqualTo(captured).isBeforeOrEqualTo(copied);
        // Route 53: PRIMARY now answers with the DR load balancer, SECONDARY with the old primary
        assertThat(failoverRecords()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PRIMARY", VibePlans.DR_ALB + " hc=" + aws.drHealthCheckId(),
                "SECONDARY", VibePlans.PRIMARY_ALB + " hc=" + aws.healthCheckId()));

        // Kubernetes, read with the test's own fabric8 clients
        String endpoint = restored.endpoint().address();
        assertThat(secretValue(dr, "DATABASE_URL"))
                .isEqualTo("postgresql://vibe:" + PASSWORD + "@" + endpoint + ":5432/vibe");
        assertThat(secretValue(dr, "REDIS_URL")).isEqualTo("redis://vibe-redis.us-east-1:6379");
        java.time.Instant secretWritten = report.step("update-config").orElseThrow().finishedAt()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (String d : List.of("vibe-backend", "vibe-frontend")) {
            assertThat(restartedAt(dr, d)).as("restart of %s in the DR cluster", d).isNotNull();
            assertThat(java.time.Instant.parse(restartedAt(dr, d))).as("restart of %s after the new secret", d)
                    .isAfterOrEqualTo(secretWritten);
            assertThat(restartedAt(primary, d)).as("the primary cluster's %s", d).isNull();
        }
        assertThat(secretValue(primary, "DATABASE_URL")).isEqualTo(PRIMARY_DB_URL);

        // Terraform, read with terraform show -json: the dr workspace's state holds the resources
        assertThat(stateAddresses("dr")).containsExactlyInAnyOrder("terraform_data.network", "terraform_data.alb");
        assertThat(report.step("activate-dr-infra").orElseThrow().outputs())
                .containsEntry("summary", "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");

        // HTTP: the check reached the local server under the service's name
        health.verify(getRequestedFor(urlEqualTo("/health")).withHeader("Host", equalTo("api.vibe.dev")));
    }

    @Test
    void drill_failsOverVerifiesAndPutsTheWorldBack_onRealPeers() throws Exception {
        // when
        ExecutionReport report = engine().drill(plan);
        System.out.println(report);

        // then: the report says it failed over, verified and failed back
        assertThat(report).succeeded().hasVerdict(Verdict.MET).doesNotReveal(PASSWORD)
                .ranInParallel("restore-db", "activate-dr-infra");
        assertThat(report.mode()).isEqualTo(Mode.DRILL);
        assertThat(report.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(report.failedBack()).isTrue();
        assertThat(report.step("verify-primary").orElseThrow().notes()).singleElement().asString()
                .contains("continuing because the run is a drill");
        for (String undone : List.of("restore-db", "update-config", "dns-failover")) {
            assertThat(report.step(undone).orElseThrow().outcome()).as(undone).isEqualTo(StepOutcome.COMPENSATED);
        }
        assertThat(report.step("check-health").orElseThrow().startedAt()).isNotNull();
        assertTimelineFollows(plan, report);
        // undone in reverse dependency order, after the last forward step ended
        java.time.Instant lastForward = report.steps().stream().map(StepReport::finishedAt)
                .max(java.time.Instant::compareTo).orElseThrow();
        java.time.Instant dnsBack = report.step("dns-failover").orElseThrow().compensatedAt();
        java.time.Instant secretBack = report.step("update-config").orElseThrow().compensatedAt();
        java.time.Instant dbGone = report.step("restore-db").orElseThrow().compensatedAt();
        assertThat(dnsBack).isAfterOrEqualTo(lastForward).isBeforeOrEqualTo(secretBack);
        assertThat(secretBack).isBeforeOrEqualTo(dbGone);

        // AWS: the restored instance is gone, after a final snapshot; DNS points at the primary again
        assertThat(drInstance()).isEmpty();
        String finalSnapshot = "drplan-final-" + report.executionId() + "-restore-db";
        assertThat(report.step("restore-db").orElseThrow().notes()).singleElement().asString()
                .startsWith("deleted instance 'vibe-postgres-dr' in us-west-2 after final snapshot " + finalSnapshot);
        RdsClient rds = moto.sdk(RdsClient.builder(), MotoFixtures.DR_REGION);
        assertThat(rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(finalSnapshot)).dbSnapshots())
                .singleElement().satisfies(s -> assertThat(s.dbInstanceIdentifier()).isEqualTo(MotoFixtures.DR_DB));
        assertThat(failoverRecords()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PRIMARY", VibePlans.PRIMARY_ALB + " hc=" + aws.healthCheckId(),
                "SECONDARY", VibePlans.DR_ALB + " hc=none"));

        // Kubernetes: the DR cluster's secret holds its prior value again
        assertThat(secretValue(dr, "DATABASE_URL")).isEqualTo(PRIMARY_DB_URL);
        assertThat(secretValue(primary, "DATABASE_URL")).isEqualTo(PRIMARY_DB_URL);

        // Terraform: not undone (a destroy is a decision for people), and the report does not claim it was
        assertThat(stateAddresses("dr")).containsExactlyInAnyOrder("terraform_data.network", "terraform_data.alb");
        assertThat(report.step("activate-dr-infra").orElseThrow().outcome()).isEqualTo(StepOutcome.SUCCEEDED);
    }

    // ---- the timeline against the dependency graph ----

    /** No step started before every step it depends on had finished; every forward step ran. */
    private static void assertTimelineFollows(DrPlan plan, ExecutionReport report) {
        for (Step s : plan.steps()) {
            StepReport r = report.step(s.id()).orElseThrow();
            assertThat(r.startedAt()).as("start of %s", s.id()).isNotNull();
            assertThat(r.finishedAt()).as("end of %s", s.id()).isNotNull();
            assertThat(r.dependencies()).as("dependencies of %s in the report", s.id())
                    .containsExactlyInAnyOrderElementsOf(s.dependencies());
            for (String d : s.dependencies()) {
                StepReport dep = report.step(d).orElseThrow();
                assertThat(r.startedAt()).as("%s started at %s, before its dependency %s ended", s.id(),
                        r.startedAt(), d).isAfterOrEqualTo(dep.finishedAt());
            }
        }
    }

    // ---- AWS, read back with the test's own SDK clients ----

    private java.util.Optional<DBInstance> drInstance() {
        RdsClient rds = moto.sdk(RdsClient.builder(), MotoFixtures.DR_REGION);
        try {
            return rds.describeDBInstances(r -> r.dbInstanceIdentifier(MotoFixtures.DR_DB)).dbInstances().stream()
                    .findFirst();
        } catch (DbInstanceNotFoundException e) {
            return java.util.Optional.empty();
        }
    }

    private static Map<String, String> tags(DBInstance instance) {
        Map<String, String> out = new HashMap<>();
        List<Tag> list = instance.tagList();
        list.forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    /** api.vibe.dev's failover records: role -> "value hc=healthCheck". */
    private Map<String, String> failoverRecords() {
        Route53Client r53 = moto.sdk(Route53Client.builder(), "aws-global");
        Map<String, String> out = new HashMap<>();
        for (ResourceRecordSet s : r53.listResourceRecordSets(r -> r.hostedZoneId(aws.hostedZoneId()))
                .resourceRecordSets()) {
            if (s.name().equals(MotoFixtures.API_NAME) && s.failover() != null) {
                out.put(s.failoverAsString(), s.resourceRecords().get(0).value() + " hc="
                        + (s.healthCheckId() == null ? "none" : s.healthCheckId()));
            }
        }
        return out;
    }

    // ---- Kubernetes: the clusters, the application, the controller ----

    private KubernetesMockServer startCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        servers.add(server);
        return server;
    }

    private KubernetesClient client(KubernetesMockServer server) {
        KubernetesClient c = server.createClient(b -> b.editOrNewConfig().withConnectionTimeout(1_000)
                .withRequestTimeout(3_000).withRequestRetryBackoffLimit(0).endConfig());
        clients.add(c);
        return c;
    }

    /** The runbook's vibe-production: the secret, both deployments rolled out, five ready pods, the services. */
    private static void seedApplication(KubernetesClient c) {
        c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        c.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("vibe-secrets")
                .withNamespace(NS).endMetadata().withType("Opaque")
                .addToData("DATABASE_URL", b64(PRIMARY_DB_URL))
                .addToData("REDIS_URL", b64("redis://vibe-redis.us-east-1:6379"))
                .build()).create();
        deployment(c, "vibe-backend", "backend", 3);
        deployment(c, "vibe-frontend", "frontend", 2);
        for (int i = 0; i < 3; i++) {
            pod(c, "vibe-backend-7d9-" + i, "backend");
        }
        for (int i = 0; i < 2; i++) {
            pod(c, "vibe-frontend-5c4-" + i, "frontend");
        }
        service(c, "vibe-backend", "ClusterIP", 8080);
        service(c, "vibe-frontend", "LoadBalancer", 443);
    }

    private static void deployment(KubernetesClient c, String name, String component, int replicas) {
        c.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app.kubernetes.io/component", component).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/component", component)
                .endMetadata().withNewSpec().addNewContainer().withName(component)
                .withImage("123456789012.dkr.ecr.us-west-2.amazonaws.com/vibe-" + component + ":1.42.0")
                .endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
    }

    private static void pod(KubernetesClient c, String name, String component) {
        c.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("app.kubernetes.io/component", component).endMetadata()
                .withNewSpec().withNodeName("ip-10-1-1-10").addNewContainer().withName(component)
                .withImage("vibe-" + component + ":1.42.0").endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName(component).withReady(true)
                        .withRestartCount(0).build())
                .endStatus().build()).create();
    }

    private static void service(KubernetesClient c, String name, String type, int port) {
        c.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .endMetadata().withNewSpec().withType(type).addNewPort().withPort(port).endPort().endSpec().build())
                .create();
    }

    /** The Deployment controller the mock servers lack: a new generation is rolled out at once, in both clusters. */
    private void rollOut() {
        for (KubernetesClient c : List.of(primary, dr)) {
            try {
                for (Deployment d : c.apps().deployments().inNamespace(NS).list().getItems()) {
                    Long generation = d.getMetadata().getGeneration();
                    Long observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
                    if (generation != null && (observed == null || observed < generation)) {
                        int n = d.getSpec().getReplicas();
                        c.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder(d)
                                .withStatus(new DeploymentStatusBuilder().withObservedGeneration(generation)
                                        .withReplicas(n).withUpdatedReplicas(n).withReadyReplicas(n)
                                        .withAvailableReplicas(n).build())
                                .build()).updateStatus();
                    }
                }
            } catch (RuntimeException e) {
                // a write raced with the provider's: the next round tries again
            }
        }
    }

    private static String secretValue(KubernetesClient c, String key) {
        String v = c.secrets().inNamespace(NS).withName("vibe-secrets").get().getData().get(key);
        return new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
    }

    private static String restartedAt(KubernetesClient c, String deployment) {
        Map<String, String> a = c.apps().deployments().inNamespace(NS).withName(deployment).get().getSpec()
                .getTemplate().getMetadata().getAnnotations();
        return a == null ? null : a.get("kubectl.kubernetes.io/restartedAt");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    // ---- Terraform, read back with terraform show -json ----

    private List<String> stateAddresses(String workspace) throws IOException, InterruptedException {
        Path dir = tfRoot.resolve(VibePlans.TERRAFORM_DIR);
        ProcessBuilder pb = new ProcessBuilder("terraform", "show", "-json", "-no-color").directory(dir.toFile());
        pb.environment().put("TF_WORKSPACE", workspace);
        pb.environment().put("TF_CLI_CONFIG_FILE", tfRoot.resolve("terraformrc").toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor()).as("terraform show -json exit code; output: %s", out).isZero();
        // read with fabric8's JSON mapper (on the test class path anyway), as plain maps and lists
        Map<?, ?> state = Serialization.unmarshal(out, Map.class);
        Map<?, ?> values = (Map<?, ?>) state.get("values");
        List<?> resources = values == null ? List.of()
                : (List<?>) ((Map<?, ?>) values.get("root_module")).get("resources");
        List<String> addresses = new ArrayList<>();
        resources.forEach(r -> addresses.add((String) ((Map<?, ?>) r).get("address")));
        return addresses;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (p.waitFor() != 0) {
            throw new UncheckedIOException(new IOException("keytool " + args[0] + " failed: " + out));
        }
    }
}
