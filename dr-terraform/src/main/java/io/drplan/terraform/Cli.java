package io.drplan.terraform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one {@code terraform} command: arguments never carry a secret (those go in the environment
 * as {@code TF_VAR_name}), stdout is read line by line, stderr is kept (bounded), and stopping it
 * ends the whole process tree.
 */
final class Cli {
    /** How much of stderr is kept. */
    static final int MAX_STDERR = 64 * 1024;

    private Cli() { }

    /** A finished command. */
    record Result(int exitCode, List<String> stdout, String stderr) {
        String output() {
            return String.join("\n", stdout) + (stderr.isBlank() ? "" : "\n" + stderr);
        }
    }

    /** A started command. */
    static final class Command {
        final Process process;
        private final StringBuilder stderr = new StringBuilder();
        private final Thread stderrReader;
        private final Path stdoutFile;
        private final Path stderrFile;

        Command(Process process) {
            this.process = process;
            this.stdoutFile = null;
            this.stderrFile = null;
            this.stderrReader = new Thread(() -> drain(process.getErrorStream()), "terraform-stderr-" + process.pid());
            stderrReader.setDaemon(true);
            stderrReader.start();
        }

        /** Output goes to files, not pipes: when this JVM dies, Terraform is not killed by a broken pipe. */
        Command(Process process, Path stdoutFile, Path stderrFile) {
            this.process = process;
            this.stdoutFile = stdoutFile;
            this.stderrFile = stderrFile;
            this.stderrReader = null;
        }

        private void drain(InputStream in) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (stderr) {
                        if (stderr.length() < MAX_STDERR) {
                            stderr.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended or was killed: what was read is kept
            }
        }

        /** Feeds each stdout line to {@code lines}, then waits for the exit code. */
        int readAndWait(Consumer<String> lines) {
            if (stdoutFile != null) {
                return tailAndWait(lines);
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // killed while reading: the exit code says so
            }
            try {
                int code = process.waitFor();
                stderrReader.join(TimeUnit.SECONDS.toMillis(5));
                return code;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopTree(process, Duration.ofSeconds(5));
                return -1;
            }
        }

        private int tailAndWait(Consumer<String> lines) {
            try (InputStream in = java.nio.file.Files.newInputStream(stdoutFile)) {
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                while (true) {
                    boolean alive = process.isAlive();
                    int n = in.read(buf);
                    if (n > 0) {
                        for (int i = 0; i < n; i++) {
                            if (buf[i] == '\n') {
                                lines.accept(line.toString(StandardCharsets.UTF_8));
                                line.reset();
                            } else {
                                line.write(buf[i]);
                            }
                        }
                    } else if (!alive) {
                        if (line.size() > 0) {
                            lines.accept(line.toString(StandardCharsets.UTF_8));
                        }
                        return process.waitFor();
                    } else {
                        Thread.sleep(50);   // a file has no "wait for more": look again shortly
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopTree(process, Duration.ofSeconds(5));
                return -1;
            }
        }

        /** Deletes the output files (they may hold a provisioner's output). */
        void cleanUp() {
            for (Path f : new Path[] {stdoutFile, stderrFile}) {
                if (f != null) {
                    try {
                        java.nio.file.Files.deleteIfExists(f);
                    } catch (IOException e) {
                        // left in the owner-only plan directory
                    }
                }
            }
        }

        String stderr() {
            if (stderrFile != null) {
                try {
                    String t = java.nio.file.Files.readString(stderrFile);
                    return (t.length() > MAX_STDERR ? t.substring(0, MAX_STDERR) : t).strip();
                } catch (IOException e) {
                    return "";
                }
            }
            synchronized (stderr) {
                return stderr.toString().strip();
            }
        }
    }

    static Command start(Path binary, Path dir, List<String> args, Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return new Command(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a long command whose output goes to {@code outputs}{@code .out} and {@code .err}: it
     * survives this JVM (an apply is not cut half-way because nobody reads its pipe any more).
     */
    static Command startDetached(Path binary, Path dir, List<String> args, Map<String, String> env, Path outputs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(args);
        Path out = outputs.resolveSibling(outputs.getFileName() + ".out");
        Path err = outputs.resolveSibling(outputs.getFileName() + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            return new Command(pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a short command to its end (or kills it after {@code timeout}). */
    static Result run(Path binary, Path dir, List<String> args, Map<String, String> env, Duration timeout) {
        Command c = start(binary, dir, args, env);
        List<String> out = new ArrayList<>();
        Thread watchdog = new Thread(() -> {
            try {
                if (!c.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    stopTree(c.process, Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "terraform-watchdog-" + c.process.pid());
        watchdog.setDaemon(true);
        watchdog.start();
        int code = c.readAndWait(out::add);
        watchdog.interrupt();
        return new Result(code, out, c.stderr());
    }

    /**
     * Ends {@code process} and everything it started: asks each politely (SIGTERM, so Terraform
     * stops its operation and releases its lock), waits up to {@code grace}, then kills whatever is
     * left. The descendants are listed first: once Terraform exits, its orphans would be lost.
     *
     * @return whether everything ended
     */
    static boolean stopTree(Process process, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        List<ProcessHandle> all = new ArrayList<>(tree);
        all.add(process.toHandle());
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    // killed below
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        // anything that started meanwhile, then the survivors
        process.descendants().forEach(h -> {
            if (!all.contains(h)) {
                all.add(h);
            }
        });
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        boolean ended = true;
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                ended = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return ended;
    }
}
