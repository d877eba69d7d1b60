package io.drplan.testkit.fake;

import static io.drplan.testkit.DrAssertions.assertThat;

import io.drplan.core.DrEngine;
import io.drplan.core.DrPlan;
import io.drplan.core.IncidentTier;
import io.drplan.core.Region;
import io.drplan.testkit.DrTest;
import io.drplan.testkit.FakeCloud;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The step {@code terraform(dir).checkStateAvailableIn(region)} on the fake. */
@DrTest
class TerraformStateCheckTest {
    private static final String DIR = "infrastructure/terraform";

    private static DrPlan plan() {
        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("tf-state-check").tier(IncidentTier.MINOR)
                .objectives(o -> o.rto(Duration.ofMinutes(30)).rpo(Duration.ofHours(1)))
                .step("tf-state", s -> s.terraform(DIR).workspace("dr").checkStateAvailableIn("us-west-2"))
                .build();
    }

    @Test
    void stateInTheDrRegion_succeeds(FakeCloud cloud, DrEngine engine) {
        cloud.infrastructure().stateIn(DIR, Region.of("us-west-2")).addWorkspace(DIR, "dr");

        assertThat(engine.execute(plan())).succeeded();
    }

    @Test
    void stateInThePrimaryRegion_failsNamingTheProblem(FakeCloud cloud, DrEngine engine) {
        cloud.infrastructure().stateIn(DIR, Region.of("us-east-1"));

        assertThat(engine.execute(plan())).stepFailedWith("tf-state", "the Terraform state of infrastructure/terraform"
                + " (workspace dr) is not available in us-west-2: the state bucket of infrastructure/terraform is in"
                + " us-east-1, not in us-west-2; replicate the state to a bucket in us-west-2 and point the backend at"
                + " it; there is no state for workspace dr; apply the workspace once, or copy its state there");
    }

    @Test
    void localState_fails(FakeCloud cloud, DrEngine engine) {
        assertThat(engine.execute(plan())).stepFailedWith("tf-state", "the backend of infrastructure/terraform is"
                + " local (none configured), not s3");
    }
}
