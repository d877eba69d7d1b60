package io.drplan.core.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for a test class, from the machine's server binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, or {@code $PG_BIN}, or {@code initdb} on the PATH):
 * {@code initdb} with a password (scram-sha-256, so a wrong password really is refused), then
 * {@code pg_ctl start} on 127.0.0.1 and a free port, no Unix socket. {@code initdb} refuses to run
 * as root, so as root (CI) every server command runs as the {@code postgres} user through
 * {@code runuser}, on a directory handed to that user; as anyone else it runs directly.
 */
final class PostgresServer implements AutoCloseable {
    static final String USER = "drplan";
    static final String PASSWORD = "s3cret-pg-password";

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Starts a server, or fails with what is missing and how to get it. */
    static PostgresServer start() {
        Path bin = findBin();
        boolean root = isRoot();
        try {
            Path dir = Files.createTempDirectory("drplan-pg-");
            PostgresServer s = new PostgresServer(bin, dir, freePort(), root);
            s.init();
            s.pgCtl("start");
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL from " + bin + ": " + e.getMessage(), e);
        }
    }

    /** uid 0, whatever the user is called; by name when the JDK cannot tell. */
    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"),
                    "unix:uid"));
        } catch (java.io.IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static Path findBin() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("PG_BIN");
        if (env != null) {
            candidates.add(Path.of(env));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(v -> v.resolve("bin")).sorted(Comparator.reverseOrder()).forEach(candidates::add);
            } catch (IOException ignored) {
                // fall through to the PATH
            }
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isEmpty()) {
                candidates.add(Path.of(p));
            }
        }
        return candidates.stream().filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                .findFirst().orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl)"
                        + " found in $PG_BIN, /usr/lib/postgresql/*/bin or the PATH; install them (apt-get install"
                        + " postgresql-15) or set PG_BIN to their directory"));
    }

    private void init() throws IOException {
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, PASSWORD + "\n");
        if (asPostgres) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            try {
                Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
                Files.setOwner(pwfile, users.lookupPrincipalByName("postgres"));
            } catch (IOException e) {
                throw new IllegalStateException("running as root, the test needs the 'postgres' user to run initdb"
                        + " (initdb refuses root); create it (useradd postgres) or run the tests as another user", e);
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"));
    }

    private void pgCtl(String action) {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w",
                "-l", dir.resolve("server.log").toString()));
        if (action.equals("start")) {
            cmd.addAll(List.of("-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                    + " -c fsync=off", "start"));
        } else {
            cmd.addAll(List.of("-m", "immediate", "stop"));
        }
        run(cmd);
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String log = "";
                Path serverLog = dir.resolve("server.log");
                if (Files.exists(serverLog, LinkOption.NOFOLLOW_LINKS)) {
                    log = "\nserver log:\n" + Files.readString(serverLog);
                }
                throw new IllegalStateException(String.join(" ", full) + " failed:\n" + out + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + full.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + full.get(0), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Runs statements as the superuser on {@code database}. */
    void sql(String database, String... statements) {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), p); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed on port " + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            pgCtl("stop");
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is not worth failing a test for
        }
    }
}
