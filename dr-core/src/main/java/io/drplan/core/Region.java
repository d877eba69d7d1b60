package io.drplan.core;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cloud region code such as {@code us-east-1}. Known AWS region codes are accepted as they are;
 * anything else must look like a region code ({@code xx-name-N}) or be registered with
 * {@link #of(String)} through {@link #custom(String)} (for emulators and private clouds).
 */
public record Region(String code) {
    private static final Set<String> KNOWN = Set.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
            "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2",
            "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1", "il-central-1", "me-south-1",
            "me-central-1", "mx-central-1", "sa-east-1", "us-gov-east-1", "us-gov-west-1",
            "cn-north-1", "cn-northwest-1");
    private static final Pattern CUSTOM = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    /** Canonical constructor; prefer {@link #of(String)}, which checks the code. */
    public Region {
        Objects.requireNonNull(code, "code");
    }

    /**
     * Returns the region for a known code.
     *
     * @throws IllegalArgumentException naming the code when it is not a known region
     */
    public static Region of(String code) {
        if (!isKnown(code)) {
            throw new IllegalArgumentException("region '" + code + "' is not a known region code;"
                    + " use one such as us-east-1 or us-west-2, or Region.custom(..) for an emulator");
        }
        return new Region(code);
    }

    /** A region outside the known list (a private cloud, an emulator's made-up region). */
    public static Region custom(String code) {
        if (code == null || !CUSTOM.matcher(code).matches()) {
            throw new IllegalArgumentException("region '" + code
                    + "' is not a valid region code; use lower-case letters, digits and dashes");
        }
        return new Region(code);
    }

    /** Whether {@code code} is one of the known region codes. */
    public static boolean isKnown(String code) {
        return code != null && KNOWN.contains(code);
    }

    @Override
    public String toString() {
        return code;
    }
}
