package io.drplan.aws.testing;

import io.drplan.aws.AwsClients;
import io.drplan.aws.AwsProviders;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;

/**
 * A local moto_server (the AWS emulator) for tests, examples and benchmarks: {@link #start()} runs one
 * on a free loopback port, {@link #attach} uses one someone else started. Not for production use.
 *
 * <pre>{@code
 * try (MotoServer moto = MotoServer.start()) {
 *     MotoFixtures.RunbookResources ids = MotoFixtures.seedRunbook(moto);
 *     Providers providers = moto.providers().register(Providers.builder()).build();
 * }
 * }</pre>
 *
 * moto_server is looked up on the {@code PATH}, then where pip and pyenv put it (or taken from the
 * {@code moto.server} system property); when it is missing, {@link #start()} fails saying how to
 * install it.
 */
public final class MotoServer implements AutoCloseable {
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, SdkClient> sdkClients = new ConcurrentHashMap<>();
    private volatile AwsClients clients;

    private MotoServer(Process process, URI endpoint, Path logFile) {
        this.process = process;
        this.endpoint = endpoint;
        this.logFile = logFile;
    }

    public static MotoServer start() {
        String executable = findExecutable();
        int port = freePort();
        Path log = Path.of("target", "moto_server-" + port + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(p, URI.create("http://127.0.0.1:" + port), log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + executable + " on port " + port
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * A moto_server someone else started (e.g. {@code moto_server -H 127.0.0.1 -p 5000}), for
     * seeding it from a program; {@link #close()} leaves the process alone.
     */
    public static MotoServer attach(URI endpoint) {
        return new MotoServer(null, endpoint, Path.of("moto_server.log"));
    }

    /** The server's base URI, e.g. {@code http://127.0.0.1:43121}. */
    public URI endpoint() {
        return endpoint;
    }

    /** drplan's client factory pointed at this server (shared by the run; do not close it). */
    public AwsClients clients() {
        AwsClients c = clients;
        if (c == null) {
            synchronized (this) {
                if (clients == null) {
                    clients = AwsClients.builder()
                            .endpointOverride(endpoint)
                            .staticCredentials(ACCESS_KEY, io.drplan.core.Secret.of(SECRET_KEY))
                            .build();
                }
                c = clients;
            }
        }
        return c;
    }

    /** drplan's providers on {@link #clients()}. */
    public AwsProviders providers() {
        return AwsProviders.create(clients());
    }

    /**
     * An independent SDK client (not built by {@link AwsClients}) for creating state and reading it
     * back: {@code moto.sdk(RdsClient.builder(), "us-east-1")}. Cached per type and region.
     */
    @SuppressWarnings("unchecked")
    public <C extends SdkClient, B extends AwsClientBuilder<B, C>> C sdk(B builder, String region) {
        String key = builder.getClass().getName() + "/" + region;
        return (C) sdkClients.computeIfAbsent(key, k -> builder
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build());
    }

    /** Forgets every resource ({@code POST /moto-api/reset}). */
    public void reset() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("moto_server reset answered HTTP " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto_server at " + endpoint + " did not answer the reset: " + e
                    + "; see " + logFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting moto_server", e);
        }
    }

    @Override
    public void close() {
        sdkClients.values().forEach(SdkClient::close);
        if (clients != null) {
            clients.close();
        }
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "moto_server at " + endpoint;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with code " + process.exitValue()
                        + " before answering on " + endpoint + ":\n" + tail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("moto_server did not answer on " + endpoint + " within "
                + STARTUP.toSeconds() + " s:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    public static String findExecutable() {
        String configured = System.getProperty("moto.server");
        if (configured != null && !configured.isBlank()) {
            if (new File(configured).canExecute()) {
                return configured;
            }
            throw new IllegalStateException("-Dmoto.server=" + configured
                    + " is not an executable file; point it at moto_server or remove the property");
        }
        String path = System.getenv().getOrDefault("PATH", "");
        String home = System.getProperty("user.home");
        // The PATH first; then where pip and pyenv put it, for CI shells whose PATH lacks them.
        List<String> dirs = new java.util.ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.addAll(List.of(home + "/.pyenv/shims", home + "/.local/bin", "/usr/local/bin"));
        for (String dir : dirs) {
            File f = new File(dir, "moto_server");
            if (f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        throw new IllegalStateException("moto_server was not found on the PATH (" + path + ") nor in"
                + " ~/.pyenv/shims, ~/.local/bin or /usr/local/bin."
                + " dr-aws's integration tests need it: install it with `pip install 'moto[server]==5.2.1'`"
                + " and make sure its bin directory is on the PATH, or pass -Dmoto.server=/path/to/moto_server.");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for moto_server: " + e.getMessage(), e);
        }
    }
}
