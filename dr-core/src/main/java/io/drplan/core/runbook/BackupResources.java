package io.drplan.core.runbook;

import io.drplan.core.Region;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link BackupPolicy} audit reads: the primary and DR regions, and the databases, caches,
 * buckets and images the policy covers. Immutable; build it with {@link #builder}.
 *
 * <pre>{@code
 * BackupResources vibe = BackupResources.builder("us-east-1", "us-west-2")
 *     .database("vibe-postgres-production").cache("vibe-redis-production")
 *     .bucket("vibe-files-production").image("vibe-backend", "1.42.0").build();
 * }</pre>
 */
public final class BackupResources {
    private final Region primary;
    private final Region dr;
    private final List<String> databases;
    private final List<String> caches;
    private final List<String> buckets;
    private final List<String> images;

    private BackupResources(Builder b) {
        primary = Region.of(b.primary);
        dr = Region.of(b.dr);
        databases = List.copyOf(b.databases);
        caches = List.copyOf(b.caches);
        buckets = List.copyOf(b.buckets);
        images = List.copyOf(b.images);
    }

    /** Resources in {@code primaryRegion}, backed up to {@code drRegion}. */
    public static Builder builder(String primaryRegion, String drRegion) {
        return new Builder(primaryRegion, drRegion);
    }

    public Region primary() {
        return primary;
    }

    public Region dr() {
        return dr;
    }

    /** RDS instance ids in the primary region. */
    public List<String> databases() {
        return databases;
    }

    /** ElastiCache replication group ids in the primary region. */
    public List<String> caches() {
        return caches;
    }

    /** Bucket names in the primary region. */
    public List<String> buckets() {
        return buckets;
    }

    /** Images as {@code repository:tag}, pushed to the primary registry and expected in the DR one. */
    public List<String> images() {
        return images;
    }

    /** The images' repositories, each once. */
    public List<String> repositories() {
        return images.stream().map(i -> i.substring(0, i.lastIndexOf(':'))).distinct().toList();
    }

    @Override
    public String toString() {
        return "BackupResources[" + primary + " -> " + dr + ", databases=" + databases + ", caches=" + caches
                + ", buckets=" + buckets + ", images=" + images + "]";
    }

    /** Builder of {@link BackupResources}; {@link #build} reports every problem at once. */
    public static final class Builder {
        private final String primary;
        private final String dr;
        private final List<String> databases = new ArrayList<>();
        private final List<String> caches = new ArrayList<>();
        private final List<String> buckets = new ArrayList<>();
        private final List<String> images = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();

        private Builder(String primary, String dr) {
            this.primary = primary;
            this.dr = dr;
        }

        /** An RDS instance whose automated backups and manual snapshots the policy covers. */
        public Builder database(String instanceId) {
            add("database", instanceId, "\"vibe-postgres-production\"", databases);
            return this;
        }

        /** An ElastiCache replication group whose automatic snapshots the policy covers. */
        public Builder cache(String replicationGroupId) {
            add("cache", replicationGroupId, "\"vibe-redis-production\"", caches);
            return this;
        }

        /** A bucket whose versioning, replication and lifecycle the policy covers. */
        public Builder bucket(String name) {
            add("bucket", name, "\"vibe-files-production\"", buckets);
            return this;
        }

        /** An image that must be replicated to the DR registry. */
        public Builder image(String repository, String tag) {
            if (repository == null || repository.isBlank() || tag == null || tag.isBlank()) {
                problems.add("image repository and tag must not be blank but were '" + repository + "' and '" + tag
                        + "'; use e.g. image(\"vibe-backend\", \"1.42.0\")");
            } else {
                images.add(repository + ":" + tag);
            }
            return this;
        }

        private void add(String field, String value, String example, List<String> to) {
            if (value == null || value.isBlank()) {
                problems.add(field + " must not be blank but was '" + value + "'; use e.g. " + field + "(" + example + ")");
            } else {
                to.add(value);
            }
        }

        /** @throws IllegalArgumentException naming every problem: unknown or equal regions, blank names, nothing to audit */
        public BackupResources build() {
            List<String> p = new ArrayList<>(problems);
            for (String[] r : new String[][] {{"primary region", primary}, {"DR region", dr}}) {
                if (r[1] == null || !Region.isKnown(r[1])) {
                    p.add(r[0] + " '" + r[1] + "' is not a known region code; use one such as us-east-1 or us-west-2");
                }
            }
            if (primary != null && primary.equals(dr)) {
                p.add("DR region must differ from the primary region but both were " + primary);
            }
            if (databases.isEmpty() && caches.isEmpty() && buckets.isEmpty() && images.isEmpty()) {
                p.add("nothing to audit; add a database(..), cache(..), bucket(..) or image(..)");
            }
            if (!p.isEmpty()) {
                throw new IllegalArgumentException("invalid backup resources: " + String.join("; ", p));
            }
            return new BackupResources(this);
        }
    }
}
