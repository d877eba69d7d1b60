package io.drplan.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two fabric8 mock API servers in CRUD mode, standing for the primary and the DR cluster, bound to
 * 127.0.0.1, with clients that give up quickly (short timeouts, no client-side retries). Register
 * with {@code @RegisterExtension}; servers and clients are created before and closed after each test.
 */
final class MockClusters implements BeforeEachCallback, AfterEachCallback {
    static final String PRIMARY = "primary";
    static final String DR = "dr-cluster";
    /** The instant the fixed clock of {@link #cluster} reads. */
    static final Instant NOW = Instant.parse("2026-11-25T22:00:00Z");

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private KubernetesMockServer primaryServer;
    private KubernetesMockServer drServer;
    private KubernetesClient primaryClient;
    private KubernetesClient drClient;

    @Override
    public void beforeEach(ExtensionContext context) {
        primaryServer = start();
        drServer = start();
        primaryClient = client(primaryServer);
        drClient = client(drServer);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    KubernetesMockServer primaryServer() {
        return primaryServer;
    }

    KubernetesMockServer drServer() {
        return drServer;
    }

    KubernetesClient primaryClient() {
        return primaryClient;
    }

    KubernetesClient drClient() {
        return drClient;
    }

    /** A further client to {@code server} (a second host process, say). */
    KubernetesClient client(KubernetesMockServer server) {
        KubernetesClient c = server.createClient(b -> b.editOrNewConfig()
                .withConnectionTimeout(1_000)
                .withRequestTimeout(3_000)
                .withRequestRetryBackoffLimit(0)
                .endConfig());
        toClose.add(c);
        return c;
    }

    /**
     * A further client to {@code server} whose requests first pass {@code interceptor}, so a test can act
     * between the provider's read and its write (the Deployment controller writing status, say).
     */
    KubernetesClient client(KubernetesMockServer server, Interceptor interceptor) {
        KubernetesClient c = server.createClient(b -> b.editOrNewConfig()
                .withConnectionTimeout(1_000)
                .withRequestTimeout(3_000)
                .withRequestRetryBackoffLimit(0)
                .endConfig()
                .withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("test", interceptor)));
        toClose.add(c);
        return c;
    }

    /**
     * An interceptor that, before each PATCH of Deployment {@code deployment}, plays the controller: it
     * writes the Deployment's status through {@code other}, which gives it a new resourceVersion, and adds
     * the patch's body to {@code patches}.
     */
    static Interceptor statusWriteBeforePatch(KubernetesClient other, String deployment, List<String> patches) {
        return new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                if ("PATCH".equals(request.method()) && request.uri().getPath().endsWith("/deployments/" + deployment)) {
                    VibeFixtures.controllerCatchesUp(other, deployment);
                    patches.add(request.bodyString());
                }
            }
        };
    }

    /** The cluster provider named {@code name} on {@code client}, with the fixed clock at {@link #NOW}. */
    static KubernetesCluster cluster(String name, KubernetesClient client) {
        return KubernetesClusters.fromClient(name, client, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private KubernetesMockServer start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        toClose.add(server::destroy);
        return server;
    }
}
