package io.drplan.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.InfrastructureProvider;
import io.drplan.core.spi.InfrastructureProvider.IacRunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test bed: the real terraform binary on the PATH (the tests fail, never skip, when it is
 * missing) and a fresh copy of a fixture per test, with Terraform's automation settings.
 */
final class Fixtures {
    static final String DIR = "infra";

    private Fixtures() { }

    /** Copies {@code fixtures/<name>} to {@code root/<name>} and returns {@code root}. */
    static Path copy(Path root, String name) {
        Path from = Path.of("src/test/resources/fixtures", name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path to = root.resolve(name).resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
            // an empty CLI configuration, so that the machine's (or a missing one) does not change the output
            Files.writeString(root.resolve("terraformrc"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    static TerraformProvider.Builder provider(Path root) {
        return TerraformProvider.builder()
                .workingDirectory(root)
                .environment("TF_CLI_CONFIG_FILE", root.resolve("terraformrc").toString())
                .environment("AWS_REGION", "us-west-2")
                .lockTimeout(Duration.ZERO)
                .stopGrace(Duration.ofSeconds(3));
    }

    /** Polls until the run is done (real time: the binary runs for real). */
    static IacRunStatus await(InfrastructureProvider tf, String runId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            IacRunStatus s = tf.status(runId);
            if (s.state().isDone()) {
                return s;
            }
            sleep(50);
        }
        throw new AssertionError("terraform run " + runId + " did not end within 60 s: " + tf.status(runId));
    }

    static List<String> appliedLog(Path root) {
        Path log = root.resolve(DIR).resolve("applied.log");
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void assertNoPlanFiles(Path root) throws IOException {
        Path plans = root.resolve(".drplan/plans");
        if (Files.isDirectory(plans)) {
            try (Stream<Path> s = Files.list(plans)) {
                assertThat(s.toList()).isEmpty();
            }
        }
    }
}
