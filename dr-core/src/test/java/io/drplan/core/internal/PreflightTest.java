package io.drplan.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.DrPlan;
import io.drplan.core.Roles;
import io.drplan.core.spi.Approver;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Providers;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PreflightTest {
    private static final DrPlan PLAN = RunFixtures.plan()
            .step("dns", s -> s.custom("dns", RunFixtures::nothing)
                    .operations(Operation.of("route53", "ChangeResourceRecordSets")))
            .step("approve", s -> s.custom("approve", RunFixtures::nothing).requireApproval(Roles.DEVOPS_LEAD))
            .build();

    @Test
    void problems_missingProviderAndApprover_eachNamedWithTheFix() {
        assertThat(Preflight.problems(PLAN, Providers.builder().build(), null)).containsExactly(
                "step 'dns' calls route53:ChangeResourceRecordSets but no dns provider was added; add one with"
                        + " Providers.builder().dns(..)",
                "step 'approve' needs approval by DevOps Lead but the engine has no approver; add one with"
                        + " DrEngine.builder().approver(..)");
    }

    @Test
    void problems_planOfCustomStepsWithAnApprover_none() {
        Approver approver = r -> new CompletableFuture<>();
        DrPlan plan = RunFixtures.chain();

        assertThat(Preflight.problems(plan, Providers.builder().build(), approver)).isEmpty();
    }
}
