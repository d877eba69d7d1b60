package io.drplan.core.internal;

import io.drplan.core.DrPlan;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Providers;
import io.drplan.core.step.Step;
import java.util.ArrayList;
import java.util.List;

/** What can be checked before a run changes anything: every provider, cluster and approver its steps need. */
final class Preflight {
    private Preflight() { }

    /** The problems that stop {@code plan} from starting, each with its fix; empty when it may start. */
    static List<String> problems(DrPlan plan, Providers providers, Approver approver) {
        List<String> problems = new ArrayList<>();
        for (Step s : plan.steps()) {
            for (Operation op : s.operations()) {
                String kind = Providers.kindFor(op.service());
                if (kind != null && !providers.has(kind)) {
                    problems.add("step '" + s.id() + "' calls " + op + " but no " + kind
                            + " provider was added; add one with Providers.builder()." + kind + "(..)");
                    break;
                }
            }
            for (String c : s.action().clusters()) {
                if (!providers.hasCluster(c)) {
                    problems.add("step '" + s.id() + "' uses cluster '" + c + "', which was not added; add it with"
                            + " Providers.builder().cluster(..)");
                }
            }
            if (s.approvalRole() != null && approver == null) {
                problems.add("step '" + s.id() + "' needs approval by " + s.approvalRole()
                        + " but the engine has no approver; add one with DrEngine.builder().approver(..)");
            }
        }
        return problems.stream().distinct().toList();
    }
}
