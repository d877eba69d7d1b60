// drplan's JShell startup (bin/drplan-jshell): imports only; nothing runs until you type it.
//   var s = Shell.fakeCloud();          the runbook's platform in memory, virtual time
//   var s = Shell.aws("dr-cluster");    AWS default credentials chain + kubeconfig context(s)
//   var plan = VibePlans.regionFailover(Secret.fromEnv("DB_PASSWORD"));
//   s.preview(plan)   s.execute(plan)   s.drill(plan)   s.executions()   s.resume(plan, "<id>")
import io.drplan.core.*;
import io.drplan.core.approval.*;
import io.drplan.core.event.*;
import io.drplan.core.journal.*;
import io.drplan.core.runbook.*;
import io.drplan.core.spi.*;
import io.drplan.testkit.*;
import io.drplan.examples.*;
import io.drplan.examples.shell.*;
import java.nio.file.*;
import java.time.*;
