package io.drplan.core.step;

import static io.drplan.core.step.Ops.ECR_DESCRIBE_IMAGES;
import static io.drplan.core.step.Ops.ECR_DESCRIBE_REGISTRY;
import static io.drplan.core.step.Ops.S3_READ_LIFECYCLE;
import static io.drplan.core.step.Ops.S3_READ_PROTECTION;
import static io.drplan.core.step.Ops.S3_READ_REPLICATION;

import io.drplan.core.Region;
import io.drplan.core.StepFailedException;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's pre-requisites and backup strategy, checked rather than assumed:
 * {@code checkBucketProtection} (versioning, cross-region replication, lifecycle),
 * {@code checkImagesReplicated} (container images present in the DR registry and replication
 * configured). Fails naming everything that is missing.
 */
public final class PrerequisiteStep extends StepBuilder<PrerequisiteStep> {
    /** How long a check usually takes. */
    public static final Duration DEFAULT_ESTIMATE = Duration.ofSeconds(5);

    enum Kind { BUCKET, IMAGES }

    private final Kind kind;
    private final String subject;
    private String region;
    private final List<String> images = new ArrayList<>();

    PrerequisiteStep(PlanRegions regions, Kind kind, String subject) {
        super(regions);
        this.kind = kind;
        this.subject = subject;
        this.region = kind == Kind.BUCKET ? regions.source() : regions.target();
    }

    /** Where to look (the bucket's region; the DR registry's region). */
    public PrerequisiteStep in(String region) {
        this.region = region;
        return this;
    }

    /** For images: {@code repository:tag} that must be present. */
    public PrerequisiteStep image(String repository, String tag) {
        images.add(repository + ":" + tag);
        return this;
    }

    @Override
    StepAction action() {
        return new Action(kind, subject, region, List.copyOf(images));
    }

    private record Action(Kind kind, String subject, String regionCode, List<String> images) implements StepAction {
        @Override
        public String description() {
            return kind == Kind.BUCKET ? "Check bucket " + subject + " has versioning, replication and lifecycle"
                    : "Check images " + images + " are in the " + regionCode + " registry";
        }

        @Override
        public List<Operation> operations() {
            if (kind == Kind.BUCKET) {
                Operation.Target bucket = Ops.global("bucket", subject);
                return List.of(Ops.on(S3_READ_PROTECTION, bucket), Ops.on(S3_READ_REPLICATION, bucket),
                        Ops.on(S3_READ_LIFECYCLE, bucket));
            }
            return List.of(ECR_DESCRIBE_REGISTRY, Ops.on(ECR_DESCRIBE_IMAGES, images.stream()
                    .map(i -> Ops.in(regionCode, "repository", i.substring(0, Math.max(0, i.lastIndexOf(':')))))
                    .distinct().toArray(Operation.Target[]::new)));
        }

        @Override
        public Duration estimate() {
            return DEFAULT_ESTIMATE;
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            region("in (region)", regionCode, p);
            if (kind == Kind.BUCKET) {
                require("checkBucketProtection bucket", subject, "\"vibe-files-production\"", p);
            } else if (images.isEmpty()) {
                p.add("checkImagesReplicated has no image; add one with .image(\"vibe-backend\", \"1.42.0\")");
            }
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Region region = Region.of(regionCode);
            if (kind == Kind.BUCKET) {
                return ctx.call(S3_READ_PROTECTION, Ops.aws("s3", region),
                        () -> ctx.providers().objectStorage().describeProtection(region, subject)).thenApply(b -> {
                            List<String> missing = missing(b);
                            if (!missing.isEmpty()) {
                                throw new StepFailedException("bucket " + subject + " is not protected: "
                                        + String.join("; ", missing));
                            }
                            return Map.of("versioning", b.versioning());
                        });
            }
            String ep = Ops.aws("ecr", region);
            return ctx.call(ECR_DESCRIBE_IMAGES, ep, () -> {
                List<String> absent = new ArrayList<>();
                for (String image : images) {
                    int colon = image.lastIndexOf(':');
                    if (!ctx.providers().registries().imageExists(region, image.substring(0, colon),
                            image.substring(colon + 1))) {
                        absent.add(image);
                    }
                }
                return absent;
            }).thenApply(absent -> {
                if (!absent.isEmpty()) {
                    throw new StepFailedException("images " + absent + " are not in the " + region
                            + " registry; push or replicate them before failing over");
                }
                return Map.of("images", images);
            });
        }

        private static List<String> missing(BucketProtection b) {
            List<String> m = new ArrayList<>();
            if (!b.versioningEnabled()) {
                m.add("versioning is " + b.versioning() + " (enable it)");
            }
            if (b.replication().stream().noneMatch(r -> r.enabled())) {
                m.add("no enabled cross-region replication rule (add one to the DR bucket)");
            }
            if (b.lifecycle().isEmpty()) {
                m.add("no lifecycle rule (transition to IA after 30 days, Glacier after 90)");
            }
            return m;
        }
    }
}
