package io.drplan.k8s;

import io.drplan.core.spi.Operation;
import io.drplan.core.spi.PermissionCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RBAC permissions (verb and resource, as in a Role's rules) that the Kubernetes operations of a
 * plan need with this module's providers, so a preview can print a least-privilege Role.
 *
 * <pre>{@code
 * Providers providers = Providers.builder()
 *     .cluster(KubernetesClusters.forContext("dr-cluster"))
 *     .permissions(KubernetesPermissions.catalog())
 *     .build();
 * providers.permissionsFor(Operation.of("k8s", "patch secrets")); // [get secrets, patch secrets]
 * }</pre>
 *
 * <p>Operations are named {@code k8s:<verb> <resource>}; every write reads the object first (to
 * return the previous value, or to carry its resourceVersion), so a {@code patch} also needs {@code
 * get}. The API health check reads the non-resource URLs {@code /healthz} and {@code /readyz}.
 * {@link LeaseLock} needs {@link #LEASE_LOCK}.
 */
public final class KubernetesPermissions implements PermissionCatalog {
    /** What {@link LeaseLock} needs on {@code leases} in its namespace. */
    public static final List<String> LEASE_LOCK = List.of("get leases", "create leases", "update leases");

    private static final KubernetesPermissions CATALOG = new KubernetesPermissions();
    private static final Pattern VERB_RESOURCE = Pattern.compile("(get|list|watch|create|update|patch|delete) (\\S+)");
    private static final Set<String> READ_FIRST = Set.of("patch", "update", "delete");

    private KubernetesPermissions() { }

    /** The catalog (stateless, shared). */
    public static KubernetesPermissions catalog() {
        return CATALOG;
    }

    @Override
    public List<String> permissionsFor(Operation operation) {
        if (!"k8s".equals(operation.service())) {
            return List.of();
        }
        Matcher m = VERB_RESOURCE.matcher(operation.action());
        if (!m.matches()) {
            return List.of();
        }
        String verb = m.group(1);
        String resource = m.group(2);
        if (resource.equals("/healthz")) {
            return List.of("get /healthz", "get /readyz");
        }
        List<String> out = new ArrayList<>();
        if (READ_FIRST.contains(verb)) {
            out.add("get " + resource);
        }
        out.add(verb + " " + resource);
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "KubernetesPermissions[RBAC]";
    }
}
