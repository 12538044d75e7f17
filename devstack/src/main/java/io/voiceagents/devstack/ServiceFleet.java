package io.voiceagents.devstack;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The services as child processes: started a few at a time (start-up is CPU bound, and the
 * machine may have two cores), each awaited until ready, all stopped together.
 */
final class ServiceFleet {

    private static final Logger LOG = Logger.getLogger(ServiceFleet.class.getName());
    private static final Duration STOP_GRACE = Duration.ofSeconds(8);

    private final LocalStackOptions options;
    private final DataDirectory data;
    private final HttpClient http;
    private final BooleanSupplier stopping;
    private final Map<StackService, ServiceProcess> processes = Collections.synchronizedMap(new EnumMap<>(StackService.class));
    // what start() launched each service with, for restart()
    private volatile Map<StackService, Path> jars = Map.of();
    private volatile Map<StackService, Integer> ports = Map.of();
    private volatile Map<StackService, Integer> grpcPorts = Map.of();
    private volatile Map<String, String> env = Map.of();
    private volatile List<String> removedEnv = List.of();

    ServiceFleet(LocalStackOptions options, DataDirectory data, HttpClient http, BooleanSupplier stopping) {
        this.options = options;
        this.data = data;
        this.http = http;
        this.stopping = stopping;
    }

    /**
     * Launches the services in order, {@code startParallelism} at a time, and returns when all are
     * ready; throws on the first failure (the caller stops the others).
     */
    void start(List<StackService> services, Map<StackService, Path> jars, Map<StackService, Integer> ports,
            Map<StackService, Integer> grpcPorts, Map<String, String> env, List<String> removedEnv) {
        this.jars = Map.copyOf(jars);
        this.ports = Map.copyOf(ports);
        this.grpcPorts = Map.copyOf(grpcPorts);
        this.env = Map.copyOf(env);
        this.removedEnv = List.copyOf(removedEnv);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(options.startParallelism(), r -> {
            Thread t = new Thread(r, "devstack-start");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> starts = new ArrayList<>();
        try {
            for (StackService s : services) {
                starts.add(pool.submit(() -> {
                    if (!failed.get()) {
                        try {
                            startOne(s, jars.get(s), ports.get(s), env, removedEnv, false);
                        } catch (RuntimeException e) {
                            failed.set(true);
                            throw e;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : starts) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LocalStackException l ? l
                    : new LocalStackException("a service did not start: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while starting the services", e);
        } finally {
            pool.shutdownNow();
        }
        LOG.info(String.format("all %d services ready in %.1f s", services.size(), (System.nanoTime() - t0) / 1e9));
    }

    private void startOne(StackService s, Path jar, int port, Map<String, String> env, List<String> removedEnv,
            boolean restart) {
        if (stopping.getAsBoolean()) {
            throw new LocalStackException("stopped while starting");
        }
        Map<String, String> serviceEnv = new LinkedHashMap<>(env);
        serviceEnv.put("PORT", Integer.toString(port));
        Integer grpcPort = grpcPorts.get(s);
        if (grpcPort != null) {
            serviceEnv.put("GRPC_PORT", Integer.toString(grpcPort));
        }
        ServiceProcess p;
        try {
            List<String> configured = s == StackService.CALL_GATEWAY ? options.gatewayJvmOptions()
                    : options.serviceJvmOptions();
            p = ServiceProcess.launch(s, port, jar, jvmOptions(s, configured), serviceEnv, removedEnv, data.root(), data.logFile(s), data.pids().resolve(s.moduleName() + ".pid"), restart);
        } catch (IOException e) {
            throw new LocalStackException("could not launch " + s + ": " + e.getMessage(), e);
        }
        processes.put(s, p);
        if (stopping.getAsBoolean()) {
            // stopAll() may have run between the check above and put(): do its job for this one
            p.stop(STOP_GRACE);
            throw new LocalStackException("stopped while starting");
        }
        p.exited().thenAccept(code -> {
            // before it was ready, awaitReady() reports the exit with the log lines: no second message; a
            // restart removed it from the fleet before stopping it
            if (!stopping.getAsBoolean() && p.startupTime().isPresent() && processes.get(s) == p) {
                LOG.warning(() -> s + " exited unexpectedly with code " + code + "; its routes now answer 502. See "
                        + p.logFile() + "; last lines:\n" + p.tail());
            }
        });
        LOG.info(() -> "starting " + s + " on port " + port + " (pid " + p.pid() + ", log " + p.logFile() + ")");
        p.awaitReady(http, options.readyTimeout());
        LOG.info(() -> String.format("%s ready in %.1f s", s, p.startupTime().orElseThrow().toMillis() / 1000.0));
    }

    /**
     * The configured JVM options plus what a service needs whatever they say: call-gateway runs Silero VAD on ONNX
     * Runtime (native code loaded through JNI), which JDK 24 and later warn about — and will refuse — unless native
     * access is granted. The services run on this launcher's JDK.
     */
    static List<String> jvmOptions(StackService service, List<String> configured) {
        if (service != StackService.CALL_GATEWAY || Runtime.version().feature() < 24
                || configured.stream().anyMatch(o -> o.startsWith("--enable-native-access"))) {
            return configured;
        }
        List<String> options = new ArrayList<>(configured);
        options.add("--enable-native-access=ALL-UNNAMED");
        return options;
    }

    /**
     * Stops one running service (SIGTERM with a grace period, or SIGKILL) and launches it again on the same port
     * with the same environment; returns when it is ready. The log file continues (a restart line marks it).
     */
    void restart(StackService s, boolean kill) {
        ServiceProcess old = processes.remove(s);
        if (old == null) {
            throw new IllegalStateException(s + " is not running in this stack");
        }
        LOG.info(() -> (kill ? "killing " : "stopping ") + s + " (pid " + old.pid() + ") to restart it");
        if (kill) {
            old.kill();
        } else {
            old.stop(STOP_GRACE);
        }
        try {
            Files.writeString(data.logFile(s), System.lineSeparator() + "---- devstack: "
                    + (kill ? "killed" : "stopped") + " and restarted at " + Instant.now() + " ----"
                    + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.fine(() -> "could not mark the restart in " + data.logFile(s) + ": " + e.getMessage());
        }
        startOne(s, jars.get(s), ports.get(s), env, removedEnv, true);
    }

    /** SIGTERM to every service at once (Quarkus shutdowns are independent), SIGKILL after a grace period. */
    void stopAll() {
        List<ServiceProcess> running;
        synchronized (processes) {
            running = new ArrayList<>(processes.values());
            processes.clear();
        }
        Collections.reverse(running);
        CompletableFuture.allOf(running.stream()
                .map(p -> CompletableFuture.runAsync(() -> p.stop(STOP_GRACE)))
                .toArray(CompletableFuture[]::new)).join();
    }

    Optional<ServiceProcess> process(StackService s) {
        return Optional.ofNullable(processes.get(s));
    }
}
