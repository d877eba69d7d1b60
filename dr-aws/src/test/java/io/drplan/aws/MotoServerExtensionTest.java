package io.drplan.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.aws.testing.MotoServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotoServerExtensionTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty("moto.server");
    }

    @Test
    void findExecutable_propertyNotExecutable_failsWithHowToFix(@TempDir Path dir) throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("moto_server"), "#!/bin/sh\n");
        System.setProperty("moto.server", notExecutable.toString());

        assertThatThrownBy(MotoServer::findExecutable)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("-Dmoto.server=" + notExecutable + " is not an executable file; point it at moto_server"
                        + " or remove the property");
    }

    @Test
    void findExecutable_onPath_isFound() {
        String found = MotoServer.findExecutable();

        assertThat(new File(found)).canRead().hasName("moto_server");
    }
}
