package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ForkTest {
    @Test
    void get_executorThatNeverRunsTasks_theCallerReadsItOnce() {
        List<Runnable> parked = new ArrayList<>();
        AtomicInteger reads = new AtomicInteger();

        Fork<String> f = Fork.start(() -> "read " + reads.incrementAndGet(), parked::add);

        assertThat(f.get()).isEqualTo("read 1");
        parked.forEach(Runnable::run);   // the executor's turn comes late: it finds the read done
        assertThat(f.get()).isEqualTo("read 1");
        assertThat(reads).hasValue(1);
    }

    @Test
    void get_readRunByTheExecutor_itsAnswer() {
        AtomicInteger reads = new AtomicInteger();

        Fork<Integer> f = Fork.start(reads::incrementAndGet, Runnable::run);

        assertThat(reads).hasValue(1);
        assertThat(f.get()).isEqualTo(1);
        assertThat(reads).hasValue(1);
    }

    @Test
    void get_readFailed_rethrowsItsException() {
        Fork<String> f = Fork.start(() -> {
            throw new IllegalStateException("zone unreadable");
        }, task -> { });

        assertThatThrownBy(f::get).isInstanceOf(IllegalStateException.class).hasMessage("zone unreadable");
    }

    @Test
    void start_executorRejects_theCallerReads() {
        Fork<String> f = Fork.start(() -> "read", task -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        });

        assertThat(f.get()).isEqualTo("read");
    }
}
