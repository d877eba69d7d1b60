package io.drplan.core.step;

import static io.drplan.core.spi.Operations.S3_GET_BUCKET_LOCATION;
import static io.drplan.core.spi.Operations.ECR_DESCRIBE_IMAGES;
import static io.drplan.core.spi.Operations.ECR_DESCRIBE_REGISTRY;
import static io.drplan.core.spi.Operations.S3_GET_LIFECYCLE;
import static io.drplan.core.spi.Operations.S3_GET_VERSIONING;
import static io.drplan.core.spi.Operations.S3_GET_REPLICATION;

import io.drplan.core.StepKind;
import io.drplan.core.Region;
import io.drplan.core.StepFailedException;
import io.drplan.core.runbook.BackupFinding;
import io.drplan.core.runbook.BackupPolicy;
import io.drplan.core.spi.ContainerRegistryProvider.RegistryReplicationRule;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's pre-requisites and backup strategy, checked against the settings themselves rather
 * than the presence of a rule:
 * <ul>
 * <li>{@link BucketProtectionStep} ({@code s.checkBucketProtection(bucket)}): versioning Enabled; an Enabled replication rule whose
 *     destination bucket is in the plan's DR region; Enabled lifecycle rules over the whole bucket
 *     expiring noncurrent versions after 365 days and moving objects to STANDARD_IA after 30 days
 *     and GLACIER after 90 (the numbers of {@link BackupPolicy#runbook()}, or of {@code policy(..)}).
 *     Disabled or filtered rules do not count. Fails naming each finding's expected and actual value.</li>
 * <li>{@link ImagesReplicatedStep} ({@code s.checkImagesReplicated().image(..)}): the primary registry's replication rules copy each image's
 *     repository to the DR region, and each image is in the DR registry. When the primary registry
 *     cannot be reached (the region is down: the reason for failing over), the rules are not
 *     checked, the report says so, and presence alone decides.</li>
 * </ul>
 * Outputs: {@code versioning} or {@code images}.
 *
 * @param <S> the concrete builder, so that chains keep their type
 */
public abstract sealed class PrerequisiteStep<S extends PrerequisiteStep<S>> extends StepBuilder<S>
        permits BucketProtectionStep, ImagesReplicatedStep {

    String region;

    PrerequisiteStep(PlanRegions regions, StepKind kind, String region) {
        super(regions, kind);
        this.region = region;
    }

    /** Where to look (the bucket's region; the DR registry's region). */
    public final S in(String region) {
        this.region = region;
        return self();
    }

    private static List<String> lines(List<BackupFinding> findings) {
        return findings.stream().map(f -> f.setting() + ": expected " + f.expected() + " but was " + f.actual())
                .toList();
    }

    record BucketAction(String bucket, String regionCode, String drCode, BackupPolicy policy)
            implements StepAction {
        @Override
        public String description() {
            return "Check bucket " + bucket + " has versioning, replication and lifecycle";
        }

        @Override
        public List<Operation> operations() {
            Operation.Target target = Ops.global("bucket", bucket);
            return List.of(Ops.on(S3_GET_VERSIONING, target), Ops.on(S3_GET_REPLICATION, target),
                    Ops.on(S3_GET_LIFECYCLE, target), Ops.on(S3_GET_BUCKET_LOCATION, target));
        }


        @Override
        public Set<String> outputs() {
            return Set.of("versioning");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            region("in (region)", regionCode, p);
            require("checkBucketProtection bucket", bucket, "\"vibe-files-production\"", p);
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Region region = Region.of(regionCode);
            Region dr = Region.of(drCode);
            return ctx.call(S3_GET_VERSIONING, Ops.aws("s3", region),
                    () -> ctx.providers().objectStorage().describeProtection(region, bucket)).thenApply(b -> {
                        List<BackupFinding> findings = policy.bucketFindings("bucket " + bucket + " (" + region + ")",
                                b, dr);
                        if (!findings.isEmpty()) {
                            throw new StepFailedException("bucket " + bucket + " is not protected as the runbook says: "
                                    + String.join("; ", lines(findings)) + "; fix: "
                                    + String.join("; ", findings.stream().map(BackupFinding::fix).toList()));
                        }
                        return Map.<String, Object>of("versioning", b.versioning());
                    });
        }
    }

    record ImagesAction(String regionCode, String rulesRegionCode, List<String> images) implements StepAction {
        @Override
        public String description() {
            return "Check images " + images + " are in the " + regionCode + " registry";
        }

        @Override
        public List<Operation> operations() {
            return List.of(ECR_DESCRIBE_REGISTRY, Ops.on(ECR_DESCRIBE_IMAGES, images.stream()
                    .map(i -> Ops.in(regionCode, "repository", i.substring(0, Math.max(0, i.lastIndexOf(':')))))
                    .distinct().toArray(Operation.Target[]::new)));
        }


        @Override
        public Set<String> outputs() {
            return Set.of("images");
        }

        @Override
        public List<String> validate() {
            List<String> p = problems();
            region("in (region)", regionCode, p);
            region("replicatedFrom (region)", rulesRegionCode, p);
            if (regionCode != null && regionCode.equals(rulesRegionCode)) {
                p.add("checkImagesReplicated reads the replication rules of " + rulesRegionCode
                        + " and looks for the images in " + regionCode + ": they must differ; set replicatedFrom(..)"
                        + " to the primary region or in(..) to the DR region");
            }
            for (String image : images) {
                int colon = image.lastIndexOf(':');
                if (colon <= 0 || colon == image.length() - 1 || image.startsWith("null:") || image.endsWith(":null")) {
                    p.add("checkImagesReplicated image '" + image + "' needs a repository and a tag;"
                            + " use .image(\"vibe-backend\", \"1.42.0\")");
                }
            }
            if (images.isEmpty()) {
                p.add("checkImagesReplicated has no image; add one with .image(\"vibe-backend\", \"1.42.0\")");
            }
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            Region dr = Region.of(regionCode);
            Region from = Region.of(rulesRegionCode);
            BackupPolicy policy = BackupPolicy.runbook();
            List<String> repositories = images.stream().map(i -> i.substring(0, i.lastIndexOf(':'))).distinct().toList();
            CompletionStage<List<BackupFinding>> rules = ctx.call(ECR_DESCRIBE_REGISTRY, Ops.aws("ecr", from),
                    () -> ctx.providers().registries().replicationRules(from)).handle((List<RegistryReplicationRule> r,
                                                                                       Throwable e) -> {
                if (e == null) {
                    return policy.registryFindings("registry (" + from + ")", r, dr, repositories);
                }
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof ProviderException pe && pe.reason().retryable()) {
                    ctx.note("replication rules of the " + from + " registry not checked: it did not answer ("
                            + pe.getMessage() + "); image presence in " + dr + " decides");
                    return List.of();
                }
                throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
            });
            return rules.thenCompose(ruleFindings -> ctx.call(ECR_DESCRIBE_IMAGES, Ops.aws("ecr", dr),
                    () -> policy.imageFindings("registry (" + dr + ")", dr, images, image -> {
                        int colon = image.lastIndexOf(':');
                        return ctx.providers().registries().imageExists(dr, image.substring(0, colon),
                                image.substring(colon + 1));
                    })).thenApply(imageFindings -> {
                        List<BackupFinding> all = new ArrayList<>(ruleFindings);
                        all.addAll(imageFindings);
                        if (!all.isEmpty()) {
                            throw new StepFailedException("images " + images + " are not replicated to the " + dr
                                    + " registry: " + String.join("; ", lines(all)) + "; fix: "
                                    + String.join("; ", all.stream().map(BackupFinding::fix).toList()));
                        }
                        return Map.<String, Object>of("images", images);
                    }));
        }
    }
}
