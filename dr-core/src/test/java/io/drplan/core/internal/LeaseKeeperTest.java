package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.ExecutionRefusedException;
import io.drplan.core.spi.ExecutionLock;
import io.drplan.core.time.DeterministicScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class LeaseKeeperTest {
    private static final Duration LEASE = Duration.ofMinutes(3);

    private final DeterministicScheduler time = new DeterministicScheduler();
    private final List<String> lost = new ArrayList<>();
    private final List<String> answers = new ArrayList<>();   // "ok", "lost" or "error", one per renewal
    private int renewals;
    private int closes;

    /** A lock whose lease answers each renewal as {@link #answers} says (then "ok"). */
    private final ExecutionLock lock = new ExecutionLock() {
        @Override
        public Optional<Lease> tryAcquire(String planName, String holder, Duration leaseDuration) {
            return Optional.of(new Lease() {
                @Override
                public String holder() {
                    return holder;
                }

                @Override
                public boolean renew() {
                    String answer = renewals < answers.size() ? answers.get(renewals) : "ok";
                    renewals++;
                    if (answer.equals("error")) {
                        throw new IllegalStateException("HTTP 503");
                    }
                    return answer.equals("ok");
                }

                @Override
                public void close() {
                    closes++;
                }
            });
        }

        @Override
        public Optional<String> currentHolder(String planName) {
            return Optional.empty();
        }
    };

    private LeaseKeeper kept(ExecutionLock l, BooleanSupplier finished) {
        LeaseKeeper keeper = new LeaseKeeper("test-plan", l, "host-a", LEASE, time, new Redactor());
        keeper.acquire();
        keeper.keep(finished, lost::add);
        return keeper;
    }

    @Test
    void acquire_heldByAnother_isRefusedNamingTheHolder() {
        InProcessLock inProcess = new InProcessLock();
        inProcess.tryAcquire("test-plan", "host-b", LEASE);
        LeaseKeeper keeper = new LeaseKeeper("test-plan", inProcess, "host-a", LEASE, time, new Redactor());

        assertThatThrownBy(keeper::acquire).isInstanceOf(ExecutionRefusedException.class)
                .hasMessage("plan 'test-plan' is already being executed by host-b; wait for it to finish or stop it"
                        + " first (nothing was changed)");
    }

    @Test
    void keep_renewsEveryThirdOfTheLease_untilReleased() {
        LeaseKeeper keeper = kept(lock, () -> false);

        time.advance(Duration.ofMinutes(3));
        keeper.release(false);
        keeper.release(false);
        time.advance(Duration.ofMinutes(3));

        assertThat(renewals).isEqualTo(3);
        assertThat(closes).isEqualTo(1);
        assertThat(lost).isEmpty();
    }

    @Test
    void keep_stopsRenewingOnceTheRunFinished() {
        kept(lock, () -> true);

        time.advance(Duration.ofMinutes(3));

        assertThat(renewals).isZero();
    }

    @Test
    void keep_takenOver_reportsTheLossOnce() {
        answers.addAll(List.of("ok", "lost"));
        kept(lock, () -> false);

        time.advance(Duration.ofMinutes(5));

        assertThat(renewals).isEqualTo(2);
        assertThat(lost).containsExactly("lost the execution lock of plan 'test-plan' (another holder took it over);"
                + " stopped so that two executions never act at once, and nothing was undone: another holder may be"
                + " acting");
    }

    @Test
    void keep_backendBlipWithinTheLease_isRetriedNotLost() {
        answers.addAll(List.of("error", "ok", "ok"));
        kept(lock, () -> false);

        time.advance(Duration.ofMinutes(3));

        assertThat(renewals).isEqualTo(3);
        assertThat(lost).isEmpty();
    }

    @Test
    void keep_failingUntilTheLeaseRunsOut_isLost() {
        answers.addAll(List.of("error", "error", "error"));
        kept(lock, () -> false);

        time.advance(Duration.ofMinutes(3));

        assertThat(renewals).isEqualTo(2);
        assertThat(lost).singleElement().asString()
                .contains("(renewing it failed until the lease ran out: HTTP 503)");
    }
}
