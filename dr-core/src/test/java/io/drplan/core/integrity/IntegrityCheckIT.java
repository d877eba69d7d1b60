package io.drplan.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Secret;
import io.drplan.core.integrity.IntegrityException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The integrity check against two real PostgreSQL servers (the machine's PostgreSQL binaries, see
 * {@link PostgresServer}): the primary and a restored copy. Each test makes its own database on both.
 */
class IntegrityCheckIT {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final IntegrityCheck CHECK = IntegrityCheck.of(TableCheck.of("orders").key("id")
            .columns("id", "customer", "total", "updated_at").watermark("updated_at").ranges(100),
            TableCheck.of("public.customers").key("id").columns("id", "email"));
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static PostgresServer primary;
    private static PostgresServer restored;

    @BeforeAll
    static void start() {
        primary = PostgresServer.start();
        restored = PostgresServer.start();
    }

    @AfterAll
    static void stop() {
        if (primary != null) {
            primary.close();
        }
        if (restored != null) {
            restored.close();
        }
    }

    /** A new database on both servers holding 1000 orders (one a minute from T0) and 50 customers. */
    private static String seeded() {
        String name = "vibe" + DATABASES.incrementAndGet();
        for (PostgresServer s : new PostgresServer[] {primary, restored}) {
            s.sql("postgres", "CREATE DATABASE " + name);
            s.sql(name, "CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, total numeric(10,2),"
                            + " updated_at timestamptz NOT NULL)",
                    "INSERT INTO orders SELECT g, 'customer-' || (g % 37), g * 1.5,"
                            + " timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute' FROM generate_series(1, 1000) g",
                    "CREATE TABLE customers (id int PRIMARY KEY, email text)",
                    "INSERT INTO customers SELECT g, 'c' || g || '@vibe.dev' FROM generate_series(1, 50) g");
        }
        return name;
    }

    private static Database db(PostgresServer s, String name) {
        return Database.of(s.jdbcUrl(name), PostgresServer.USER, Secret.named("pg-password", PostgresServer.PASSWORD));
    }

    @Test
    void correctCopy_isIntactWithNoLoss() {
        String name = seeded();

        IntegrityReport r = CHECK.compare(db(restored, name), db(primary, name));

        assertThat(r.findings()).isEmpty();
        assertThat(r.intact()).isTrue();
        assertThat(r.loss()).contains(Duration.ZERO);
        assertThat(r.rowsLost()).isZero();
        assertThat(r.tables()).first().satisfies(t -> {
            assertThat(t.restoredRows()).isEqualTo(1000);
            assertThat(t.restoredWatermark()).isEqualTo(T0.plus(Duration.ofMinutes(1000)));
        });
        assertThat(r).hasToString("intact, measured data loss 0ms (0 rows)");
    }

    @Test
    void laggingCopy_isIntactUpToItsWatermark_andMeasuresTheLoss() {
        String name = seeded();
        restored.sql(name, "DELETE FROM orders WHERE id > 988");

        IntegrityReport r = CHECK.compare(db(restored, name), db(primary, name));

        assertThat(r.findings()).isEmpty();
        assertThat(r.loss()).contains(Duration.ofMinutes(12));
        assertThat(r.rowsLost()).isEqualTo(12);
        assertThat(r.toOutputs()).containsEntry("measuredLoss", Duration.ofMinutes(12)).containsEntry("rowsLost", 12L)
                .containsEntry("intact", true);
    }

    @Test
    void missingRowAndChangedRow_areBothFound_withTheirKeyRanges() {
        String name = seeded();
        restored.sql(name, "DELETE FROM orders WHERE id = 150", "UPDATE orders SET total = 9999.99 WHERE id = 420",
                "UPDATE customers SET email = 'evil@example.com' WHERE id = 7");

        IntegrityReport r = CHECK.compare(db(restored, name), db(primary, name));

        assertThat(r.intact()).isFalse();
        assertThat(r.findings()).extracting(Finding::table, Finding::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("orders", Finding.Kind.ROW_COUNT),
                org.assertj.core.groups.Tuple.tuple("orders", Finding.Kind.CHECKSUM),
                org.assertj.core.groups.Tuple.tuple("public.customers", Finding.Kind.CHECKSUM));
        assertThat(r.findings().get(0).detail()).isEqualTo("id in [100, 200): 99 rows restored, 100 in the reference");
        assertThat(r.findings().get(1).detail()).startsWith("id in [400, 500): the same 100 rows but other contents");
        assertThat(r.findings().get(2).detail()).startsWith("all rows: the same 50 rows but other contents");
        assertThat(r.loss()).contains(Duration.ZERO);
    }

