package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.DrPlan;
import io.drplan.core.event.ExecutionEvent;
import io.drplan.core.event.ExecutionStartedEvent;
import io.drplan.core.event.StepStartedEvent;
import io.drplan.core.event.StepSucceededEvent;
import io.drplan.core.journal.CorruptJournalException;
import io.drplan.core.journal.InMemoryJournalStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Resume refuses journals the engine did not write: edited, shortened, foreign, or impossible. */
class JournalVerifierTest {
    static final String ID = "exec-1";
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    static DrPlan.PlanStage base() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("verify-plan")
                .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)));
    }

    static DrPlan plan(Duration timeoutOfB) {
        return base()
                .step("a", s -> s.custom("step a", ctx -> CompletableFuture.completedFuture(Map.of())))
                .step("b", s -> s.custom("step b", ctx -> CompletableFuture.completedFuture(Map.of()))
                        .after("a").timeout(timeoutOfB))
                .build();
    }

    static final DrPlan PLAN = plan(Duration.ofMinutes(10));

    /** The events of an execution that crashed while step b ran, as the engine journals them. */
    static List<ExecutionEvent> crashedRun(String mode) {
        return List.of(
                new ExecutionStartedEvent(ID, T0, "verify-plan", mode, "us-east-1", "us-west-2", "host/1", false,
                        List.of(), null),
                new StepStartedEvent(ID, T0.plusSeconds(1), "a", "step a"),
                new StepSucceededEvent(ID, T0.plusSeconds(2), "a", Map.of("n", 1L), false),
                new StepStartedEvent(ID, T0.plusSeconds(3), "b", "step b"));
    }

    /** Lines as the engine writes them: codec, then the chain. */
    static List<String> sealed(List<String> unsealed, DrPlan plan, byte[] key) {
        InMemoryJournalStore store = new InMemoryJournalStore();
        JournalChain chain = new JournalChain(store, PlanFingerprint.of(plan), key, null);
        unsealed.forEach(l -> chain.append(ID, l));
        return store.read(ID);
    }

    static List<String> encoded(List<ExecutionEvent> events) {
        Redactor none = new Redactor();
        return events.stream().map(e -> JournalCodec.encode(e, none)).toList();
    }

    static List<String> journal() {
        return sealed(encoded(crashedRun("EXECUTE")), PLAN, null);
    }

    /** What someone who knows the format (but not the key) can do: strip the seals and compute them again. */
    static List<String> resealed(List<String> lines, byte[] key) {
        return sealed(lines.stream().map(JournalVerifierTest::unsealed).toList(), PLAN, key);
    }

    static String unsealed(String line) {
        return line.replaceAll(",\"seq\":[0-9]+", "").replaceAll(",\"fp\":\"[0-9a-f]*\"", "").replaceAll(",\"chk\":\"[a-z0-9:]*\"", "");
    }

    private static JournalVerifier.Verified verify(List<String> lines) {
        return JournalVerifier.verify(PLAN, ID, lines, null);
    }

    private static void assertRefused(List<String> lines, byte[] key, int line, String message) {
        assertThatThrownBy(() -> JournalVerifier.verify(PLAN, ID, lines, key))
                .isInstanceOfSatisfying(CorruptJournalException.class, e -> {
                    assertThat(e.executionId()).isEqualTo(ID);
                    assertThat(e.line()).isEqualTo(line);
                })
                .hasMessage("journal of execution 'exec-1' line " + line + " " + message);
    }

    private static List<String> with(List<String> lines, int index, String line) {
        List<String> l = new ArrayList<>(lines);
        l.set(index, line);
        return l;
    }

    @Test
    void verify_journalTheEngineWrote_passesWholeWithTheLastChecksum() {
        List<String> lines = journal();

        JournalVerifier.Verified v = verify(lines);

        assertThat(v.lines()).isEqualTo(lines);
        assertThat(lines.get(3)).endsWith(",\"chk\":\"" + v.lastChecksum() + "\"}");
        assertThat(v.lastChecksum()).matches("sha256:[0-9a-f]{64}");
        assertThat(lines.get(0)).startsWith("{\"v\":2,\"type\":\"execution.started\"")
                .contains(",\"fp\":\"" + PlanFingerprint.of(PLAN) + "\",\"chk\":\"sha256:");
        JournalReplay replay = JournalReplay.read(PLAN, ID, v.lines());
        assertThat(replay.completedSteps()).containsExactly("a");
        assertThat(replay.inFlightSteps()).containsExactly("b");
    }

    @Test
    void verify_tornLastLine_isDroppedAsAfterACrashMidWrite() {
        List<String> lines = journal();
        String last = lines.get(3);

        JournalVerifier.Verified v = verify(with(lines, 3, last.substring(0, last.length() / 2)));

        assertThat(v.lines()).isEqualTo(lines.subList(0, 3));
        assertThat(lines.get(2)).endsWith(",\"chk\":\"" + v.lastChecksum() + "\"}");
    }

    @Test
    void verify_deepNestingOrHugeLine_isRefusedAtOnceEvenAsTheLastLine() {
        List<String> lines = journal();

        assertRefused(with(lines, 1, "[".repeat(100_000)), null, 2, "is not valid: invalid JSON at position 64:"
                + " Document nesting depth (65) exceeds the maximum allowed (64, from"
                + " `StreamReadConstraints.getMaxNestingDepth()`); the journal is corrupted, nothing was resumed");
        assertThatThrownBy(() -> verify(with(lines, 3, "[".repeat(100_000)))).isInstanceOf(CorruptJournalException.class)
                .hasMessageContaining("line 4 is not valid: invalid JSON at position 64: Document nesting depth");
        String huge = "{\"v\":2,\"pad\":\"" + "x".repeat(50 * 1024 * 1024) + "\"}";
        assertRefused(with(lines, 3, huge), null, 4, "is not valid: invalid JSON: " + huge.length()
                + " characters, more than the 1048576 this reader accepts; the journal is corrupted, nothing was resumed");
    }

    @Test
    void verify_wrongTypes_areRefusedNamingTheField() {
        List<String> lines = journal();

        assertRefused(with(lines, 3, lines.get(3).replace("\"stepId\":\"b\"", "\"stepId\":42")), null, 4,
                "has stepId 42, which is not a string; the journal is corrupted, nothing was resumed");
        assertRefused(with(lines, 2, lines.get(2).replace("\"outputs\":{\"n\":1}", "\"outputs\":7")), null, 3,
                "has outputs 7, which is not an object; the journal is corrupted, nothing was resumed");
        assertRefused(with(lines, 2, lines.get(2).replace("\"outputs\":{\"n\":1}", "\"outputs\":null")), null, 3,
                "has outputs null, which is not an object; the journal is corrupted, nothing was resumed");
        assertRefused(with(lines, 1, lines.get(1).replace("\"type\":\"step.started\",", "")), null, 2,
                "has no type; the journal is corrupted, nothing was resumed");
        assertRefused(with(lines, 1, lines.get(1).replace("\"type\":\"step.started\"", "\"type\":\"step.begun\"")),
                null, 2, "has type 'step.begun', which this drplan does not know; the journal is corrupted, nothing was"
                        + " resumed");
        assertRefused(with(lines, 1, lines.get(1).replace(",\"stepId\":\"a\"", "")), null, 2,
                "is 'step.started' without a stepId; the journal is corrupted, nothing was resumed");
        assertRefused(with(lines, 1, lines.get(1).replace("\"at\":\"2026-03-01T10:00:01Z\"", "\"at\":17")), null, 2,
                "has time 17, which is not an ISO-8601 instant; nothing was resumed");
        assertRefused(with(lines, 1, lines.get(1).replace("\"stepId\":\"a\"", "\"stepId\":\"zz\"")), null, 2,
                "names step 'zz', which plan 'verify-plan' does not have; resume with the plan that started the execution");
    }

    @Test
    void verify_unknownFormatVersion_isRefusedNamingIt() {
        List<String> lines = journal();

        assertRefused(with(lines, 0, lines.get(0).replace("\"v\":2", "\"v\":3")), null, 1,
                "has format version 3; this drplan reads version 2, nothing was resumed; resume with the newer drplan"
                        + " that wrote it");
        assertRefused(with(lines, 0, lines.get(0).replace("\"v\":2", "\"v\":\"2\"")), null, 1,
                "has format version \"2\"; this drplan reads version 2, nothing was resumed");
    }

    @Test
    void verify_unknownFieldsOfANewerWriter_areTolerated() {
        List<String> lines = new ArrayList<>(journal());
        lines.set(1, lines.get(1).replace("\"stepId\":\"a\"", "\"stepId\":\"a\",\"zone\":{\"x\":[1,2]}"));

        assertThat(verify(resealed(lines, null)).lines()).hasSize(4);
    }

    @Test
    void verify_editedLine_isRefusedByItsChecksum() {
        List<String> lines = journal();

        assertRefused(with(lines, 0, lines.get(0).replace("\"mode\":\"EXECUTE\"", "\"mode\":\"DRILL\"")), null, 1,
                "does not match its checksum: it was edited, or a line before it was changed; the journal is not the"
                        + " one the engine wrote, nothing was resumed");
        assertRefused(with(lines, 2, lines.get(2).replace("{\"n\":1}", "{\"n\":2}")), null, 3,
                "does not match its checksum: it was edited, or a line before it was changed; the journal is not the"
                        + " one the engine wrote, nothing was resumed");
        assertRefused(with(lines, 1, unsealed(lines.get(1))), null, 2,
                "carries no checksum as its last field; the engine did not write it, nothing was resumed");
    }

    @Test
    void verify_lostLineInTheMiddle_isRefusedNamingTheGap() {
        List<String> lines = new ArrayList<>(journal());
        lines.remove(1);
        List<String> repeated = new ArrayList<>(journal());
        repeated.add(2, repeated.get(1));

        assertRefused(repeated, null, 3, "has number 2 where 3 was expected: lines were repeated, reordered or edited;"
                + " nothing was resumed");

        assertRefused(lines, null, 2, "has number 3 where 2 was expected: 1 line(s) before it were lost; nothing was resumed");
    }

    @Test
    void verify_anotherPlanOfTheSameName_isRefusedByTheFingerprint() {
        DrPlan changed = plan(Duration.ofMinutes(11));

        assertThatThrownBy(() -> JournalVerifier.verify(changed, ID, journal(), null))
                .isInstanceOf(CorruptJournalException.class)
                .hasMessage("journal of execution 'exec-1' line 1 was written for a plan with fingerprint \""
                        + PlanFingerprint.of(PLAN) + "\", but plan 'verify-plan' has fingerprint \""
                        + PlanFingerprint.of(changed) + "\": its steps or their settings changed; resume with the plan"
                        + " that started the execution");
        assertThat(PlanFingerprint.of(plan(Duration.ofMinutes(10)))).isEqualTo(PlanFingerprint.of(PLAN));
    }

    @Test
    void fingerprint_dependsOnlyOnDeclarationsNeverOnHashOrder() {
        // what the fingerprint reads must not depend on a JVM's hash seed, or a new process could not resume:
        // labels are described in declaration order, dependencies are sorted
        DrPlan pods = base().step("x", s -> s.checkPods("dr-cluster", "ns").label("zeta", "1").label("alpha", "2")
                .label("mid", "3")).step("y", s -> s.checkHttp("https://h/").after("x")).build();

        assertThat(pods.step("x").orElseThrow().description()).contains("{zeta=1, alpha=2, mid=3}");
        assertThat(PlanFingerprint.of(pods)).matches("[0-9a-f]{32}").isNotEqualTo(PlanFingerprint.of(PLAN));
    }

    @Test
    void verify_impossibleHistoryWithRecomputedChecksums_isRefused() {
        List<String> lines = journal();

        assertRefused(resealed(with(lines, 0, lines.get(0).replace("\"mode\":\"EXECUTE\"", "\"mode\":\"PREVIEW\"")),
                null), null, 1, "has mode \"PREVIEW\"; an execution's journal has mode EXECUTE or DRILL (a preview"
                + " writes none), nothing was resumed");
        List<String> early = new ArrayList<>(lines);
        early.remove(2); // b starts, a never succeeded
        early.remove(1);
        assertRefused(resealed(early, null), null, 2,
                "starts step 'b' before its dependency 'a' succeeded; the engine never does that, nothing was resumed");
        assertRefused(resealed(with(lines, 2, lines.get(2).replace("10:00:02Z", "09:59:00Z")), null), null, 3,
                "has time 2026-03-01T09:59:00Z, before 2026-03-01T10:00:01Z on the line before it: time does not go"
                        + " backwards in a journal the engine wrote, nothing was resumed");
        List<String> resumedAsDrill = new ArrayList<>(lines);
        resumedAsDrill.add(lines.get(0).replace("\"mode\":\"EXECUTE\"", "\"mode\":\"DRILL\"")
                .replace("10:00:00Z", "10:00:04Z"));
        assertRefused(resealed(resumedAsDrill, null), null, 5,
                "changes the execution's mode from EXECUTE to DRILL; an execution keeps the mode it started with,"
                        + " nothing was resumed");
    }

    @Test
    void verify_withAJournalKey_refusesRecomputedChecksums() {
        List<String> signed = sealed(encoded(crashedRun("EXECUTE")), PLAN, KEY);
        assertThat(JournalVerifier.verify(PLAN, ID, signed, KEY).lastChecksum()).matches("hmac:[0-9a-f]{64}");

        List<String> asDrill = with(signed, 0, signed.get(0).replace("\"mode\":\"EXECUTE\"", "\"mode\":\"DRILL\""));
        assertRefused(resealed(asDrill, null), KEY, 1, "is not signed with a journal key, but this engine has one: the"
                + " journal was written without it or rewritten; nothing was resumed");
        byte[] guess = "another key, another key, 32 b!!".getBytes(StandardCharsets.UTF_8);
        assertRefused(resealed(asDrill, guess), KEY, 1, "does not match its checksum: it was edited, or a line before"
                + " it was changed; the journal is not the one the engine wrote, nothing was resumed");
        assertRefused(signed, null, 1, "is signed with a journal key; resume with an engine built with the same"
                + " DrEngine.builder().journalKey(..), nothing was resumed");
    }
}
