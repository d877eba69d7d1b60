package io.drplan.testkit;

import io.drplan.core.ExecutionReport;

/** Entry point of drplan's AssertJ assertions. */
public final class DrAssertions {
    private DrAssertions() { }

    /** Assertions on an execution report. */
    public static ExecutionReportAssert assertThat(ExecutionReport report) {
        return new ExecutionReportAssert(report);
    }
}
