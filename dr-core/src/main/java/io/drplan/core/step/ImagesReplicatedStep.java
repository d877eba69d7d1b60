package io.drplan.core.step;

import io.drplan.core.StepKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre-requisite "container images replicated to the DR registry" ({@code s.checkImagesReplicated()
 * .image("vibe-backend", "v1.2.3")}): the registry's replication rules cover the DR region and each
 * image is there; see {@link PrerequisiteStep}.
 */
public final class ImagesReplicatedStep extends PrerequisiteStep<ImagesReplicatedStep> {
    private String rulesRegion;
    private final List<String> images = new ArrayList<>();

    ImagesReplicatedStep(PlanRegions regions) {
        super(regions, StepKind.CHECK_IMAGES_REPLICATED, regions.target());
        this.rulesRegion = regions.source();
    }

    /** The registry whose replication rules must copy the images to the DR registry (the plan's source region by default). */
    public ImagesReplicatedStep replicatedFrom(String region) {
        this.rulesRegion = region;
        return this;
    }

    /** {@code repository:tag} that must be present. */
    public ImagesReplicatedStep image(String repository, String tag) {
        images.add(repository + ":" + tag);
        return this;
    }

    @Override
    StepAction action() {
        return new ImagesAction(region, rulesRegion, List.copyOf(images));
    }
}
