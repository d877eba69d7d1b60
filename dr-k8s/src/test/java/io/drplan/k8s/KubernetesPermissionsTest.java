package io.drplan.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.Operation;
import io.drplan.core.spi.Operations;
import org.junit.jupiter.api.Test;

class KubernetesPermissionsTest {
    private final KubernetesPermissions catalog = KubernetesPermissions.catalog();

    @Test
    void permissionsFor_everyKubernetesCallOfTheCatalog_includesItsOwnVerbAndResource() {
        for (Operation op : Operations.KUBERNETES) {
            assertThat(catalog.permissionsFor(op)).as(op.toString()).contains(op.action());
        }
    }

    @Test
    void permissionsFor_patch_needsGetToo() {
        assertThat(catalog.permissionsFor(Operation.of("k8s", "patch secrets")))
                .containsExactly("get secrets", "patch secrets");
        assertThat(catalog.permissionsFor(Operation.of("k8s", "patch deployments")))
                .containsExactly("get deployments", "patch deployments");
    }

    @Test
    void permissionsFor_reads_needThemselves() {
        assertThat(catalog.permissionsFor(Operation.of("k8s", "list replicasets"))).containsExactly("list replicasets");
        assertThat(catalog.permissionsFor(Operation.of("k8s", "get pods/log"))).containsExactly("get pods/log");
    }

    @Test
    void permissionsFor_apiHealth_needsBothNonResourceUrls() {
        assertThat(catalog.permissionsFor(Operation.of("k8s", "get /healthz")))
                .containsExactly("get /healthz", "get /readyz");
    }

    @Test
    void permissionsFor_otherServiceOrUnknownAction_isEmpty() {
        assertThat(catalog.permissionsFor(Operation.of("rds", "RestoreDBInstanceFromDBSnapshot"))).isEmpty();
        assertThat(catalog.permissionsFor(Operation.of("k8s", "rollout restart"))).isEmpty();
    }
}
