package io.drplan.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Calls an HTTP endpoint to check an application's health (the runbook's {@code curl -f .../health}).
 * The default implementation is {@code io.drplan.core.http.JdkHttpProbe}; the testkit has a fake.
 */
public interface HttpProbe {

    /**
     * Sends a GET, following no redirect. Throws {@link ProviderException}
     * ({@link ProviderException.Reason#UNAVAILABLE}) when the endpoint cannot be reached within
     * {@code timeout}.
     */
    HttpResult get(URI uri, Duration timeout);

    /**
     * Sends the GET {@code check} describes (redirects, Host header, trust store). This default
     * serves checks that use none of those options by {@link #get(URI, Duration)} and refuses the
     * others with {@link ProviderException.Reason#INVALID_REQUEST}, naming the option, rather than
     * silently ignoring it.
     */
    default HttpResult get(HttpCheck check) {
        List<String> unsupported = check.options();
        if (!unsupported.isEmpty()) {
            throw new ProviderException(ProviderException.Reason.INVALID_REQUEST, "http:GET", "http/" + check.uri().getHost(),
                    getClass().getSimpleName() + " does not support " + String.join(", ", unsupported)
                            + " (GET " + check.uri() + "); use io.drplan.core.http.JdkHttpProbe");
        }
        return get(check.uri(), check.timeout());
    }

    /**
     * The status code and the start of the body (as much as the probe reads: 64 KiB for
     * {@code JdkHttpProbe}, decoded as the response's charset or UTF-8).
     */
    record HttpResult(int status, String bodyStart) {
        /** As {@code curl -f}: any final status below 400 (a redirect not followed included). */
        public boolean isSuccess() {
            return status >= 100 && status < 400;
        }
    }

    /**
     * One GET: where, how long to wait, whether to follow redirects, the Host header to send when
     * connecting to another address than the name being checked (the DR load balancer before DNS
     * moves), and the certificates to trust.
     *
     * @param uri             the address connected to, e.g. {@code https://vibe-dr-alb.us-west-2.elb.amazonaws.com/health}
     * @param timeout         the whole call, from connecting to the last byte read
     * @param followRedirects whether 3xx answers are followed (at most 5), as {@code curl -L}
     * @param hostHeader      the Host header (and TLS server name verified) instead of the URI's host, or null
     * @param trustStore      the certificates trusted instead of the JDK's defaults, or null
     */
    record HttpCheck(URI uri, Duration timeout, boolean followRedirects, String hostHeader, TrustStore trustStore) {
        public HttpCheck {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive but was " + timeout);
            }
            if (hostHeader != null && !isHostHeader(hostHeader)) {
                throw new IllegalArgumentException("hostHeader must be a host name with an optional port, e.g."
                        + " api.vibe.dev or api.vibe.dev:8443, but was '" + hostHeader + "'");
            }
        }

        /** Whether {@code value} is a host name or IP literal with an optional port (no spaces, no line breaks). */
        public static boolean isHostHeader(String value) {
            return value != null && value.matches("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_.-]+)(:[0-9]{1,5})?");
        }

        /** A plain GET of {@code uri}: no redirect followed, the URI's host, the JDK's trusted CAs. */
        public static HttpCheck of(URI uri, Duration timeout) {
            return new HttpCheck(uri, timeout, false, null, null);
        }

        /** The options beyond URI and timeout this check uses, e.g. {@code ["a Host header"]}. */
        public List<String> options() {
            List<String> out = new ArrayList<>();
            if (followRedirects) {
                out.add("following redirects");
            }
            if (hostHeader != null) {
                out.add("a Host header");
            }
            if (trustStore != null) {
                out.add("a trust store");
            }
            return out;
        }
    }

    /**
     * Certificates to trust for HTTPS, such as a private CA's: a PEM file of one or more
     * certificates (read when a probe first uses it), or a {@link KeyStore} of trusted entries. Prints its source, never its contents.
     */
    final class TrustStore {
        private final String source;
        private final Path pem;
        private final KeyStore keyStore;

        private TrustStore(String source, Path pem, KeyStore keyStore) {
            this.source = source;
            this.pem = pem;
            this.keyStore = keyStore;
        }

        /** The certificates ({@code -----BEGIN CERTIFICATE-----} blocks) in a PEM file. */
        public static TrustStore pem(Path file) {
            Objects.requireNonNull(file, "trust store PEM file");
            return new TrustStore("pem:" + file, file, null);
        }

        /** The trusted certificate entries of {@code keyStore}. */
        public static TrustStore of(KeyStore keyStore) {
            Objects.requireNonNull(keyStore, "trust store KeyStore");
            return new TrustStore("keystore:" + keyStore.getType(), null, keyStore);
        }

        /** The PEM file, or null when this trust store is a {@link KeyStore}. */
        public Path pemFile() {
            return pem;
        }

        /**
         * The certificates as a {@link KeyStore}.
         *
         * @throws IllegalStateException naming the file when the PEM file is missing or holds no certificate
         */
        public KeyStore load() {
            if (keyStore != null) {
                return keyStore;
            }
            try (InputStream in = Files.newInputStream(pem)) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("cert-" + i++, c);
                }
                if (i == 0) {
                    throw new IllegalStateException("trust store " + pem + " holds no certificate;"
                            + " give a PEM file with -----BEGIN CERTIFICATE----- blocks");
                }
                return ks;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read trust store " + pem + ": " + e.getMessage()
                        + "; give a readable PEM file of certificates", e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TrustStore t && source.equals(t.source) && Objects.equals(keyStore, t.keyStore);
        }

        @Override
        public int hashCode() {
            return source.hashCode();
        }

        @Override
        public String toString() {
            return "TrustStore[" + source + "]";
        }
    }
}
