/**
 * The on-call engineer's JShell session ({@code bin/drplan-jshell}): one line to an engine on the
 * fake cloud or on real AWS and Kubernetes, with live progress, approvals at the prompt, and the
 * executions of a journal store to list and resume.
 */
package io.drplan.examples.shell;
