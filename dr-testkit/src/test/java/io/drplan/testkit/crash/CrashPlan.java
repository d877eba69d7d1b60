package io.drplan.testkit.crash;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.Refs;
import io.drplan.core.Region;
import io.drplan.core.journal.FileJournalStore;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Providers;
import io.drplan.core.step.Poll;
import io.drplan.core.step.StepContext;
import io.drplan.core.time.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;

/**
 * The plan the crash test kills and resumes, on the file-backed fakes in {@code root/cloud} with
 * its journal in {@code root/journal}:
 *
 * <pre>
 * verify-dr-region ─┬─ restore-db (not idempotent) ── point-app-at-db ─┬─ announce-failover (not idempotent)
 *                   └─ warm-cache ─────────────────────────────────────┘
 * </pre>
 *
 * Every step takes real time (100–400 ms) so that kills land inside steps, not only between them.
 */
final class CrashPlan {
    static final String EXECUTION_ID = "crash-1";
    static final String NAME = "crash-failover";
    static final Region SOURCE = Region.of("us-east-1");
    static final Region TARGET = Region.of("us-west-2");
    static final String DB = "crash-db";
    static final String DB_DR = "crash-db-dr";
    static final Duration RESTORE_TIME = Duration.ofMillis(300);
    static final Instant SNAPSHOT_TAKEN = Instant.parse("2026-11-25T20:00:00Z");

    private static final Operation CLOCK = Operation.of("crashfake", "GetTime");
    private static final Operation WRITE = Operation.of("crashfake", "PutFile");
    private static final Operation ANNOUNCE = Operation.of("statuspage", "PostIncident");
    private static final Operation LOOKUP = Operation.of("statuspage", "GetIncident");

    private final Path root;
    private final FileBackedDatabases databases;
    private final FileBackedStatusPage statusPage;

    CrashPlan(Path root, Scheduler scheduler) {
        this.root = root;
        this.databases = new FileBackedDatabases(cloud(root), scheduler, RESTORE_TIME);
        this.statusPage = new FileBackedStatusPage(databases.actions());
    }

    static Path cloud(Path root) {
        return root.resolve("cloud");
    }

    static Path journalFolder(Path root) {
        return root.resolve("journal");
    }

    static Path journalFile(Path root) {
        return journalFolder(root).resolve(EXECUTION_ID + ".jsonl");
    }

    static Path actionsLog(Path root) {
        return cloud(root).resolve("actions.log");
    }

    /** Seeds the snapshot the plan restores (once, before the first run). */
    void seed() {
        databases.seedSnapshot(TARGET, DB, DB + "-2026-11-25-20-00", SNAPSHOT_TAKEN);
    }

    ActionsLog actions() {
        return databases.actions();
    }

    DrEngine engine(Scheduler scheduler) {
        return DrEngine.builder()
                .providers(Providers.builder().databases(databases).build())
                .scheduler(scheduler)
                .journal(FileJournalStore.in(journalFolder(root)))
                .maxPollInterval(Duration.ofMillis(50))
                .build();
    }

    DrPlan plan() {
        return plan(NAME);
    }

    DrPlan plan(String name) {
        return DrPlan.region(SOURCE.code())
                .failoverTo(TARGET.code())
                .named(name)
                .objectives(o -> o.rto(Duration.ofMinutes(5)).rpo(Duration.ofDays(3650)))
                .step("verify-dr-region", s -> s.custom("Check that " + TARGET + " answers",
                        ctx -> pause(ctx, "dr region reachable", Duration.ofMillis(150))
                                .thenCompose(x -> writeFile(ctx, "dr-region-verified", Map.of("region", TARGET.code()))))
                        // undone when the failover is: the marker of a verified DR region is withdrawn
                        .compensateWith((ctx, outputs) -> removeFile(ctx, "dr-region-verified"))
                        .operations(CLOCK, WRITE))
                .step("restore-db", s -> s.restoreLatestSnapshot(DB).as(DB_DR).subnetGroup("crash-db-subnets")
                        .after("verify-dr-region"))
                .step("warm-cache", s -> s.custom("Warm the DR cache",
                        ctx -> pause(ctx, "cache warm", Duration.ofMillis(400))
                                .thenCompose(x -> writeFile(ctx, "cache-warm", Map.of("warm", "true"))))
                        .operations(CLOCK, WRITE)
                        .after("verify-dr-region"))
                .step("point-app-at-db", s -> s.custom("Point the application at the restored database",
                        ctx -> pause(ctx, "config rolled out", Duration.ofMillis(100))
                                .thenCompose(x -> writeFile(ctx, "app-config",
                                        Map.of("DATABASE_HOST", ctx.output(Refs.database("restore-db").endpoint())))))
                        .operations(CLOCK, WRITE)
                        .after("restore-db"))
                .step("announce-failover", s -> s.custom("Announce the failover on the status page",
                        ctx -> pause(ctx, "announcement drafted", Duration.ofMillis(100))
                                .thenCompose(x -> ctx.call(ANNOUNCE, "statuspage", () -> {
                                    statusPage.announce(EXECUTION_ID, "failed over to " + TARGET);
                                    return null;
                                }))
                                .thenCompose(x -> pause(ctx, "announcement delivered", Duration.ofMillis(100)))
                                .thenApply(x -> Map.<String, Object>of("announced", true)))
                        .notIdempotent()
                        // after a crash mid-step: was it posted? then adopt it, never post twice
                        .adoptWith(ctx -> ctx.call(LOOKUP, "statuspage", () -> statusPage.announcement(EXECUTION_ID)
                                .map(text -> Map.<String, Object>of("announced", true))))
                        .operations(CLOCK, ANNOUNCE, LOOKUP)
                        .after("point-app-at-db", "warm-cache"))
                .build();
    }

    /** Takes {@code d} of real time without blocking: polls the engine's clock. */
    private static CompletionStage<Boolean> pause(StepContext ctx, String what, Duration d) {
        Instant until = ctx.now().plus(d);
        return ctx.await(what, CLOCK, "crashfake", Duration.ofMillis(25),
                () -> ctx.now().isBefore(until) ? Poll.pending("not yet") : Poll.done(Boolean.TRUE));
    }

    /** An idempotent effect: the same file with the same content, however often it runs. */
    private CompletionStage<Map<String, Object>> writeFile(StepContext ctx, String name, Map<String, String> content) {
        return ctx.call(WRITE, "crashfake", () -> {
            Properties p = new Properties();
            p.putAll(content);
            FileBackedDatabases.writeAtomically(cloud(root).resolve(name + ".properties"), p);
            return Map.<String, Object>of("file", name);
        });
    }

    private CompletionStage<Void> removeFile(StepContext ctx, String name) {
        return ctx.call(WRITE, "crashfake", () -> {
            try {
                Files.deleteIfExists(cloud(root).resolve(name + ".properties"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        });
    }

    static boolean exists(Path root, String name) {
        return Files.exists(cloud(root).resolve(name + ".properties"));
    }
}
