package io.drplan.core.step;

import io.drplan.core.StepKind;

/**
 * Procedure 3, step 1: the region must be down, a guard against failing over a working region
 * ({@code s.verifyRegionDown(region)}); see {@link RegionCheckStep}.
 */
public final class VerifyRegionDownStep extends RegionCheckStep<VerifyRegionDownStep> {
    VerifyRegionDownStep(PlanRegions regions, String region) {
        super(regions, StepKind.VERIFY_REGION_DOWN, region, true);
    }
}
