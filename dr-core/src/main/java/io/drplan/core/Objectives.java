package io.drplan.core;

import java.time.Duration;
import java.util.Optional;

/**
 * Recovery objectives: the most downtime (RTO) and data loss (RPO) the business accepts, and the
 * recovery time it expects on average (MTTR). The runbook's are RTO 4 h, RPO 1 h, MTTR 2 h.
 *
 * <pre>{@code
 * .objectives(o -> o.rto(Duration.ofHours(4)).rpo(Duration.ofHours(1)).mttr(Duration.ofHours(2)))
 * }</pre>
 */
public record Objectives(Duration rto, Duration rpo, Duration mttr) {
    /** The runbook's objectives: RTO 4 h, RPO 1 h, MTTR 2 h. */
    public static final Objectives RUNBOOK_DEFAULTS =
            new Objectives(Duration.ofHours(4), Duration.ofHours(1), Duration.ofHours(2));

    /** The MTTR, when one was set. */
    public Optional<Duration> mttrIfSet() {
        return Optional.ofNullable(mttr);
    }

    /** Mutable builder used inside {@code objectives(o -> ...)}; values are checked by {@code build()} of the plan. */
    public static final class Builder {
        private Duration rto;
        private Duration rpo;
        private Duration mttr;

        Builder() { }

        /** Maximum acceptable downtime. */
        public Builder rto(Duration rto) {
            this.rto = rto;
            return this;
        }

        /** Maximum acceptable data loss, measured as the age of the restore point. */
        public Builder rpo(Duration rpo) {
            this.rpo = rpo;
            return this;
        }

        /** Expected recovery time. */
        public Builder mttr(Duration mttr) {
            this.mttr = mttr;
            return this;
        }

        Objectives build() {
            return new Objectives(rto, rpo, mttr);
        }
    }

    @Override
    public String toString() {
        return "RTO " + Durations.format(rto) + ", RPO " + Durations.format(rpo)
                + (mttr == null ? "" : ", MTTR " + Durations.format(mttr));
    }
}
