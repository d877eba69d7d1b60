package io.drplan.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.Approver.ApprovalRequest;
import io.drplan.core.spi.Approver.Decision;
import io.drplan.testkit.FakeCloud;
import io.drplan.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FakeApproverTest {
    private final VirtualScheduler time = VirtualScheduler.create();
    private final FakeCloud cloud = FakeCloud.create(time);

    private static ApprovalRequest request(String step) {
        return new ApprovalRequest("vibe-dr", step, "restore the database", "DevOps Lead", Duration.ofMinutes(30));
    }

    @Test
    void request_default_approvesAtOnce() {
        Decision d = time.await(cloud.approver().request(request("restore-db")).toCompletableFuture());

        assertThat(d).isEqualTo(Decision.approve("fake-approver"));
        assertThat(time.now()).isEqualTo(VirtualScheduler.DEFAULT_START);
        assertThat(cloud.approver().requests()).containsExactly(request("restore-db"));
    }

    @Test
    void request_answerAfterAndReject_answersLaterWithTheRejection() {
        cloud.approver().answerAfter(Duration.ofMinutes(5)).reject("restore-db", "not during the sale");

        Decision d = time.await(cloud.approver().request(request("restore-db")).toCompletableFuture());

        assertThat(d).isEqualTo(Decision.reject("fake-approver", "not during the sale"));
        assertThat(time.now()).isEqualTo(VirtualScheduler.DEFAULT_START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void request_neverAnswer_staysOpen() {
        cloud.approver().neverAnswer();

        CompletableFuture<Decision> d = cloud.approver().request(request("x")).toCompletableFuture();
        time.advance(Duration.ofDays(1));

        assertThat(d).isNotDone();
    }
}
