package io.drplan.examples.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.DrPlan;
import io.drplan.core.ExecutionReport;
import io.drplan.core.ExecutionState;
import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.core.journal.ExecutionSummary;
import io.drplan.examples.VibePlans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the on-call engineer does at the prompt after a crash: list the executions, resume one by id. */
class SessionTest {

    @Test
    void crashedExecution_isListedUnfinished_andResumedById() {
        Session s = Shell.fakeCloud();
        DrPlan plan = VibePlans.regionFailover(Secret.named("db-password", "pw"));
        s.cloud().region(Region.of("us-east-1")).goDown();
        s.cloud().journal().crashAfter(12);                 // the host dies a dozen transitions in

        assertThatThrownBy(() -> s.execute(plan));
        s.cloud().journal().recover();
        List<ExecutionSummary> before = s.executionList();
        assertThat(before).hasSize(1);
        assertThat(before.get(0).state()).isEqualTo(ExecutionSummary.UNFINISHED);
        assertThat(before.get(0).planName()).isEqualTo("vibe-region-failover");
        String id = before.get(0).executionId();
        assertThat(s.executions()).contains(id, "UNFINISHED");

        ExecutionReport report = s.resume(plan, id);

        assertThat(report.executionId()).isEqualTo(id);
        assertThat(report.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(s.executionList()).extracting(ExecutionSummary::state).containsExactly("SUCCEEDED");
    }

    @Test
    void save_writesTheReportsAndReturnsTheHtml(@TempDir Path dir) throws IOException {
        Session s = Shell.fakeCloud();
        s.cloud().region(Region.of("us-east-1")).goDown();
        ExecutionReport report = s.execute(VibePlans.regionFailover(Secret.named("db-password", "pw")));

        Path html = s.save(report, dir);

        assertThat(html).isEqualTo(dir.resolve("report.html").toAbsolutePath());
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains(report.executionId());
        assertThat(dir.resolve("report.md")).exists();
        assertThat(dir.resolve("report.json")).exists();
    }

    @Test
    void cloud_ofARealSession_saysHowToGetAFakeOne() {
        Session real = new Session("AWS", Shell.fakeCloud().engine(), null, null, null, List.of());

        assertThatThrownBy(real::cloud).hasMessage("this session runs on real providers (AWS); Shell.fakeCloud()"
                + " gives a session on the fake cloud");
    }
}
