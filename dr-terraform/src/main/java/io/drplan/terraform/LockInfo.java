package io.drplan.terraform;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The holder of a state lock, read from Terraform's "Error acquiring the state lock" message:
 * <pre>
 * Lock Info:
 *   ID:        1515518a-65b2-0096-10e5-fdd9515a357f
 *   Path:      terraform.tfstate
 *   Operation: OperationTypeApply
 *   Who:       root@vm
 *   Version:   1.11.4
 *   Created:   2026-12-01 17:24:14.239347991 +0000 UTC
 * </pre>
 */
record LockInfo(String id, String path, String operation, String who, String version, String created) {
    static final String LOCK_ERROR = "Error acquiring the state lock";

    private static final DateTimeFormatter CREATED = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    static Optional<LockInfo> parse(String text) {
        if (text == null || !text.contains("Lock Info:")) {
            return Optional.empty();
        }
        return Optional.of(new LockInfo(field(text, "ID"), field(text, "Path"), field(text, "Operation"),
                field(text, "Who"), field(text, "Version"), field(text, "Created")));
    }

    private static String field(String text, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + name + ":[ \\t]*(.*?)\\s*$").matcher(text);
        return m.find() ? m.group(1) : "";
    }

    /** When the lock was taken, when Terraform's format can be read ({@code 2026-12-01 17:24:14.23 +0000 UTC}). */
    Optional<Instant> createdAt() {
        String[] parts = created.split(" ");
        if (parts.length < 3 || !"+0000".equals(parts[2])) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(parts[0] + " " + parts[1], CREATED).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** "root@vm (lock ID 1515..., OperationTypeApply, since 2026-12-01 17:24:14 +0000 UTC)". */
    String describe() {
        return (who.isEmpty() ? "an unknown holder" : who) + " (lock ID " + id + ", " + operation + ", since "
                + created + ")";
    }
}
