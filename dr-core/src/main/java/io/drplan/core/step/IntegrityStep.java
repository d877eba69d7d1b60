package io.drplan.core.step;

import static io.drplan.core.spi.Operations.JDBC_COMPARE;

import io.drplan.core.StepKind;
import io.drplan.core.internal.PlanChecks;
import io.drplan.core.Output;
import io.drplan.core.Secret;
import io.drplan.core.StepFailedException;
import io.drplan.core.integrity.Baseline;
import io.drplan.core.integrity.Database;
import io.drplan.core.integrity.Finding;
import io.drplan.core.integrity.IntegrityCheck;
import io.drplan.core.integrity.IntegrityException;
import io.drplan.core.integrity.IntegrityReport;
import io.drplan.core.integrity.TableCheck;
import io.drplan.core.spi.IntegrityProbe;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The runbook's "Verify data integrity" after a restore: row counts, checksums per key range and the
 * watermark of the tables named, on the restored database against the primary (or, when the primary
 * cannot be reached, a {@link Baseline} recorded earlier). The step fails when the restored copy does
 * not hold what the reference held up to its watermark; its outputs carry the <b>measured</b> data
 * loss for the report beside the estimated RPO: {@code intact}, {@code findings}, {@code rowsLost},
 * {@code measuredLoss} and {@code reference} ({@code primary} or {@code baseline}).
 *
 * <pre>{@code
 * .step("verify-data", s -> s.checkIntegrity(Refs.database("restore-db").endpoint())
 *     .database("vibe").user("vibe_readonly").password(Secret.fromEnv("DB_PASSWORD"))
 *     .reference(Database.of("jdbc:postgresql://vibe-postgres-production.abc.us-east-1.rds.amazonaws.com:5432/vibe",
 *             "vibe_readonly", Secret.fromEnv("DB_PASSWORD")))
 *     .baseline(savedBaseline)
 *     .table(TableCheck.of("orders").key("id").columns("id", "total", "updated_at").watermark("updated_at").ranges(10_000)))
 * }</pre>
 */
public final class IntegrityStep extends StepBuilder<IntegrityStep> {

    private final Output<String> restoredHost;
    private final Database restored;
    private String database;
    private int port = 5432;
    private String user;
    private Secret password;
    private Database reference;
    private Baseline baseline;
    private final List<TableCheck> tables = new ArrayList<>();
    private Duration statementTimeout = IntegrityCheck.DEFAULT_STATEMENT_TIMEOUT;
    private Guard guard = Guard.NONE;

    /** How the check is used. */
    enum Guard { NONE, REFUSE_IF_AHEAD, FORCED }

    IntegrityStep(PlanRegions regions, Output<String> restoredHost, Database restored) {
        super(regions, StepKind.CHECK_INTEGRITY);
        this.restoredHost = restoredHost;
        this.restored = restored;
    }

    /** The database name on the restored host (for a host given by reference). */
    public IntegrityStep database(String name) {
        this.database = name;
        return this;
    }

    /** The restored host's port (5432 by default). */
    public IntegrityStep port(int port) {
        this.port = port;
        return this;
    }

    /** The user to connect to the restored host as (a read-only one is enough). */
    public IntegrityStep user(String user) {
        this.user = user;
        return this;
    }

    /** That user's password. */
    public IntegrityStep password(Secret password) {
        this.password = password;
        return this;
    }

    /** The primary, compared with when it can be reached. */
    public IntegrityStep reference(Database primary) {
        this.reference = primary;
        return this;
    }

    /** What the primary held when recorded ({@link IntegrityCheck#record}), compared with when the primary cannot be reached. */
    public IntegrityStep baseline(Baseline baseline) {
        this.baseline = baseline;
        return this;
    }

    /** A table to compare. */
    public IntegrityStep table(TableCheck table) {
        tables.add(table);
        return this;
    }

    /** The statement timeout of each query ({@link IntegrityCheck#DEFAULT_STATEMENT_TIMEOUT} by default). */
    public IntegrityStep statementTimeout(Duration timeout) {
        this.statementTimeout = timeout;
        return this;
    }

    /**
     * Makes the check a fail-back guard: the database checked is the DR one, the reference the primary;
     * the step fails (refusing to fail back) when the DR database holds writes newer than the primary's
     * watermark, which failing back would lose, unless {@code force} (then it notes what will be lost).
     * Other differences are expected after the DR region took writes and are noted, not failed on.
     */
    public IntegrityStep refuseIfAhead(boolean force) {
        this.guard = force ? Guard.FORCED : Guard.REFUSE_IF_AHEAD;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(restoredHost, restored, database, port, user, password, reference, baseline,
                List.copyOf(tables), statementTimeout, guard);
    }

