package io.drplan.core;

/** Whether an execution met the plan's objectives. */
public enum Verdict {
    /** Recovered within the RTO from a restore point within the RPO. */
    MET,
    /** Recovered, but later than the RTO. */
    RTO_MISSED,
    /** Recovered, but from data older than the RPO. */
    RPO_MISSED,
    /** Recovered later than the RTO and from data older than the RPO. */
    RTO_AND_RPO_MISSED,
    /** Did not recover. */
    FAILED
}
