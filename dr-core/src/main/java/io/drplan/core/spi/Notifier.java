package io.drplan.core.spi;

/** Tells people about an execution's milestones (started, step failed, finished, approval needed). */
public interface Notifier {

    /** Sends a notification; must not throw for delivery problems that should not stop the plan. */
    void notify(Notification notification);

    /** Severity of a notification. */
    enum Severity { INFO, WARNING, CRITICAL }

    /** A notification addressed to a role (e.g. {@code on-call platform engineer}). */
    record Notification(String planName, Severity severity, String role, String title, String text) { }
}
