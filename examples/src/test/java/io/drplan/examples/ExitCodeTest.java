package io.drplan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.ExecutionState;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitCodeTest {

    @Test
    void everyTerminalState_hasItsOwnNonZeroCode_butSuccess() {
        assertThat(Arrays.stream(ExecutionState.values()).map(ExitCode::of).map(ExitCode::code))
                .containsExactly(0, 10, 11, 12, 13);
        assertThat(ExitCode.USAGE.code()).isEqualTo(2);
    }

    /** The drill's main in its own JVM, as a script runs it: the exit code says how the run ended. */
    @Test
    void drillMain_exitsWithTheCodeOfTheRunsState(@TempDir Path out) throws Exception {
        ExecutionState drOutage = RegionFailoverDrill.run("dr-outage", false).state();

        assertThat(drOutage).isNotEqualTo(ExecutionState.SUCCEEDED);
        assertThat(exitOf("dr-outage", out.toString())).isEqualTo(ExitCode.of(drOutage).code());
        assertThat(exitOf("outage", out.toString())).isZero();
        assertThat(exitOf("no-such-scenario")).isEqualTo(2);
    }

    private static int exitOf(String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String[] cmd = new String[args.length + 4];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        cmd[1] = "-cp";
        cmd[2] = String.join(File.pathSeparator, cp.split(File.pathSeparator));
        cmd[3] = RegionFailoverDrill.class.getName();
        System.arraycopy(args, 0, cmd, 4, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
