package io.drplan.core.http;

import io.drplan.core.spi.HttpProbe.HttpCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 GET on a socket of its own, for checks with a Host override: connects to the URI's
 * host and port, and names the Host header's host in the request, in TLS's server name (SNI) and in
 * the certificate check, as {@code curl --connect-to} does. Reads at most {@code bodyLimit} bytes
 * of the body. {@link #abort()} closes the socket from another thread (the caller's timeout).
 */
final class Http1 {
    private static final int HEADER_LIMIT = 64 * 1024;

    record Answer(int status, String location, String body) { }

    private final HttpCheck check;
    private final SSLContext tls;
    private final int bodyLimit;
    private volatile Socket socket;
    private volatile boolean aborted;

    Http1(HttpCheck check, SSLContext tls, int bodyLimit) {
        this.check = check;
        this.tls = tls;
        this.bodyLimit = bodyLimit;
    }

    void abort() {
        aborted = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }

    Answer run() {
        URI uri = check.uri();
        boolean https = tls != null;
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        String name = nameOf(check.hostHeader());
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, check.timeout().toMillis()));
        try (Socket plain = new Socket()) {
            socket = plain;
            if (aborted) {
                throw new SocketException("aborted");
            }
            plain.connect(new InetSocketAddress(uri.getHost(), port), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            Socket s = plain;
            if (https) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, name, port, true);
                SSLParameters p = ssl.getSSLParameters();
                if (!isIpLiteral(name)) {
                    p.setServerNames(List.of(new SNIHostName(name)));
                }
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
                socket = ssl;
                ssl.startHandshake();
                s = ssl;
            }
            String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + check.hostHeader()
                    + "\r\nUser-Agent: drplan-http-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(s.getInputStream());
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: '" + statusLine + "'");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line '" + statusLine + "'", e);
        }
        long length = -1;
        boolean chunked = false;
        String location = null;
        String contentType = null;
        int headerBytes = statusLine.length();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            headerBytes += h.length();
            if (headerBytes > HEADER_LIMIT) {
                throw new IOException("headers longer than " + HEADER_LIMIT + " bytes");
            }
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (key) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "location" -> location = value;
                case "content-type" -> contentType = value;
                default -> { }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            while (body.size() < bodyLimit) {
                String size = line(in);
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    break;
                }
                copy(in, body, n);
                line(in);
            }
        } else {
            copy(in, body, length < 0 ? Long.MAX_VALUE : length);
        }
        return new Answer(status, location, body.toString(charsetOf(contentType)));
    }

    /** Copies up to {@code n} bytes, never past the body limit; stops at the end of the stream. */
    private void copy(InputStream in, ByteArrayOutputStream body, long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0 && body.size() < bodyLimit) {
            int want = (int) Math.min(buf.length, Math.min(left, bodyLimit - body.size()));
            int got = in.read(buf, 0, want);
            if (got < 0) {
                return;
            }
            body.write(buf, 0, got);
            left -= got;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                if (sb.length() == 0) {
                    throw new IOException("connection closed before the answer was complete");
                }
                break;
            }
            if (sb.length() > HEADER_LIMIT) {
                throw new IOException("header line longer than " + HEADER_LIMIT + " bytes");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** {@code api.vibe.dev} of {@code api.vibe.dev:8443}; {@code ::1} of {@code [::1]:8443}. */
    static String nameOf(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            return hostHeader.substring(1, hostHeader.indexOf(']'));
        }
        int colon = hostHeader.indexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    private static boolean isIpLiteral(String name) {
        return name.contains(":") || name.matches("[0-9.]+");
    }

    static Charset charsetOf(String contentType) {
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                String p = part.trim();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").trim());
                    } catch (RuntimeException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

}
