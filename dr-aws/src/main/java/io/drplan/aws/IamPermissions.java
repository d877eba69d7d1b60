package io.drplan.aws;

import io.drplan.core.spi.Operation;
import io.drplan.core.spi.PermissionCatalog;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The IAM actions each {@link AwsOperations AWS operation} needs, and the least-privilege IAM
 * policy for a set of operations. Some operations need more than their own action: copying or
 * restoring an encrypted snapshot needs KMS grants, a restore or snapshot with tags needs
 * {@code rds:AddTagsToResource}, deleting an instance with a final snapshot needs
 * {@code rds:CreateDBSnapshot}.
 *
 * <pre>{@code
 * String policy = IamPermissions.create().policyDocument(List.of(
 *     AwsOperations.RDS_DESCRIBE_SNAPSHOTS, AwsOperations.RDS_RESTORE, AwsOperations.ROUTE53_CHANGE_RECORD_SETS));
 * }</pre>
 */
public final class IamPermissions implements PermissionCatalog {
    private static final Map<Operation, List<String>> EXTRA = Map.of(
            AwsOperations.RDS_CREATE_SNAPSHOT, List.of("rds:AddTagsToResource"),
            AwsOperations.RDS_COPY_SNAPSHOT, List.of("kms:CreateGrant", "kms:DescribeKey", "rds:AddTagsToResource"),
            AwsOperations.RDS_RESTORE, List.of("rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey"),
            AwsOperations.RDS_RESTORE_PITR, List.of("rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey"),
            AwsOperations.RDS_DELETE_INSTANCE, List.of("rds:CreateDBSnapshot"),
            AwsOperations.ELASTICACHE_DELETE_REPLICATION_GROUP, List.of("elasticache:CreateSnapshot"),
            AwsOperations.ELASTICACHE_CREATE_SNAPSHOT, List.of("elasticache:AddTagsToResource"));

    private static final IamPermissions INSTANCE = new IamPermissions();

    private IamPermissions() { }

    /** The catalog (stateless, shared). */
    public static IamPermissions create() {
        return INSTANCE;
    }

    /**
     * The IAM actions {@code operation} needs, its own action first; empty when the operation is not
     * one of {@link AwsOperations#ALL} (a Kubernetes or Terraform operation, say).
     */
    @Override
    public List<String> permissionsFor(Operation operation) {
        Objects.requireNonNull(operation, "operation");
        if (!AwsOperations.ALL.contains(operation)) {
            return List.of();
        }
        List<String> extra = EXTRA.getOrDefault(operation, List.of());
        String own = operation.toString();
        return extra.isEmpty() ? List.of(own)
                : java.util.stream.Stream.concat(java.util.stream.Stream.of(own), extra.stream()).toList();
    }

    /** The sorted, unique IAM actions that {@code operations} need. */
    public List<String> actionsFor(Collection<Operation> operations) {
        TreeSet<String> actions = new TreeSet<>();
        for (Operation op : operations) {
            actions.addAll(permissionsFor(op));
        }
        return List.copyOf(actions);
    }

    /**
     * An IAM policy document (JSON) with one {@code Allow} statement for exactly the actions
     * {@code operations} need, sorted and unique, on resource {@code *}. Narrow the resources
     * yourself when you know the ARNs.
     */
    public String policyDocument(Collection<Operation> operations) {
        List<String> actions = actionsFor(operations);
        StringBuilder json = new StringBuilder(64 + actions.size() * 40);
        json.append("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n")
                .append("      \"Sid\": \"DrplanLeastPrivilege\",\n")
                .append("      \"Effect\": \"Allow\",\n      \"Action\": [");
        for (int i = 0; i < actions.size(); i++) {
            json.append(i == 0 ? "\n" : ",\n").append("        ").append(quote(actions.get(i)));
        }
        json.append(actions.isEmpty() ? "],\n" : "\n      ],\n")
                .append("      \"Resource\": \"*\"\n    }\n  ]\n}\n");
        return json.toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public String toString() {
        return "IamPermissions[" + AwsOperations.ALL.size() + " operations]";
    }
}
