/** Approvers: at a terminal (JShell) and programmatic (host services). */
package io.drplan.core.approval;
