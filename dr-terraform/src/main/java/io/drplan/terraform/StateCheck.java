package io.drplan.terraform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a workspace's Terraform state is available in the DR region (the runbook's Procedure 3
 * pre-requisite): the backend is S3, its bucket is in that region, and the workspace's state object
 * exists. {@link #problems()} names each thing that is not so and what to do.
 *
 * @param backend      the backend type Terraform initialised ({@code s3}, {@code local}, ...)
 * @param bucket       the S3 bucket, or null
 * @param bucketRegion where S3 says the bucket is ({@code x-amz-bucket-region}), or null
 * @param key          the workspace's state object key, or null
 * @param stateExists  whether {@code terraform state pull} found a state for the workspace
 */
public record StateCheck(String directory, String workspace, String region, String backend, String bucket,
                         String bucketRegion, String key, boolean stateExists, List<String> problems) {
    public StateCheck {
        problems = List.copyOf(problems);
    }

    /** Whether every condition holds. */
    public boolean isReady() {
        return problems.isEmpty();
    }

    static StateCheck of(TerraformProvider tf, String directory, Path dir, String workspace, String region) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> backendState = backend(tf, dir);
        String type = JsonValues.string(backendState.get("type"));
        Map<String, Object> cfg = JsonValues.map(backendState.get("config"));
        if (!"s3".equals(type)) {
            problems.add("the backend of " + directory + " is " + (type == null ? "local (none configured)" : "'" + type
                    + "'") + ", not s3: the state is not kept in the DR region; configure backend \"s3\" with a bucket"
                    + " in " + region);
            return new StateCheck(directory, workspace, region, type == null ? "local" : type, null, null, null,
                    stateExists(tf, dir, workspace), problems);
        }
        String bucket = JsonValues.string(cfg.get("bucket"));
        String configured = JsonValues.string(cfg.get("region"));
        String stateKey = JsonValues.string(cfg.get("key"));
        String prefix = cfg.get("workspace_key_prefix") == null ? "env:" : cfg.get("workspace_key_prefix").toString();
        String key = "default".equals(workspace) ? stateKey : prefix + "/" + workspace + "/" + stateKey;
        if (configured != null && !configured.equals(region)) {
            problems.add("the s3 backend of " + directory + " is configured for region " + configured + ", not " + region
                    + "; during a regional outage Terraform could not reach it: use a bucket in " + region);
        }
        String endpoint = s3Endpoint(cfg, configured == null ? region : configured);
        boolean pathStyle = Boolean.TRUE.equals(cfg.get("use_path_style")) || Boolean.TRUE.equals(cfg.get("force_path_style"));
        String bucketRegion = bucketRegion(endpoint, bucket, pathStyle, problems);
        if (bucketRegion != null && !bucketRegion.equals(region)) {
            problems.add("the state bucket " + bucket + " is in " + bucketRegion + ", not in " + region
                    + "; replicate the state to a bucket in " + region + " and point the backend at it");
        }
        boolean exists = stateExists(tf, dir, workspace);
        if (!exists) {
            problems.add("there is no state for workspace " + workspace + " (s3://" + bucket + "/" + key
                    + "); apply the workspace once, or copy its state there");
        }
        return new StateCheck(directory, workspace, region, type, bucket, bucketRegion, key, exists, problems);
    }

    /** The backend Terraform recorded at init ({@code TF_DATA_DIR}/terraform.tfstate, {@code .terraform} by default). */
    private static Map<String, Object> backend(TerraformProvider tf, Path dir) {
        String dataDir = tf.environment(null, Map.of()).get("TF_DATA_DIR");
        Path data = dataDir == null ? dir.resolve(".terraform") : dir.resolve(dataDir);
        Path file = data.resolve("terraform.tfstate");
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            return JsonValues.map(JsonValues.object(Files.readString(file)).get("backend"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String s3Endpoint(Map<String, Object> cfg, String region) {
        Object e = JsonValues.map(cfg.get("endpoints")).get("s3");
        if (e == null) {
            e = cfg.get("endpoint");
        }
        return e != null ? e.toString().replaceAll("/+$", "") : "https://s3." + region + ".amazonaws.com";
    }

    /** Where S3 says the bucket is: any answer to HEAD bucket carries {@code x-amz-bucket-region}, even a 403. */
    private static String bucketRegion(String endpoint, String bucket, boolean pathStyle, List<String> problems) {
        URI base = URI.create(endpoint);
        URI uri = pathStyle ? URI.create(endpoint + "/" + bucket)
                : URI.create(base.getScheme() + "://" + bucket + "." + base.getAuthority() + "/");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 404) {
                problems.add("the state bucket " + bucket + " does not exist (HEAD " + uri + " answered 404); create it"
                        + " in the DR region and migrate the state (terraform init -migrate-state)");
                return null;
            }
            return r.headers().firstValue("x-amz-bucket-region").orElseGet(() -> {
                problems.add("S3 did not say where bucket " + bucket + " is (HEAD " + uri + " answered "
                        + r.statusCode() + " without x-amz-bucket-region)");
                return null;
            });
        } catch (IOException e) {
            problems.add("could not reach S3 at " + endpoint + " to locate bucket " + bucket + ": " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted while locating bucket " + bucket);
            return null;
        }
    }

    /**
     * Whether the workspace has a state, asked without creating one: {@code state pull} of a
     * workspace that does not exist would create it in S3, so other workspaces are looked up in
     * {@code workspace list} (the state objects under the workspace prefix).
     */
    private static boolean stateExists(TerraformProvider tf, Path dir, String workspace) {
        if (!"default".equals(workspace)) {
            Cli.Result list = Cli.run(tf.binary(), dir, List.of("workspace", "list", "-no-color"),
                    tf.environment(null, Map.of()), tf.commandTimeout());
            return list.exitCode() == 0 && list.stdout().stream()
                    .map(l -> l.replace("*", "").strip()).anyMatch(workspace::equals);
        }
        Cli.Result r = Cli.run(tf.binary(), dir, List.of("state", "pull"), tf.environment(workspace, Map.of()),
                tf.commandTimeout());
        return r.exitCode() == 0 && !String.join("", r.stdout()).isBlank();
    }
}
