package io.drplan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/** The JShell script of the README runs in a real JShell with drplan on its class path. */
class JShellScriptIT {

    @Test
    void failoverScript_runsAndRecovers() throws IOException {
        String script = Files.readString(Path.of("jshell/failover.jsh"));
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                shell.addToClasspath(entry);
            }
            List<String> rejected = new ArrayList<>();
            // line by line, as the jshell tool reads a script: a line that completes a snippet ends it
            String pending = "";
            for (String line : script.split("\n", -1)) {
                pending += line + "\n";
                SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(pending);
                if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                    pending = "";
                } else if (info.completeness().isComplete()) {
                    for (SnippetEvent e : shell.eval(info.source())) {
                        if (e.status() == Snippet.Status.REJECTED || e.exception() != null) {
                            rejected.add(info.source() + " -> " + e.status() + " " + e.exception());
                        }
                    }
                    pending = info.remaining();
                }
            }
            assertThat(pending).isBlank();
            assertThat(rejected).isEmpty();
            assertThat(shell.eval("report.verdict()").get(0).value()).isEqualTo("MET");
            assertThat(shell.eval("plan.toString().contains(\"Critical path\")").get(0).value()).isEqualTo("true");
        }
    }
}
