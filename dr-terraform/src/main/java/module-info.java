/**
 * drplan's infrastructure provider on the {@code terraform} CLI: init, workspaces, saved plans and
 * their apply, targets, outputs and the state-in-DR check.
 */
module io.drplan.terraform {
    requires transitive io.drplan.core;
    requires java.net.http;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;

    exports io.drplan.terraform;
}
