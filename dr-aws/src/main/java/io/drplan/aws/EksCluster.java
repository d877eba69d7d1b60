package io.drplan.aws;

import io.drplan.core.Region;

/**
 * An EKS cluster as {@code DescribeCluster} reports it.
 *
 * @param status {@code CREATING}, {@code ACTIVE}, {@code DELETING}, {@code FAILED}, {@code UPDATING} or {@code PENDING}
 */
public record EksCluster(String name, Region region, String status, String version, String endpoint) {
    public boolean isActive() {
        return "ACTIVE".equals(status);
    }
}
