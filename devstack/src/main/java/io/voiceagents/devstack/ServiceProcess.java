package io.voiceagents.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One service running as a child JVM ({@code java -jar <module>/target/quarkus-app/quarkus-run.jar}),
 * its output in a log file and its pid in a pid file (so a launcher that was killed hard leaves
 * nothing behind for the next start to trip over).
 */
final class ServiceProcess {

    private static final Logger LOG = Logger.getLogger(ServiceProcess.class.getName());
    static final String JAR_IN_MODULE = "target/quarkus-app/quarkus-run.jar";
    private static final int LOG_TAIL_LINES = 25;

    private final StackService service;
    private final int port;
    private final Path logFile;
    private final Path pidFile;
    private final Process process;
    private final long launchedAtNanos;
    private volatile Duration startupTime;

    private ServiceProcess(StackService service, int port, Path logFile, Path pidFile, Process process) {
        this.service = service;
        this.port = port;
        this.logFile = logFile;
        this.pidFile = pidFile;
        this.process = process;
        this.launchedAtNanos = System.nanoTime();
    }

    /** The runnable jar of a service, or a message saying how to build it. */
    static Path jarOf(Path repoRoot, StackService service) {
        Path jar = repoRoot.resolve(service.moduleName()).resolve(JAR_IN_MODULE);
        if (!Files.isRegularFile(jar)) {
            throw new LocalStackException("missing " + jar + ": run ./mvnw -DskipTests install first"
                    + " (bin/run does it for you unless you pass --no-build)");
        }
        return jar;
    }

    static ServiceProcess launch(StackService service, int port, Path jar, List<String> jvmOptions,
            Map<String, String> env, List<String> removedEnv, Path workDir, Path logFile, Path pidFile,
            boolean appendLog) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(logFile.toFile())
                        : ProcessBuilder.Redirect.to(logFile.toFile()));
        removedEnv.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process process = pb.start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        return new ServiceProcess(service, port, logFile, pidFile, process);
    }

    /**
     * A previous launcher killed with SIGKILL cannot stop its children; they would hold the ports and
     * database connections. Only a process whose command line runs this service's jar is stopped.
     */
    static void stopLeftover(StackService service, Path pidFile, Path jar) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile).trim();
        Files.deleteIfExists(pidFile);
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return;
        }
        String cmd = handle.get().info().commandLine().orElse("");
        if (!cmd.contains(jar.toString())) {
            return;
        }
        LOG.warning(() -> "stopping a leftover " + service + " (pid " + pid + ") from a launcher that did not shut down");
        handle.get().destroy();
        try {
            handle.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.get().destroyForcibly();
        }
    }

    /** Polls {@code /q/health/ready} until UP; fails early if the process dies. */
    void awaitReady(HttpClient http, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(3)).GET().build();
        String lastAnswer = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LocalStackException(service + " exited with code " + process.exitValue()
                        + " before it was ready. Last lines of " + logFile + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    startupTime = Duration.ofNanos(System.nanoTime() - launchedAtNanos);
                    return;
                }
                lastAnswer = "HTTP " + r.statusCode() + " " + r.body().replaceAll("\\s+", " ");
            } catch (IOException e) {
                lastAnswer = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while waiting for " + service);
            }
            sleep(250);
        }
        throw new LocalStackException(service + " was not ready after " + timeout.toSeconds() + " s (last health answer: "
                + abbreviate(lastAnswer) + "). See " + logFile + "; last lines:\n" + tail());
    }

    /** The last lines of the service's log, for error messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM (Quarkus shuts down gracefully), then SIGKILL after {@code grace}. */
    void stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warning(() -> service + " did not stop within " + grace.toSeconds() + " s; killing it");
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.fine(() -> "could not delete " + pidFile + ": " + e.getMessage());
        }
    }

    /** SIGKILL: no shutdown hook runs, as in a crash. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                LOG.warning(() -> service + " (pid " + process.pid() + ") is still alive 10 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.fine(() -> "could not delete " + pidFile + ": " + e.getMessage());
        }
    }

    StackService service() {
        return service;
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit code when the process ends, for whatever reason. */
    java.util.concurrent.CompletableFuture<Integer> exited() {
        return process.onExit().thenApply(Process::exitValue);
    }

    Path logFile() {
        return logFile;
    }

    /** Launch to ready, once ready. */
    Optional<Duration> startupTime() {
        return Optional.ofNullable(startupTime);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while waiting for a service");
        }
    }
}