    @Test
    void baseline_recordedEarlier_survivesSerialisation_andFindsTheSameDifferences() throws Exception {
        String name = seeded();
        Baseline recorded = CHECK.record(db(primary, name));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(recorded);
        }
        Baseline baseline;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            baseline = (Baseline) in.readObject();
        }
        restored.sql(name, "UPDATE orders SET customer = 'someone-else' WHERE id = 777",
                "INSERT INTO orders VALUES (5000, 'late', 1, timestamptz '2026-02-01 00:00:00+00')");

        IntegrityReport r = CHECK.compare(db(restored, name), baseline);

        assertThat(baseline).isEqualTo(recorded);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.CHECKSUM);
            assertThat(f.detail()).startsWith("id in [700, 800): the same 100 rows but other contents");
        });
        assertThat(r.loss()).contains(Duration.ZERO);
    }

    @Test
    void laggingCopy_againstBaseline_measuresTheLoss() {
        String name = seeded();
        Baseline baseline = CHECK.record(db(primary, name));
        restored.sql(name, "DELETE FROM orders WHERE id > 995");

        IntegrityReport r = CHECK.compare(db(restored, name), baseline);

        assertThat(r.loss()).contains(Duration.ofMinutes(5));
        assertThat(r.rowsLost()).isEqualTo(5);
        assertThat(r.findings()).extracting(Finding::detail)
                .containsExactly("id in [900, 1000): 96 rows restored, 100 in the reference",
                        "id in [1000, 1100): 0 rows restored, 1 in the reference");
    }

    @Test
    void checkIntegrityStep_onRealServers_failsOnAChangedRow_andReportsTheLossOtherwise() {
        String name = seeded();
        restored.sql(name, "DELETE FROM orders WHERE id > 990");
        String other = seeded();
        restored.sql(other, "UPDATE orders SET total = 1 WHERE id = 3");
        io.drplan.core.spi.Providers providers = io.drplan.core.spi.Providers.builder()
                .integrity(JdbcIntegrityProbe.create()).build();

        try (io.drplan.core.time.SystemScheduler clock = io.drplan.core.time.SystemScheduler.create()) {
            io.drplan.core.DrEngine engine = io.drplan.core.DrEngine.builder().providers(providers).scheduler(clock).build();
            io.drplan.core.ExecutionReport lagging = engine.execute(plan(db(restored, name), db(primary, name)));
            io.drplan.core.ExecutionReport corrupted = engine.execute(plan(db(restored, other), db(primary, other)));

            assertThat(lagging.step("verify-data").orElseThrow().outputs()).containsEntry("intact", true)
                    .containsEntry("measuredLoss", "PT10M").containsEntry("rowsLost", 10L);
            assertThat(corrupted.step("verify-data").orElseThrow().error())
                    .contains("differs from the primary: orders CHECKSUM: id in [0, 100): the same 99 rows but other contents");
        }
    }

    private static io.drplan.core.DrPlan plan(Database copy, Database reference) {
        return io.drplan.core.DrPlan.region("us-east-1").failoverTo("us-west-2").named("integrity-" + copy.url().hashCode())
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)))
                .step("verify-data", s -> s.checkIntegrity(copy).reference(reference).table(CHECK.tables().get(0)))
                .build();
    }

    @Test
    void wrongPassword_isAClearAuthenticationError_withoutThePassword() {
        String name = seeded();
        Database wrong = Database.of(restored.jdbcUrl(name), PostgresServer.USER, Secret.named("pg-password", "not-it-at-all"));

        assertThatThrownBy(() -> CHECK.compare(wrong, db(primary, name)))
                .isInstanceOfSatisfying(IntegrityException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION))
                .hasMessageStartingWith("cannot log in to the restored database drplan@" + restored.jdbcUrl(name) + ": ")
                .hasMessageEndingWith("; check the user and the password secret Secret[pg-password]")
                .hasMessageNotContaining("not-it-at-all");
    }

    @Test
    void unknownTable_isNamed() {
        String name = seeded();
        IntegrityCheck check = IntegrityCheck.of(TableCheck.of("payments").key("id").columns("id"));

        assertThatThrownBy(() -> check.compare(db(restored, name), db(primary, name)))
                .isInstanceOfSatisfying(IntegrityException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_TABLE))
                .hasMessageStartingWith("table payments does not exist in the restored database drplan@"
                        + restored.jdbcUrl(name) + ": ERROR: relation \"payments\" does not exist")
                .hasMessageEndingWith("; check the table name (schema.table)");
    }

    @Test
    void unreachableHost_isUnreachable() throws Exception {
        String name = seeded();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Database nowhere = Database.of("jdbc:postgresql://127.0.0.1:" + closed + "/vibe", "drplan",
                Secret.named("pg-password", PostgresServer.PASSWORD));

        assertThatThrownBy(() -> CHECK.compare(db(restored, name), nowhere))
                .isInstanceOfSatisfying(IntegrityException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
                .hasMessageStartingWith("cannot reach the reference database drplan@jdbc:postgresql://127.0.0.1:" + closed
                        + "/vibe: ")
                .hasMessageEndingWith("; check the host, the port and that security groups let this host in");
    }

    @Test
    void statementTimeout_stopsALongQuery() {
        String name = seeded();
        primary.sql(name, "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 300000) g");
        IntegrityCheck check = IntegrityCheck.of(TableCheck.of("big").key("id").columns("id", "v").ranges(1000))
                .statementTimeout(Duration.ofMillis(1));

        assertThatThrownBy(() -> check.record(db(primary, name)))
                .isInstanceOfSatisfying(IntegrityException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessage("a query on the reference database drplan@" + primary.jdbcUrl(name) + " (table big) ran past"
                        + " the statement timeout of 1ms; raise statementTimeout(..) or compare fewer columns");
    }

    @Test
    void sessions_areReadOnly_aWriteThroughAViewIsRefusedByTheServer() {
        String name = seeded();
        primary.sql(name, "CREATE TABLE audit (n int)",
                "CREATE FUNCTION bump() RETURNS int LANGUAGE sql VOLATILE AS 'INSERT INTO audit VALUES (1) RETURNING n'",
                "CREATE VIEW orders_v AS SELECT id, bump() AS b FROM orders");
        IntegrityCheck check = IntegrityCheck.of(TableCheck.of("orders_v").key("id").columns("id", "b"));

        assertThatThrownBy(() -> check.record(db(primary, name)))
                .isInstanceOfSatisfying(IntegrityException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OTHER))
                .hasMessageStartingWith("the check tried to write to the reference database drplan@" + primary.jdbcUrl(name)
                        + " (table orders_v) and its read-only transaction refused: ERROR: cannot execute INSERT in a"
                        + " read-only transaction");
        assertThat(CHECK.record(db(primary, name)).tables()).hasSize(2);
    }

    @Test
    void badIdentifiers_areRefusedBeforeAnySql() {
        assertThatThrownBy(() -> TableCheck.of("orders; DROP TABLE orders"))
                .hasMessage("table 'orders; DROP TABLE orders' is not a plain SQL name (letters, digits, _; schema.table"
                        + " allowed); use e.g. orders or public.orders");
        assertThatThrownBy(() -> TableCheck.of("orders").columns("id", "total\" || pg_sleep(10) || \""))
                .hasMessage("column 'total\" || pg_sleep(10) || \"' of table orders is not a plain SQL name (letters,"
                        + " digits, _); use e.g. updated_at");
        assertThatThrownBy(() -> Database.of("jdbc:postgresql://h:5432/vibe?password=hunter2", "vibe", Secret.of("x")))
                .hasMessageStartingWith("database url must not carry a password");
        assertThat(Database.of("jdbc:postgresql://h:5432/vibe", "vibe", Secret.named("pg", "hunter22")))
                .hasToString("vibe@jdbc:postgresql://h:5432/vibe");
    }
}
