/**
 * drplan's core: the plan DSL, the engine, the SPIs providers implement, journals, approvals,
 * notifiers and the runbook's schedule and checklists. {@code io.drplan.core.internal} is not
 * exported: a host cannot depend on it.
 */
module io.drplan.core {
    requires java.net.http;
    requires java.sql;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.core;

    exports io.drplan.core;
    exports io.drplan.core.approval;
    exports io.drplan.core.event;
    exports io.drplan.core.http;
    exports io.drplan.core.integrity;
    exports io.drplan.core.journal;
    exports io.drplan.core.notify;
    exports io.drplan.core.runbook;
    exports io.drplan.core.spi;
    exports io.drplan.core.step;
    exports io.drplan.core.time;
}
