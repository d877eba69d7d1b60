package io.drplan.core.internal;

import io.drplan.core.spi.JournalStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals every journal line before it is stored: adds its number ({@code "seq"}, from 1), the plan's
 * fingerprint ({@code "fp"}) and, as
 * the last field, a checksum chained to the previous line ({@code "chk"}: SHA-256, or HMAC-SHA256
 * when the engine has a journal key, of the previous line's checksum and this line's content), so
 * that {@link JournalVerifier} can tell an edited, shortened or foreign journal from the one the
 * engine wrote. One per run. Internal.
 */
public final class JournalChain implements JournalStore {
    static final String CHECKSUM_FIELD = ",\"chk\":\"";
    static final String SHA256 = "sha256:";
    static final String HMAC = "hmac:";

    private final JournalStore store;
    private final String fingerprint;
    private final byte[] key;
    private final Map<String, Position> last = new HashMap<>();

    /** Where a journal ends: how many lines it has and the checksum of the last one. */
    public record Position(String executionId, int lines, String checksum) { }

    /**
     * @param key        the journal key (HMAC), or {@code null} for a plain SHA-256 chain
     * @param continueAt the end of the journal being resumed, or {@code null}
     */
    public JournalChain(JournalStore store, String fingerprint, byte[] key, Position continueAt) {
        this.store = store;
        this.fingerprint = fingerprint;
        this.key = key == null ? null : key.clone();
        if (continueAt != null) {
            last.put(continueAt.executionId(), continueAt);
        }
    }

    @Override
    public synchronized void append(String executionId, String line) {
        if (!line.startsWith("{") || !line.endsWith("}")) {
            throw new IllegalArgumentException("a journal line must be one JSON object");
        }
        Position at = last.getOrDefault(executionId, new Position(executionId, 0, ""));
        String content = line.substring(0, line.length() - 1) + (line.length() > 2 ? "," : "") + "\"seq\":"
                + (at.lines() + 1) + ",\"fp\":\"" + fingerprint + "\"}";
        String chk = checksum(key, at.checksum(), content);
        store.append(executionId, content.substring(0, content.length() - 1) + CHECKSUM_FIELD + chk + "\"}");
        last.put(executionId, new Position(executionId, at.lines() + 1, chk));
    }

    @Override
    public List<String> read(String executionId) {
        return store.read(executionId);
    }

    /** The checksum of a line whose content (without its checksum) is {@code content}. */
    static String checksum(byte[] key, String previous, String content) {
        byte[] data = (previous + "\n" + content).getBytes(StandardCharsets.UTF_8);
        try {
            if (key == null) {
                return SHA256 + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HMAC + HexFormat.of().formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256 or HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
