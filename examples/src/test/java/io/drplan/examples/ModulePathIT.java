package io.drplan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host application compiled on the module path against the built dr-core sees its API and not
 * its internals: {@code io.drplan.core.internal} is not exported. (The other tests run on the class
 * path, where this cannot be seen.)
 */
class ModulePathIT {
    @TempDir
    Path dir;

    /** dr-core (its jar or classes) and what it requires, from this test's class path. */
    private static String modulePath() {
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("dr-core") || e.contains("slf4j-api") || e.contains("resilience4j-"))
                .toList();
        assertThat(entries).as("dr-core on the class path").anyMatch(e -> e.contains("dr-core"));
        return String.join(File.pathSeparator, entries);
    }

    private String compileHost(String className, String source) throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("host"));
        Files.writeString(src.resolve("module-info.java"), "module host { requires io.drplan.core; }\n");
        Files.writeString(src.resolve("host").resolve(className + ".java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // an empty class path: in-process javac would otherwise take this JVM's, where nothing is encapsulated
        List<String> args = new ArrayList<>(List.of("--module-path", modulePath(), "-classpath",
                dir.resolve("no-class-path").toString(), "-d", dir.resolve("out").toString(),
                "-Xlint:-requires-automatic"));
        try (var files = Files.walk(src)) {
            args.addAll(files.filter(p -> p.toString().endsWith(".java")).map(Path::toString)
                    .collect(Collectors.toList()));
        }
        int rc = javac.run(null, out, out, args.toArray(String[]::new));
        return rc + "\n" + out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void hostModule_usingTheApi_compiles() throws IOException {
        String result = compileHost("Plans", """
                package host;

                import io.drplan.core.DrPlan;
                import java.time.Duration;

                public class Plans {
                    public static DrPlan plan() {
                        return DrPlan.region("us-east-1").failoverTo("us-west-2").named("host-plan")
                                .objectives(o -> o.rto(Duration.ofHours(1)).rpo(Duration.ofMinutes(15)))
                                .step("announce", s -> s.custom("announce", ctx -> null))
                                .build();
                    }
                }
                """);

        assertThat(result).startsWith("0\n");
    }

    @Test
    void hostModule_importingTheInternals_doesNotCompile() throws IOException {
        String result = compileHost("Sneaky", """
                package host;

                import io.drplan.core.internal.Run;

                public class Sneaky {
                    Run run;
                }
                """);

        assertThat(result).startsWith("1\n").contains("package io.drplan.core.internal is not visible")
                .contains("(package io.drplan.core.internal is declared in module io.drplan.core, which does not"
                        + " export it)");
    }
}
