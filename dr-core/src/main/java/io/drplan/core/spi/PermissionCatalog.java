package io.drplan.core.spi;

import java.util.List;

/**
 * Maps the operations of a plan to the permissions they need (IAM actions for AWS), so that a
 * plan can print a least-privilege policy for exactly the steps it runs.
 */
public interface PermissionCatalog {
    /** The permissions {@code operation} needs, or an empty list when this catalog does not know it. */
    List<String> permissionsFor(Operation operation);
}
