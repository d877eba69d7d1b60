package io.drplan.testkit.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.drplan.core.http.JdkHttpProbe;
import io.drplan.core.spi.HttpProbe;
import io.drplan.core.spi.HttpProbe.HttpCheck;
import io.drplan.core.spi.HttpProbe.HttpResult;
import io.drplan.core.spi.HttpProbe.TrustStore;
import io.drplan.core.spi.ProviderException;
import io.drplan.core.spi.ProviderException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP probe contract, run by {@link JdkHttpProbe} against WireMock over HTTPS with a
 * self-signed certificate made by the JDK's {@code keytool} for {@code localhost},
 * {@code 127.0.0.1} and {@code api.vibe.dev} (WireMock's built-in certificate names only
 * localhost, and the Host override test needs a certificate for api.vibe.dev); the probe trusts it
 * through the trust-store option.
 */
class JdkHttpProbeContractIT extends HttpProbeContract {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static WireMockServer server;
    private static Path pem;
    private static Path keyStore;

    private final JdkHttpProbe probe = JdkHttpProbe.create();

    @BeforeAll
    static void start() throws Exception {
        keyStore = dir.resolve("server.p12");
        pem = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=api.vibe.dev", "-ext", "SAN=dns:api.vibe.dev,dns:localhost,ip:127.0.0.1",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort()
                .keystorePath(keyStore.toString()).keystoreType("PKCS12").keystorePassword(PASSWORD)
                .keyManagerPassword(PASSWORD));
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void resetServer() {
        server.resetAll();
    }

    static void keytool(String... args) throws IOException, InterruptedException {
        Path bin = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(bin.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
        }
    }

    @Override
    protected HttpProbe probe() {
        return probe;
    }

    @Override
    protected URI uri(String path) {
        return URI.create("https://localhost:" + server.httpsPort() + path);
    }

    @Override
    protected URI unreachable() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("https://127.0.0.1:" + s.getLocalPort() + "/health");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected TrustStore trustStore() {
        return TrustStore.pem(pem);
    }

    @Override
    protected void answer(String path, int status, String body) {
        server.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(status).withBody(body)));
    }

    @Override
    protected void answerForHost(String path, String host, int status, String body) {
        server.stubFor(get(urlEqualTo(path)).withHeader("Host", equalTo(host))
                .willReturn(aResponse().withStatus(status).withBody(body)));
    }

    @Override
    protected void redirect(String path, String location) {
        server.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(302).withHeader("Location", location)));
    }

    @Override
    protected void slow(String path, Duration delay) {
        server.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withBody("late")
                .withFixedDelay((int) delay.toMillis())));
    }

    @Override
    protected void reset(String path) {
        server.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    // ---- what only a real server shows ----

    @Test
    void untrustedCertificate_failsAtOnceNamingTheFix() {
        answer("/health", 200, "ok");
        URI uri = uri("/health");

        assertThatThrownBy(() -> probe.get(HttpCheck.of(uri, TIMEOUT)))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OTHER))
                .hasMessageStartingWith("GET " + uri + ": the certificate of localhost is not trusted (")
                .hasMessageEndingWith("trust its CA with .trustStore(TrustStore.pem(..)) or check that the certificate"
                        + " names localhost");
    }

    @Test
    void hostHeader_thatTheCertificateDoesNotName_isRefused() {
        answerForHost("/health", "shop.example.com", 200, "ok");
        URI uri = uri("/health");

        assertThatThrownBy(() -> probe.get(new HttpCheck(uri, TIMEOUT, false, "shop.example.com", trustStore())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OTHER))
                .hasMessageStartingWith("GET " + uri + ": the certificate of shop.example.com is not trusted (");
    }

    @Test
    void trustStore_asKeyStore() throws Exception {
        answer("/health", 200, "ok");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }

        HttpResult r = JdkHttpProbe.builder().trustStore(TrustStore.of(ks)).build().get(uri("/health"), TIMEOUT);

        assertThat(r).isEqualTo(new HttpResult(200, "ok"));
    }

    @Test
    void trustStore_missingPemFile_isInvalidRequestNamingTheFile() {
        Path missing = dir.resolve("nope.pem");

        assertThatThrownBy(() -> probe.get(new HttpCheck(uri("/health"), TIMEOUT, false, null, TrustStore.pem(missing))))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST))
                .hasMessageStartingWith("cannot read trust store " + missing + ": ");
    }

    @Test
    void hostHeader_hugeChunkedBody_isCutAt64KiB() {
        server.stubFor(get(urlEqualTo("/big")).withHeader("Host", equalTo("api.vibe.dev"))
                .willReturn(aResponse().withStatus(200).withBody("y".repeat(3 * 1024 * 1024))
                        .withChunkedDribbleDelay(50, 200)));

        HttpResult r = probe.get(new HttpCheck(uri("/big"), TIMEOUT, false, "api.vibe.dev", trustStore()));

        assertThat(r.bodyStart()).hasSize(BODY_LIMIT).matches("y+");
    }

    @Test
    void hostHeader_overPlainHttp() {
        answer("/health", 200, "whoever");
        answerForHost("/health", "api.vibe.dev:8080", 200, "plain ok");
        URI plain = URI.create("http://127.0.0.1:" + server.port() + "/health");

        HttpResult r = probe.get(new HttpCheck(plain, TIMEOUT, false, "api.vibe.dev:8080", null));

        assertThat(r).isEqualTo(new HttpResult(200, "plain ok"));
    }

    @Test
    void hostHeader_slowAnswer_timesOut() {
        server.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        URI uri = uri("/health");

        assertThatThrownBy(() -> probe.get(new HttpCheck(uri, Duration.ofMillis(500), false, "api.vibe.dev", trustStore())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                .hasMessage("GET " + uri + " timed out after PT0.5S");
    }

    @Test
    void connectTo_sendsTheNamedHostsChecksToTheAddressUnderTheirName() {
        answerForHost("/health", "api.vibe.dev", 200, "ok");
        JdkHttpProbe local = JdkHttpProbe.builder().trustStore(trustStore())
                .connectTo("api.vibe.dev", "127.0.0.1:" + server.httpsPort()).build();

        HttpResult r = local.get(URI.create("https://api.vibe.dev/health"), TIMEOUT);

        assertThat(r).isEqualTo(new HttpResult(200, "ok"));
        assertThat(local.toString()).contains("connectTo={api.vibe.dev=127.0.0.1:" + server.httpsPort() + "}");
    }

    @Test
    void connectTo_addressWithoutPort_isRefusedNamingTheFix() {
        assertThatThrownBy(() -> JdkHttpProbe.builder().connectTo("api.vibe.dev", "127.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connectTo address must be a host and port, e.g. 127.0.0.1:8443, but was '127.0.0.1'");
    }
}
