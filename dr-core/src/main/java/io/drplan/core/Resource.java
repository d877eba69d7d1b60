package io.drplan.core;

import java.util.Objects;

/**
 * A cloud resource a step created, changed or deleted, with the commands a person runs to look at
 * it and to remove it (for what a failed run left behind). Never holds a secret's value: a secret
 * is named by its keys.
 *
 * <pre>{@code
 * ctx.created(Resource.rdsInstance(Region.of("us-west-2"), "vibe-postgres-dr"));
 * }</pre>
 *
 * @param kind    what it is ("RDS DB instance", "Route 53 record")
 * @param id      its identifier
 * @param where   its region, zone, cluster or directory
 * @param inspect the command that shows it
 * @param remove  the command that removes it, or {@code null} when it is not removed (a changed record is put back)
 */
public record Resource(String kind, String id, String where, String inspect, String remove) {
    public Resource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(inspect, "inspect");
    }

    /** An RDS DB instance; removed with a final snapshot named after the instance. */
    public static Resource rdsInstance(Region region, String instanceId) {
        return new Resource("RDS DB instance", instanceId, region.code(), "aws rds describe-db-instances --region "
                + region + " --db-instance-identifier " + instanceId, "aws rds delete-db-instance --region " + region
                + " --db-instance-identifier " + instanceId + " --final-db-snapshot-identifier " + instanceId
                + "-final");
    }

    /** An RDS DB snapshot. */
    public static Resource rdsSnapshot(Region region, String snapshotId) {
        return new Resource("RDS DB snapshot", snapshotId, region.code(), "aws rds describe-db-snapshots --region "
                + region + " --db-snapshot-identifier " + snapshotId, "aws rds delete-db-snapshot --region " + region
                + " --db-snapshot-identifier " + snapshotId);
    }

    /** The failover records of {@code name} in a Route 53 hosted zone (changed, put back on undo). */
    public static Resource dnsRecords(String hostedZoneId, String name) {
        return new Resource("Route 53 records", name, "hosted zone " + hostedZoneId,
                "aws route53 list-resource-record-sets --hosted-zone-id " + hostedZoneId + " --query"
                        + " \"ResourceRecordSets[?Name == '" + (name.endsWith(".") ? name : name + ".") + "']\"", null);
    }

    /** A Kubernetes secret (its key names only). */
    public static Resource secret(String cluster, String namespace, String secretName) {
        return new Resource("Kubernetes secret", namespace + "/" + secretName, "cluster " + cluster,
                "kubectl --context " + cluster + " -n " + namespace + " get secret " + secretName, null);
    }

    /** A Kubernetes deployment. */
    public static Resource deployment(String cluster, String namespace, String deployment) {
        return new Resource("Kubernetes deployment", namespace + "/" + deployment, "cluster " + cluster,
                "kubectl --context " + cluster + " -n " + namespace + " rollout history deployment/" + deployment,
                null);
    }

    /** The infrastructure of a Terraform workspace. */
    public static Resource terraformWorkspace(String directory, String workspace) {
        return new Resource("Terraform workspace", workspace, directory, "terraform -chdir=" + directory
                + " workspace select " + workspace + " && terraform -chdir=" + directory + " state list",
                "terraform -chdir=" + directory + " workspace select " + workspace + " && terraform -chdir="
                        + directory + " destroy");
    }

    @Override
    public String toString() {
        return kind + " " + id + " (" + where + ")";
    }
}
