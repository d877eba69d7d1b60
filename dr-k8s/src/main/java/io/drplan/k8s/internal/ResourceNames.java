package io.drplan.k8s.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of the Kubernetes objects drplan creates (Leases, journal ConfigMaps). Internal.
 *
 * <p>A Lease name must be a DNS-1123 subdomain. Plan names are free text, so the name is the
 * sanitized plan name; when sanitizing changed anything, a short hash of the original is appended so
 * that {@code "Failover A"} and {@code "failover-a"} never share a lock.
 */
public final class ResourceNames {
    /** Every lease drplan creates starts with this. */
    public static final String PREFIX = "drplan-";
    private static final int MAX_LENGTH = 253;
    /** Length of {@link #shortHash}. */
    public static final int HASH_CHARS = 8;

    private ResourceNames() { }

    public static String forPlan(String planName) {
        if (planName == null || planName.isBlank()) {
            throw new IllegalArgumentException("planName must not be blank but was "
                    + (planName == null ? "null" : "'" + planName + "'"));
        }
        String s = planName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-")
                .replaceAll("-{2,}", "-").replaceAll("\\.{2,}", ".")
                .replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
        boolean exact = s.equals(planName);
        int room = MAX_LENGTH - PREFIX.length() - (HASH_CHARS + 1);
        if (s.length() > room) {
            s = s.substring(0, room).replaceAll("[^a-z0-9]+$", "");
            exact = false;
        }
        if (exact) {
            return PREFIX + s;
        }
        String hash = shortHash(planName);
        return PREFIX + (s.isEmpty() ? "" : s + "-") + hash;
    }

    /** The first {@link #HASH_CHARS} hex digits of the SHA-256 of {@code s}: tells sanitized names apart. */
    public static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
