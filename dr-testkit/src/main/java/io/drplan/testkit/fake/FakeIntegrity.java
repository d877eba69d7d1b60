package io.drplan.testkit.fake;

import io.drplan.core.integrity.Baseline;
import io.drplan.core.integrity.Database;
import io.drplan.core.integrity.IntegrityCheck;
import io.drplan.core.integrity.IntegrityException;
import io.drplan.core.integrity.IntegrityException.Kind;
import io.drplan.core.integrity.IntegrityReport;
import io.drplan.core.spi.IntegrityProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A fake data-integrity probe: the answer for a restored database comes from what the test says
 * about its instance (the first label of its host, e.g. {@code vibe-postgres-dr}). A database with no
 * answer is unreachable, as the real probe reports it ({@link Kind#UNREACHABLE}, role
 * {@code restored}); {@link #primaryUnreachable()} makes the reference unreachable, so a step with a
 * baseline falls back to it. Operation {@code jdbc:compare}, endpoint {@code jdbc/<host>}.
 *
 * <pre>{@code
 * cloud.integrity().answer("vibe-postgres-dr", new IntegrityReport(List.of(), List.of(), Duration.ofMinutes(4), 37));
 * }</pre>
 */
public final class FakeIntegrity implements IntegrityProbe {
    private final Simulation sim;
    private final Map<String, Supplier<IntegrityReport>> answers = new LinkedHashMap<>();
    private final List<String> compared = new ArrayList<>();
    private boolean primaryUnreachable;

    FakeIntegrity(Simulation sim) {
        this.sim = sim;
    }

    /** What a check of the restored instance {@code instanceId} finds. */
    public FakeIntegrity answer(String instanceId, IntegrityReport report) {
        Objects.requireNonNull(report, "report");
        return answer(instanceId, () -> report);
    }

    /** What a check of the restored instance {@code instanceId} finds at the time of the call. */
    public FakeIntegrity answer(String instanceId, Supplier<IntegrityReport> report) {
        answers.put(Objects.requireNonNull(instanceId, "instanceId"), Objects.requireNonNull(report, "report"));
        return this;
    }

    /**
     * What a check of the restored instance {@code instanceId} in {@code region} finds when the primary
     * kept taking {@code rowsPerMinute} writes since the restored copy's data was captured (the
     * snapshot's time or the point in time restored, as {@link FakeDatabases#dataAsOf} says): intact,
     * with a measured loss of the time since then. An instance that was not restored has no answer
     * (unreachable), as before.
     */
    public FakeIntegrity answerFromRestorePoint(String instanceId, io.drplan.core.Region region, long rowsPerMinute) {
        answers.put(Objects.requireNonNull(instanceId, "instanceId"), () -> {
            java.time.Instant asOf = sim.databases().dataAsOf(region, instanceId).orElseThrow(() ->
                    new IntegrityException(Kind.UNREACHABLE, "restored", "cannot reach the restored database "
                            + instanceId + " in " + region + ": it was not restored (fake)"));
            java.time.Duration loss = java.time.Duration.between(asOf, sim.now());
            return new IntegrityReport(List.of(), List.of(), loss, loss.toMinutes() * rowsPerMinute);
        });
        return this;
    }

    /** From now on the reference (the primary) cannot be reached. */
    public FakeIntegrity primaryUnreachable() {
        primaryUnreachable = true;
        return this;
    }

    /** The comparisons made, e.g. {@code "vibe@jdbc:postgresql://vibe-postgres-dr...:5432/vibe against primary"}. */
    public List<String> compared() {
        return List.copyOf(compared);
    }

    @Override
    public IntegrityReport compare(IntegrityCheck check, Database restored, Database reference) {
        return call(restored, () -> {
            if (primaryUnreachable) {
                throw new IntegrityException(Kind.UNREACHABLE, "reference", "cannot reach the reference database "
                        + reference + ": the primary is unreachable (fake); check the host, the port and that security"
                        + " groups let this host in");
            }
            compared.add(restored + " against primary");
            return answerFor(restored);
        });
    }

    @Override
    public IntegrityReport compare(IntegrityCheck check, Database restored, Baseline baseline) {
        return call(restored, () -> {
            compared.add(restored + " against baseline");
            return answerFor(restored);
        });
    }

    private IntegrityReport call(Database restored, Supplier<IntegrityReport> body) {
        return sim.call("jdbc:compare", "jdbc/" + host(restored), null, body);
    }

    private IntegrityReport answerFor(Database restored) {
        String host = host(restored);
        Supplier<IntegrityReport> a = answers.get(host.split("\\.", 2)[0]);
        if (a == null) {
            throw new IntegrityException(Kind.UNREACHABLE, "restored", "cannot reach the restored database " + restored
                    + ": no answer in the fake; add one with cloud.integrity().answer(\"" + host.split("\\.", 2)[0]
                    + "\", report)");
        }
        return a.get();
    }

    private static String host(Database db) {
        return db.url().replaceFirst("^jdbc:[a-z0-9]+://", "").replaceFirst("[:/].*$", "");
    }

    @Override
    public String toString() {
        return "FakeIntegrity" + answers.keySet();
    }
}
