package io.drplan.core;

/** The runbook's emergency contacts, as role names used by approvals and notifications. */
public final class Roles {
    private Roles() { }

    /** Initial incident response. */
    public static final String ON_CALL = "Platform Engineer (on-call)";
    /** Major incident coordination. */
    public static final String DEVOPS_LEAD = "DevOps Lead";
    /** Business communication. */
    public static final String ENGINEERING_MANAGER = "Engineering Manager";
    /** Infrastructure issues. */
    public static final String AWS_SUPPORT = "AWS Support";
}
