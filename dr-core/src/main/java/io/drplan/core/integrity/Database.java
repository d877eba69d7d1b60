package io.drplan.core.integrity;

import io.drplan.core.Secret;
import java.util.Locale;
import java.util.Objects;

/**
 * Where to connect: a JDBC URL without credentials, a user, and the password as a {@link Secret}.
 * Prints the URL and user, never the password.
 *
 * <pre>{@code
 * Database restored = Database.of("jdbc:postgresql://vibe-postgres-dr.abc.us-west-2.rds.amazonaws.com:5432/vibe",
 *         "vibe_readonly", Secret.fromEnv("DB_PASSWORD"));
 * }</pre>
 *
 * @param url      e.g. {@code jdbc:postgresql://host:5432/vibe}
 * @param user     the database user (a read-only one is enough)
 * @param password the user's password
 */
public record Database(String url, String user, Secret password) {
    public Database {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("database url must be a JDBC URL such as"
                    + " jdbc:postgresql://host:5432/vibe but was '" + url + "'");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.contains("password=") || lower.matches("jdbc:[a-z0-9]+://[^/@]*:[^/@]*@.*")) {
            throw new IllegalArgumentException("database url must not carry a password; pass it as a Secret"
                    + " (Database.of(url, user, Secret.fromEnv(\"DB_PASSWORD\")))");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("database user is missing; give the user to connect as, e.g. vibe");
        }
        Objects.requireNonNull(password, "database password (a Secret)");
    }

    public static Database of(String url, String user, Secret password) {
        return new Database(url, user, password);
    }

    @Override
    public String toString() {
        return user + "@" + url;
    }
}