    private record Action(Output<String> restoredHost, Database restored, String database, int port, String user,
                          Secret password, Database reference, Baseline baseline, List<TableCheck> tables,
                          Duration statementTimeout, Guard guard) implements StepAction {
        @Override
        public String description() {
            if (guard != Guard.NONE) {
                String what = restored != null ? restored.toString() : "the database restored by " + restoredHost.stepId();
                return "Check " + what + " has no writes newer than the primary's before failing back"
                        + (guard == Guard.FORCED ? " (forced: go on if it has)" : "") + ": "
                        + tables.stream().map(TableCheck::table).collect(Collectors.joining(", "));
            }
            String what = restored != null ? restored.toString() : "the database restored by " + restoredHost.stepId();
            return "Verify data integrity of " + what + " against " + (reference != null ? "the primary" : "a baseline")
                    + (reference != null && baseline != null ? " (or a baseline)" : "") + ": "
                    + tables.stream().map(TableCheck::table).collect(Collectors.joining(", "));
        }

        @Override
        public List<Operation> operations() {
            return List.of(JDBC_COMPARE);
        }


        @Override
        public Set<Output<?>> inputs() {
            return restoredHost == null ? Set.of() : Set.of(restoredHost);
        }

        @Override
        public Set<String> outputs() {
            return guard == Guard.NONE ? Set.of("intact", "findings", "rowsLost", "measuredLoss", "reference")
                    : Set.of("intact", "findings", "rowsLost", "measuredLoss", "reference", "ahead");
        }

        @Override
        public List<Secret> secrets() {
            List<Secret> s = new ArrayList<>();
            if (password != null) {
                s.add(password);
            }
            if (restored != null) {
                s.add(restored.password());
            }
            if (reference != null) {
                s.add(reference.password());
            }
            return s;
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            if (restoredHost != null) {
                require("checkIntegrity database", database, ".database(\"vibe\")", p);
                require("checkIntegrity user", user, ".user(\"vibe_readonly\")", p);
                if (password == null) {
                    p.add("checkIntegrity password is missing; set it, e.g. .password(Secret.fromEnv(\"DB_PASSWORD\"))");
                }
                if (database != null && !database.matches("[A-Za-z0-9_-]+")) {
                    p.add("checkIntegrity database '" + database + "' is not a database name; use e.g. vibe");
                }
                if (port < 1 || port > 65535) {
                    p.add("checkIntegrity port must be 1-65535 but was " + port);
                }
            }
            if (reference == null && baseline == null) {
                p.add("checkIntegrity has nothing to compare with; add .reference(primary) and/or .baseline(recorded)");
            }
            if (tables.isEmpty()) {
                p.add("checkIntegrity names no table; add one, e.g. .table(TableCheck.of(\"orders\").key(\"id\")"
                        + ".columns(\"id\", \"total\"))");
            }
            PlanChecks.positive("checkIntegrity statementTimeout", statementTimeout, p);
            secrets().stream().filter(s -> !s.isAvailable()).distinct().forEach(s -> p.add("checkIntegrity uses " + s
                    + ", which has no value; set it before running the plan"));
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Database target = restored != null ? restored : Database.of("jdbc:postgresql://" + ctx.output(restoredHost)
                    + ":" + port + "/" + database, user, password);
            String host = target.url().replaceFirst("^jdbc:[a-z0-9]+://", "").replaceFirst("[:/].*$", "");
            IntegrityCheck check = IntegrityCheck.of(tables.toArray(TableCheck[]::new)).statementTimeout(statementTimeout);
            IntegrityProbe probe = ctx.providers().integrity();
            return ctx.call(JDBC_COMPARE, "jdbc/" + host, () -> compare(probe, check, target)).thenCompose(r -> {
                IntegrityReport report = r.report();
                Map<String, Object> out = new LinkedHashMap<>(report.toOutputs());
                out.put("reference", r.against());
                if (guard != Guard.NONE) {
                    return guarded(ctx, target, r, out);
                }
                if (!report.intact()) {
                    return CompletableFuture.failedFuture(new StepFailedException("the restored database "
                            + target + " differs from the " + r.against() + ": " + report.findings().stream()
                            .map(Finding::toString).collect(Collectors.joining("; "))));
                }
                return CompletableFuture.completedFuture(out);
            });
        }

        /** The fail-back guard's verdict: AHEAD findings refuse unless forced; the rest are expected, noted. */
        private CompletionStage<Map<String, Object>> guarded(StepContext ctx, Database target, Compared r,
                                                             Map<String, Object> out) {
            List<Finding> ahead = r.report().findings().stream().filter(f -> f.kind() == Finding.Kind.AHEAD).toList();
            r.report().findings().stream().filter(f -> f.kind() != Finding.Kind.AHEAD)
                    .forEach(f -> ctx.note("differs from the " + r.against() + " (expected after the DR region took"
                            + " writes): " + f));
            out.put("ahead", !ahead.isEmpty());
            String lost = ahead.stream().map(Finding::toString).collect(Collectors.joining("; "));
            if (!ahead.isEmpty() && guard == Guard.REFUSE_IF_AHEAD) {
                return CompletableFuture.failedFuture(new StepFailedException("refusing to fail back: " + target
                        + " has writes newer than the " + r.against() + "'s, which failing back would lose: " + lost
                        + "; copy them to the primary first, or fail back with force to lose them"));
            }
            if (!ahead.isEmpty()) {
                ctx.note("forced: failing back although " + target + " has writes newer than the " + r.against()
                        + "'s; they will be lost (the DR database's final snapshot keeps them): " + lost);
            }
            return CompletableFuture.completedFuture(out);
        }

        private record Compared(IntegrityReport report, String against) { }

        private Compared compare(IntegrityProbe probe, IntegrityCheck check, Database target) {
            if (reference == null) {
                return new Compared(probe.compare(check, target, baseline), "baseline");
            }
            try {
                return new Compared(probe.compare(check, target, reference), "primary");
            } catch (IntegrityException e) {
                if (baseline != null && "reference".equals(e.role()) && e.kind() == IntegrityException.Kind.UNREACHABLE) {
                    return new Compared(probe.compare(check, target, baseline), "baseline");
                }
                throw e;
            }
        }
    }
}
