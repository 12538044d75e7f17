package io.voiceagents.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of a {@link LocalStack}. Build with {@link #builder()}; every option has a default that
 * suits {@code bin/run}. Tests typically use free ports, a temp data directory and
 * {@link SandboxPolicy#ALWAYS}.
 *
 * @param repoRoot          the repository whose service jars are launched; null = detect
 * @param dataDirectory     Postgres, Kafka, logs and sandbox credentials live here; null = {@code <repo>/.devstack-data}
 * @param fresh             wipe the data directory's state before starting
 * @param frontDoorHost     interface the front door binds to
 * @param frontDoorPort     front door port, 0 = any free port
 * @param serviceBasePort   call-gateway's port; the others follow (+1..+4); 0 = free ports
 * @param services          which services to launch (the front door answers 502 for the others)
 * @param env               environment overrides, applied over the launcher's environment both for
 *                          deciding REAL vs SANDBOX and for the services' environment
 * @param sandbox           REAL vs SANDBOX policy
 * @param readyTimeout      how long one service may take to report ready
 * @param startParallelism  how many services start at once (CPU bound: keep near the core count)
 * @param serviceJvmOptions JVM options for each service process but call-gateway
 * @param gatewayJvmOptions JVM options for call-gateway, which paces every call's audio in real time
 * @param shutdownHook      stop everything when the JVM exits (Ctrl-C)
 * @param seedDemoAgent     in Twilio sandbox, create the demo agents (gather, stream, relay) when no other agent exists
 * @param emulatorLatencies how long the sandbox's STT, Gemini and TTS emulators take on the real-time path
 */
public record LocalStackOptions(
        Path repoRoot,
        Path dataDirectory,
        boolean fresh,
        String frontDoorHost,
        int frontDoorPort,
        int serviceBasePort,
        Set<StackService> services,
        Map<String, String> env,
        SandboxPolicy sandbox,
        Duration readyTimeout,
        int startParallelism,
        List<String> serviceJvmOptions,
        List<String> gatewayJvmOptions,
        boolean shutdownHook,
        boolean seedDemoAgent,
        EmulatorLatencies emulatorLatencies) {

    public static final int DEFAULT_FRONT_DOOR_PORT = 8080;

    /**
     * Serial GC and a capped heap keep five idle JVMs small on a laptop; the variable lets you trade
     * memory for throughput (e.g. for benchmarks). Java thread priorities become nice values, so the threads
     * that start a caller's turn in agent-service (maximum priority) are served first when the machine is busy
     * (needs root or CAP_SYS_NICE; without it the JVM ignores it).
     */
    public static final List<String> DEFAULT_SERVICE_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx384m",
            "-XX:ThreadPriorityPolicy=1", "-XX:+ExitOnOutOfMemoryError");

    /**
     * call-gateway sends every call's audio on a 20 ms clock: a stop-the-world pause of the serial collector
     * (5-20 ms at 100 calls) makes frames late, so it runs a collector whose pauses stay under a millisecond; and
     * the JVM maps Java thread priorities to nice values, so the pacing thread (maximum priority) is served first
     * when the machine is busy. Raising a priority needs root or CAP_SYS_NICE; without it the JVM ignores it.
     */
    public static final List<String> DEFAULT_GATEWAY_JVM_OPTIONS = List.of("-XX:+UseZGC", "-Xms128m", "-Xmx512m",
            "-XX:ThreadPriorityPolicy=1", "-XX:+ExitOnOutOfMemoryError");

    public LocalStackOptions {
        services = services.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(services));
        env = Map.copyOf(env);
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        gatewayJvmOptions = List.copyOf(gatewayJvmOptions);
        java.util.Objects.requireNonNull(emulatorLatencies, "emulatorLatencies");
        if (frontDoorPort < 0 || serviceBasePort < 0) {
            throw new IllegalArgumentException("ports must be 0 (free) or positive");
        }
        if (startParallelism < 1) {
            throw new IllegalArgumentException("startParallelism must be at least 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the defaults of {@code bin/run}. */
    public static final class Builder {
        private Path repoRoot;
        private Path dataDirectory;
        private boolean fresh;
        private String frontDoorHost = "127.0.0.1";
        private int frontDoorPort = DEFAULT_FRONT_DOOR_PORT;
        private int serviceBasePort = StackService.DEFAULT_BASE_PORT;
        private Set<StackService> services = EnumSet.allOf(StackService.class);
        private final Map<String, String> env = new LinkedHashMap<>();
        private SandboxPolicy sandbox = SandboxPolicy.AUTO;
        private Duration readyTimeout = Duration.ofSeconds(180);
        private int startParallelism = 2;
        private List<String> serviceJvmOptions = DEFAULT_SERVICE_JVM_OPTIONS;
        private List<String> gatewayJvmOptions = DEFAULT_GATEWAY_JVM_OPTIONS;
        private boolean shutdownHook = true;
        private boolean seedDemoAgent = true;
        private EmulatorLatencies emulatorLatencies = EmulatorLatencies.REALISTIC;

        public Builder repoRoot(Path repoRoot) {
            this.repoRoot = repoRoot;
            return this;
        }

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Builder fresh(boolean fresh) {
            this.fresh = fresh;
            return this;
        }

        public Builder frontDoorHost(String host) {
            this.frontDoorHost = host;
            return this;
        }

        public Builder frontDoorPort(int port) {
            this.frontDoorPort = port;
            return this;
        }

        public Builder serviceBasePort(int port) {
            this.serviceBasePort = port;
            return this;
        }

        /** Free ports for the front door and every service: what parallel tests want. */
        public Builder freePorts() {
            return frontDoorPort(0).serviceBasePort(0);
        }

        public Builder services(Set<StackService> services) {
            this.services = EnumSet.noneOf(StackService.class);
            this.services.addAll(services);
            return this;
        }

        public Builder env(String name, String value) {
            this.env.put(name, value);
            return this;
        }

        public Builder env(Map<String, String> overrides) {
            this.env.putAll(overrides);
            return this;
        }

        public Builder sandbox(SandboxPolicy policy) {
            this.sandbox = policy;
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        public Builder startParallelism(int n) {
            this.startParallelism = n;
            return this;
        }

        public Builder gatewayJvmOptions(List<String> options) {
            this.gatewayJvmOptions = options;
            return this;
        }

        public Builder serviceJvmOptions(List<String> options) {
            this.serviceJvmOptions = options;
            return this;
        }

        public Builder shutdownHook(boolean register) {
            this.shutdownHook = register;
            return this;
        }

        public Builder seedDemoAgent(boolean seed) {
            this.seedDemoAgent = seed;
            return this;
        }

        /** Latencies of the sandbox's emulators ({@link EmulatorLatencies#REALISTIC} unless set). */
        public Builder emulatorLatencies(EmulatorLatencies latencies) {
            this.emulatorLatencies = latencies;
            return this;
        }

        public LocalStackOptions build() {
            return new LocalStackOptions(repoRoot, dataDirectory, fresh, frontDoorHost, frontDoorPort,
                    serviceBasePort, services, env, sandbox, readyTimeout, startParallelism, serviceJvmOptions,
                    gatewayJvmOptions,
                    shutdownHook, seedDemoAgent, emulatorLatencies);
        }
    }
}
