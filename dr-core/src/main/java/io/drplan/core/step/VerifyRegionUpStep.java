package io.drplan.core.step;

import io.drplan.core.StepKind;

/**
 * The region must be healthy, e.g. the DR region before failing over to it ({@code
 * s.verifyRegionUp(region)}); see {@link RegionCheckStep}.
 */
public final class VerifyRegionUpStep extends RegionCheckStep<VerifyRegionUpStep> {
    VerifyRegionUpStep(PlanRegions regions, String region) {
        super(regions, StepKind.VERIFY_REGION_UP, region, false);
    }
}
