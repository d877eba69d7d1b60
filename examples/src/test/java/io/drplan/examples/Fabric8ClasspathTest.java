package io.drplan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * A host that depends on dr-k8s gets a Jackson that fabric8 8 can start with (its Jackson 3 needs the
 * 2.22 annotations; an older pin fails at class initialisation with NoClassDefFoundError).
 */
class Fabric8ClasspathTest {

    @Test
    void fabric8Serialization_worksOnAConsumersClasspath() {
        String json = Serialization.asJson(new ConfigMapBuilder().withNewMetadata().withName("drplan-journal-x1")
                .endMetadata().addToData("000001", "{}").build());

        assertThat(json).contains("\"name\":\"drplan-journal-x1\"", "\"000001\":\"{}\"");
    }
}
