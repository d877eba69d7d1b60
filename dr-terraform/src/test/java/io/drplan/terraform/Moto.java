package io.drplan.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A moto_server of this module's own (dr-terraform depends on dr-core only, so it does not use
 * dr-aws's test helpers): started on a free loopback port, found on the PATH or where pyenv puts
 * it, stopped by {@link #close()}. Fails, never skips, when moto_server is missing.
 */
final class Moto implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    final String endpoint;

    private Moto(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static Moto start(Path logDir) {
        String exe = find();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process p;
        try {
            p = new ProcessBuilder(exe, "-H", "127.0.0.1", "-p", Integer.toString(port)).redirectErrorStream(true)
                    .redirectOutput(logDir.resolve("moto_server.log").toFile()).start();
        } catch (IOException e) {
            throw new ExtensionConfigurationException("could not start " + exe + ": " + e.getMessage(), e);
        }
        Moto moto = new Moto(p, "http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create(moto.endpoint + "/moto-api/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return moto;
            } catch (IOException e) {
                Fixtures.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        moto.close();
        throw new ExtensionConfigurationException("moto_server did not answer on " + moto.endpoint + " within 30 s");
    }

    private static String find() {
        List<Path> candidates = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty()) {
                candidates.add(Path.of(d, "moto_server"));
            }
        }
        candidates.add(Path.of(System.getProperty("user.home"), ".pyenv", "shims", "moto_server"));
        candidates.add(Path.of(System.getProperty("user.home"), ".local", "bin", "moto_server"));
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new ExtensionConfigurationException("moto_server is not installed (looked in "
                        + candidates + "); install it with pip install 'moto[server]==5.2.1'"));
    }

    /** Creates a bucket in {@code region} (moto takes the region from the request's credential scope). */
    void createBucket(String bucket, String region) throws IOException, InterruptedException {
        String body = "us-east-1".equals(region) ? "" : "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc"
                + "/2006-03-01/\"><LocationConstraint>" + region + "</LocationConstraint></CreateBucketConfiguration>";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/" + bucket))
                .header("Content-Type", "application/xml")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/" + region
                        + "/s3/aws4_request, SignedHeaders=host, Signature=00")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("creating bucket " + bucket + " in moto: " + r.statusCode() + " " + r.body());
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
