package io.drplan.aws;

import io.drplan.core.spi.Operations;
import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Operation.Target;
import io.drplan.core.spi.PermissionCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The IAM actions each {@link Operations AWS operation} needs, and the least-privilege IAM
 * policy for the operations of a plan, scoped to the resources the plan names.
 *
 * <p>Some operations need more than their own action: copying or restoring an encrypted snapshot
 * needs KMS grants, a restore or snapshot with tags needs {@code rds:AddTagsToResource}, deleting
 * an instance with a final snapshot needs {@code rds:CreateDBSnapshot}.
 *
 * <p>The policy ({@link #policyDocument}) names resources by the ARNs built from each operation's
 * {@link Operation#targets() targets} ({@code arn:aws:rds:us-west-2:<account>:db:vibe-postgres-dr},
 * {@code arn:aws:route53:::hostedzone/Z0VIBEDEV0001}, the target group's ARN...), with the account
 * given to {@link #forAccount} or a {@code *} segment. It adds the conditions AWS supports where
 * they narrow what drplan does: deleting a DB instance only when it carries drplan's tag
 * ({@code aws:ResourceTag/drplan:managed}); restoring and snapshotting only with that tag on the
 * request ({@code aws:RequestTag}); Route 53 changes only UPSERTs of the plan's record names
 * ({@code route53:ChangeResourceRecordSetsNormalizedRecordNames}, {@code ...Actions}); KMS only
 * through RDS ({@code kms:ViaService}). {@code "Resource": "*"} appears in two statements only, each
 * saying why: actions that AWS does not scope to resources (the Service Authorization Reference lists
 * no resource type for them: {@code ec2:DescribeVpcs}, {@code elasticloadbalancing:DescribeTargetHealth},
 * {@code ecr:DescribeRegistry}, {@code sts:GetCallerIdentity}...), and operations whose resources the
 * plan does not name (a custom step's call; the journal store names its bucket with
 * {@code S3JournalStore.operations()}).
 *
 * <pre>{@code
 * String policy = IamPermissions.forAccount("123456789012").policyDocument(engine.preview(plan).operations());
 * }</pre>
 */
public final class IamPermissions implements PermissionCatalog {
    /** The tag drplan's AWS providers put on what they create (the delete condition's key). */
    public static final String OWNERSHIP_TAG = "drplan:managed";

    /** Actions the Service Authorization Reference lists with no resource type: only {@code *} grants them. */
    static final Set<String> NOT_SCOPED_BY_AWS = Set.of("ec2:DescribeVpcs", "ec2:DescribeAvailabilityZones",
            "elasticloadbalancing:DescribeTargetHealth", "ecr:DescribeRegistry", "sts:GetCallerIdentity");

    private static final Map<Operation, List<String>> EXTRA = Map.of(
            Operations.RDS_CREATE_SNAPSHOT, List.of("rds:AddTagsToResource"),
            Operations.RDS_COPY_SNAPSHOT, List.of("kms:CreateGrant", "kms:DescribeKey", "rds:AddTagsToResource"),
            Operations.RDS_RESTORE, List.of("rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey"),
            Operations.RDS_RESTORE_PITR, List.of("rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey"),
            Operations.RDS_DELETE_INSTANCE, List.of("rds:CreateDBSnapshot"),
            Operations.ELASTICACHE_DELETE_REPLICATION_GROUP, List.of("elasticache:CreateSnapshot"),
            Operations.ELASTICACHE_CREATE_SNAPSHOT, List.of("elasticache:AddTagsToResource"));

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final IamPermissions ANY_ACCOUNT = new IamPermissions("*");

    private final String account;

    private IamPermissions(String account) {
        this.account = account;
    }

    /** The catalog, with {@code *} for the account in ARNs (stateless, shared). */
    public static IamPermissions create() {
        return ANY_ACCOUNT;
    }

    /** The catalog for one account: its id goes into the ARNs of the policy. */
    public static IamPermissions forAccount(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("accountId must be 12 digits but was '" + accountId
                    + "'; use the Account of aws sts get-caller-identity, or IamPermissions.create() for any account");
        }
        return new IamPermissions(accountId);
    }

    /**
     * The IAM actions {@code operation} needs, its own action first; empty when the operation is not
     * one of {@link Operations#ALL} (a Kubernetes or Terraform operation, say).
     */
    @Override
    public List<String> permissionsFor(Operation operation) {
        Objects.requireNonNull(operation, "operation");
        Operation call = operation.unscoped();
        if (!Operations.AWS.contains(call)) {
            return List.of();
        }
        List<String> extra = EXTRA.getOrDefault(call, List.of());
        String own = call.toString();
        return extra.isEmpty() ? List.of(own) : Stream.concat(Stream.of(own), extra.stream()).toList();
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
     * An IAM policy document (JSON) allowing exactly the actions {@code operations} need, each on
     * the resources its operation names and under the conditions AWS supports for it; see the class
     * comment for the two statements on {@code *}.
     */
    public String policyDocument(Collection<Operation> operations) {
        // statement key (sid class, resources, condition) -> actions
        Map<Key, TreeSet<String>> statements = new TreeMap<>();
        for (Operation op : operations) {
            List<String> actions = permissionsFor(op);
            if (actions.isEmpty()) {
                continue;
            }
            List<String> arns = arns(op);
            for (String action : actions) {
                Key key;
                if (NOT_SCOPED_BY_AWS.contains(action)) {
                    key = new Key(Kind.NOT_SCOPED_BY_AWS, List.of("*"), Map.of());
                } else if (action.startsWith("kms:")) {
                    key = new Key(Kind.KMS, List.of("*"), kmsCondition(op, action));
                } else if (arns.isEmpty()) {
                    key = new Key(Kind.NOT_NAMED, List.of("*"), Map.of());
                } else {
                    key = new Key(Kind.SCOPED, resourcesFor(op, action, arns), condition(op, action));
                }
                statements.computeIfAbsent(key, k -> new TreeSet<>()).add(action);
            }
        }
        return render(statements);
    }

    /** An extra action may act on more than its operation names: a delete's final snapshot is a snapshot. */
    private List<String> resourcesFor(Operation op, String action, List<String> arns) {
        if ("rds:CreateDBSnapshot".equals(action) && Operations.RDS_DELETE_INSTANCE.equals(op.unscoped())) {
            TreeSet<String> out = new TreeSet<>(arns);
            op.targets().stream().filter(t -> t.region() != null).forEach(t -> out.add("arn:aws:rds:" + t.region() + ":"
                    + account + ":snapshot:*"));
            return List.copyOf(out);
        }
        return arns;
    }

    /** The ARNs of the operation's targets (Route 53 record names become a condition, not a resource). */
    List<String> arns(Operation op) {
        TreeSet<String> out = new TreeSet<>();
        for (Target t : op.targets()) {
            String arn = arn(op.service(), t);
            if (arn != null) {
                out.add(arn);
            }
        }
        return List.copyOf(out);
    }

    private String arn(String service, Target t) {
        if (t.id().startsWith("arn:")) {
            return t.id();
        }
        String region = t.region() == null ? "*" : t.region();
        return switch (service) {
            case "rds" -> "arn:aws:rds:" + region + ":" + account + ":" + t.type() + ":" + t.id();
            case "elasticache" -> "arn:aws:elasticache:" + region + ":" + account + ":" + t.type() + ":" + t.id();
            case "route53" -> "recordname".equals(t.type()) ? null : "arn:aws:route53:::" + t.type() + "/" + t.id();
            case "s3" -> "arn:aws:s3:::" + t.id(); // a bucket, or bucket/key for objects
            case "ecr" -> "arn:aws:ecr:" + region + ":" + account + ":repository/" + t.id();
            case "eks" -> "arn:aws:eks:" + region + ":" + account + ":cluster/" + t.id();
            case "elasticloadbalancing" -> "arn:aws:elasticloadbalancing:" + region + ":" + account + ":"
                    + t.type() + "/" + t.id();
            default -> null;
        };
    }

    /** The conditions AWS supports that narrow {@code action} to what drplan does. */
    private static Map<String, Map<String, List<String>>> condition(Operation op, String action) {
        Map<String, Map<String, List<String>>> c = new TreeMap<>();
        switch (action) {
            case "rds:DeleteDBInstance" ->
                    c.put("Null", Map.of("aws:ResourceTag/" + OWNERSHIP_TAG, List.of("false")));
            case "rds:RestoreDBInstanceFromDBSnapshot", "rds:CreateDBSnapshot", "rds:AddTagsToResource" -> {
                // the create calls tag what they make; the final snapshot of a delete is not tagged by the request
                if (!Operations.RDS_DELETE_INSTANCE.equals(op.unscoped())
                        && !Operations.RDS_COPY_SNAPSHOT.equals(op.unscoped())) {
                    c.put("Null", Map.of("aws:RequestTag/" + OWNERSHIP_TAG, List.of("false")));
                }
            }
            case "route53:ChangeResourceRecordSets" -> {
                List<String> names = op.targets().stream().filter(t -> "recordname".equals(t.type()))
                        .map(t -> normalizedRecordName(t.id())).sorted().toList();
                Map<String, List<String>> all = new TreeMap<>();
                all.put("route53:ChangeResourceRecordSetsActions", List.of("UPSERT"));
                if (!names.isEmpty()) {
                    all.put("route53:ChangeResourceRecordSetsNormalizedRecordNames", names);
                }
                c.put("ForAllValues:StringEquals", all);
            }
            default -> { }
        }
        return c;
    }

    /** KMS keys of encrypted snapshots are not named by the plan: allowed only when RDS uses them. */
    private static Map<String, Map<String, List<String>>> kmsCondition(Operation op, String action) {
        TreeSet<String> regions = new TreeSet<>();
        op.targets().stream().map(Target::region).filter(Objects::nonNull).forEach(regions::add);
        List<String> via = regions.isEmpty() ? List.of("rds.*.amazonaws.com")
                : regions.stream().map(r -> "rds." + r + ".amazonaws.com").toList();
        Map<String, Map<String, List<String>>> c = new TreeMap<>();
        c.put(regions.isEmpty() ? "StringLike" : "StringEquals", Map.of("kms:ViaService", via));
        if ("kms:CreateGrant".equals(action)) {
            c.put("Bool", Map.of("kms:GrantIsForAWSResource", List.of("true")));
        }
        return c;
    }

    /** As Route 53's condition key wants it: lower case, no trailing dot. */
    static String normalizedRecordName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private enum Kind {
        SCOPED("PlanResources"),
        KMS("KmsOnlyThroughRds"),
        NOT_NAMED("ResourcesNotNamedByThePlan"),
        NOT_SCOPED_BY_AWS("ActionsAwsDoesNotScopeToResources");

        final String sid;

        Kind(String sid) {
            this.sid = sid;
        }
    }

    private record Key(Kind kind, List<String> resources, Map<String, Map<String, List<String>>> condition)
            implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int k = kind.compareTo(o.kind);
            if (k != 0) {
                return k;
            }
            int r = String.join(",", resources).compareTo(String.join(",", o.resources));
            return r != 0 ? r : condition.toString().compareTo(o.condition.toString());
        }
    }

    private static String render(Map<Key, TreeSet<String>> statements) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [");
        // Sids are unique in a policy: the kinds that can have several statements are numbered
        Map<Kind, Integer> numbers = new java.util.EnumMap<>(Kind.class);
        boolean first = true;
        for (Map.Entry<Key, TreeSet<String>> e : statements.entrySet()) {
            Key k = e.getKey();
            String sid = k.kind() == Kind.SCOPED || k.kind() == Kind.KMS
                    ? k.kind().sid + numbers.merge(k.kind(), 1, Integer::sum) : k.kind().sid;
            json.append(first ? "\n" : ",\n").append("    {\n");
            first = false;
            json.append("      \"Sid\": ").append(quote(sid)).append(",\n");
            json.append("      \"Effect\": \"Allow\",\n");
            json.append("      \"Action\": ").append(list(new ArrayList<>(e.getValue()), 6)).append(",\n");
            json.append("      \"Resource\": ").append(k.resources().equals(List.of("*")) ? "\"*\""
                    : list(k.resources(), 6));
            if (!k.condition().isEmpty()) {
                json.append(",\n      \"Condition\": {");
                boolean firstOp = true;
                for (Map.Entry<String, Map<String, List<String>>> c : k.condition().entrySet()) {
                    json.append(firstOp ? "\n" : ",\n").append("        ").append(quote(c.getKey())).append(": {");
                    firstOp = false;
                    boolean firstKey = true;
                    for (Map.Entry<String, List<String>> v : new TreeMap<>(c.getValue()).entrySet()) {
                        json.append(firstKey ? "\n" : ",\n").append("          ").append(quote(v.getKey())).append(": ")
                                .append(v.getValue().size() == 1 ? quote(v.getValue().get(0)) : list(v.getValue(), 10));
                        firstKey = false;
                    }
                    json.append("\n        }");
                }
                json.append("\n      }");
            }
            json.append("\n    }");
        }
        json.append(statements.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return json.toString();
    }

    private static String list(List<String> values, int indent) {
        if (values.size() == 1) {
            return "[" + quote(values.get(0)) + "]";
        }
        String pad = " ".repeat(indent);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "\n" : ",\n").append(pad).append("  ").append(quote(values.get(i)));
        }
        return b.append('\n').append(pad).append(']').toString();
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
        return "IamPermissions[" + Operations.AWS.size() + " operations, account " + account + "]";
    }
}
