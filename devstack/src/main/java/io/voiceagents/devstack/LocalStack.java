package io.voiceagents.devstack;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.vertx.core.Vertx;
import io.voiceagents.testkit.gemini.GeminiEmulator;
import io.voiceagents.testkit.googlestt.GoogleSttEmulator;
import io.voiceagents.testkit.googletts.GoogleTtsEmulator;
import io.voiceagents.testkit.twilio.TwilioCallProgress;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;
import io.voiceagents.testkit.twilio.media.MediaStreamsCallers;
import io.voiceagents.testkit.twilio.relay.ConversationRelayCallers;

/**
 * The whole suite on one machine: embedded Postgres and Kafka, provider emulators where no real
 * credentials are set, the five services as child JVMs, and a front door on one port routing like
 * the ingress. Used by {@code bin/run} and by end-to-end tests:
 *
 * <pre>{@code
 * try (LocalStack stack = new LocalStack(LocalStackOptions.builder().dataDirectory(tmp).fresh(true)
 *         .freePorts().sandbox(SandboxPolicy.ALWAYS).build()).start()) {
 *     stack.frontDoorUrl(); stack.twilioAuthToken(); stack.geminiEmulator().orElseThrow().failNext(1);
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalStack.class.getName());
    /** The services' own minimum (ApiKeyRules / GatewayConfigCheck): checked here to fail before anything starts. */
    static final int MIN_API_KEY_LENGTH = 16;

    private final LocalStackOptions options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<StackService, Integer> ports = new EnumMap<>(StackService.class);
    private final Map<StackService, Integer> grpcPorts = new EnumMap<>(StackService.class);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object closing = new Object();

    // written by start(); close() may run concurrently (Ctrl-C during start) and releases what exists
    private volatile boolean started;
    private volatile Path repoRoot;
    private volatile DataDirectory data;
    private volatile EmbeddedInfra infra;
    private volatile Providers providers;
    private volatile Vertx vertx;
    private volatile FrontDoor frontDoor;
    private volatile ServiceFleet fleet;
    private volatile Thread shutdownHook;
    private volatile String publicBaseUrl;
    private volatile int frontDoorPort;
    private volatile String databaseUrl;
    private volatile String kafkaBootstrapServers;
    private volatile Optional<String> apiKey = Optional.empty();
    private volatile Map<DemoAgent.Demo, String> demoAgents = Map.of();

    public LocalStack(LocalStackOptions options) {
        this.options = options;
    }

    /** Starts everything; on failure, stops what was started and throws {@link LocalStackException}. */
    public synchronized LocalStack start() {
        if (started || closed.get()) {
            throw new IllegalStateException("a LocalStack starts once");
        }
        started = true;
        repoRoot = RepoRoot.resolve(options.repoRoot());
        Map<StackService, Path> jars = new EnumMap<>(StackService.class);
        for (StackService s : services()) {
            jars.put(s, ServiceProcess.jarOf(repoRoot, s));
        }
        Path dataDir = options.dataDirectory() != null ? options.dataDirectory() : DataDirectory.defaultFor(repoRoot);
        data = DataDirectory.open(dataDir.toAbsolutePath().normalize(), options.fresh());
        // we hold the directory's lock, so processes recorded in it belong to a launcher that died hard
        for (StackService s : StackService.all()) {
            try {
                ServiceProcess.stopLeftover(s, data.pids().resolve(s.moduleName() + ".pid"),
                        repoRoot.resolve(s.moduleName()).resolve(ServiceProcess.JAR_IN_MODULE));
            } catch (java.io.IOException e) {
                LOG.warning(() -> "could not check for a leftover " + s + ": " + e.getMessage());
            }
        }
        if (options.shutdownHook()) {
            shutdownHook = new Thread(this::close, "devstack-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        try {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(options.env());
            // the services read API_KEY from the same environment (inherited or overridden); the launcher
            // needs it too, for its own calls to /api/** (demo agent, sandbox calls)
            apiKey = apiKeyOf(env);
            providers = Providers.decide(env, options.sandbox(), data.sandboxEnv());
            infra = EmbeddedInfra.start(data);
            databaseUrl = infra.jdbcUrl();
            kafkaBootstrapServers = infra.kafkaBootstrapServers();
            abortIfClosed();
            providers.startEmulators(options.emulatorLatencies());
            abortIfClosed();
            for (StackService s : StackService.all()) {
                ports.put(s, options.serviceBasePort() > 0 ? options.serviceBasePort() + s.portOffset() : Ports.free());
                if (s.hasOwnGrpcPort()) {
                    grpcPorts.put(s, options.serviceBasePort() > 0
                            ? options.serviceBasePort() + StackService.GRPC_PORT_DISTANCE + s.portOffset() : Ports.free());
                }
            }
            Map<StackService, Integer> started = new EnumMap<>(StackService.class);
            services().forEach(s -> started.put(s, ports.get(s)));
            vertx = Vertx.vertx();
            frontDoor = FrontDoor.start(vertx, options.frontDoorHost(), options.frontDoorPort(), started,
                    s -> "See " + data.logFile(s) + ".", new SandboxEndpoints(this, vertx));
            frontDoorPort = frontDoor.port();
            String configuredBase = env.get("PUBLIC_BASE_URL");
            publicBaseUrl = stripSlash(configuredBase != null && !configuredBase.isBlank() ? configuredBase : frontDoorUrl());
            if (providers.twilio() == ProviderMode.SANDBOX) {
                new SandboxCredentials(providers.twilioAccountSid(), providers.twilioAuthToken())
                        .save(data.sandboxEnv(), publicBaseUrl, frontDoorUrl(),
                                started.containsKey(StackService.CALL_GATEWAY)
                                        ? "http://127.0.0.1:" + started.get(StackService.CALL_GATEWAY) : null);
            } else {
                // an earlier sandbox run's token would only mislead tools that read the file
                java.nio.file.Files.deleteIfExists(data.sandboxEnv());
            }
            abortIfClosed();
            fleet = new ServiceFleet(options, data, http, closed::get);
            fleet.start(services(), jars, ports, grpcPorts, serviceEnvironment(), providers.removedEnv());
            abortIfClosed();
            if (options.seedDemoAgent() && providers.twilio() == ProviderMode.SANDBOX
                    && services().contains(StackService.AGENT_SERVICE)) {
                demoAgents = Map.copyOf(DemoAgent.ensure(http, serviceUrl(StackService.AGENT_SERVICE), apiKey));
            }
            return this;
        } catch (LocalStackException e) {
            close();
            throw e;
        } catch (java.io.IOException | RuntimeException e) {
            close();
            throw new LocalStackException("the local stack did not start: " + e, e);
        }
    }

    /** API_KEY of the effective environment; a short one fails here, before anything starts, as the services would. */
    static Optional<String> apiKeyOf(Map<String, String> env) {
        Optional<String> key = Optional.ofNullable(env.get("API_KEY")).map(String::strip).filter(k -> !k.isEmpty());
        if (key.isPresent() && key.get().length() < MIN_API_KEY_LENGTH) {
            throw new LocalStackException("API_KEY is too short: it has " + key.get().length() + " characters, at least "
                    + MIN_API_KEY_LENGTH + " are required (the services refuse it); generate one with"
                    + " 'openssl rand -hex 32', or unset API_KEY to leave /api/** open on this machine");
        }
        return key;
    }

    /** Adds {@code Authorization: Bearer <API_KEY>} to a request for /api/** when a key is configured. */
    static HttpRequest.Builder authorized(HttpRequest.Builder request, Optional<String> apiKey) {
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        return request;
    }

    /** close() ran while starting (Ctrl-C): stop here; the caller's close() releases what was made since. */
    private void abortIfClosed() {
        if (closed.get()) {
            throw new LocalStackException("stopped while starting");
        }
    }

    private Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(options.env());
        env.put("DB_URL", infra.jdbcUrl());
        env.put("DB_USER", infra.dbUser());
        env.put("DB_PASSWORD", infra.dbPassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        // services listen on loopback only: the front door is the one way in, as behind the ingress
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("AGENT_SERVICE_HOST", "127.0.0.1");
        env.put("AGENT_SERVICE_PORT", Integer.toString(grpcPorts.get(StackService.AGENT_SERVICE)));
        env.put("TTS_SERVICE_HOST", "127.0.0.1");
        env.put("TTS_SERVICE_PORT", Integer.toString(grpcPorts.get(StackService.TTS_SERVICE)));
        env.put("OUTBOUND_SERVICE_HOST", "127.0.0.1");
        env.put("OUTBOUND_SERVICE_PORT", Integer.toString(ports.get(StackService.OUTBOUND_SERVICE)));
        env.put("PUBLIC_BASE_URL", publicBaseUrl);
        env.putAll(providers.serviceEnv());
        return env;
    }

    /** How {@link #restartService(StackService, StopMode)} ends the running process. */
    public enum StopMode {
        /** SIGTERM: Quarkus shuts down gracefully (as in a rolling deployment); SIGKILL after a grace period. */
        GRACEFUL,
        /** SIGKILL: the process dies at once, mid-request and mid-transaction (a crash, an OOM kill). */
        KILL
    }

    /** Stops a running service gracefully and starts it again; see {@link #restartService(StackService, StopMode)}. */
    public void restartService(StackService service) {
        restartService(service, StopMode.GRACEFUL);
    }

    /**
     * Stops a running service and starts it again on the same port with the same environment, and returns
     * once it is ready again (the front door answers 502 for its routes meanwhile). For tests of what survives
     * a restart or a crash.
     *
     * @throws LocalStackException when it does not come back
     * @throws IllegalStateException when the stack is not running or does not run {@code service}
     */
    public void restartService(StackService service, StopMode mode) {
        ServiceFleet f = fleet;
        if (f == null || closed.get()) {
            throw new IllegalStateException("the stack is not running");
        }
        f.restart(service, mode == StopMode.KILL);
    }

    /**
     * Stops everything in reverse order of start. Safe to call more than once, and while start()
     * runs: each call releases whatever exists at that moment.
     */
    @Override
    public void close() {
        boolean first = closed.compareAndSet(false, true);
        Thread hook = shutdownHook;
        if (first && hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running or will find us closed
            }
        }
        synchronized (closing) {
            FrontDoor door = frontDoor;
            frontDoor = null;
            release("front door", door);
            ServiceFleet f = fleet;
            if (f != null) {
                f.stopAll();
            }
            release("emulators", providers);
            Vertx v = vertx;
            vertx = null;
            if (v != null) {
                release("Vert.x", () -> v.close().toCompletionStage().toCompletableFuture().join());
            }
            EmbeddedInfra i = infra;
            infra = null;
            release("Postgres and Kafka", i);
            if (first) {
                release("data directory lock", data);
                LOG.info("local stack stopped");
            }
        }
    }

    private static void release(String what, AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "stopping " + what + " failed: " + e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    // ---- what tests and the CLI can see ----

    public LocalStackOptions options() {
        return options;
    }

    /** The one URL everything goes through, like the ingress: {@code http://localhost:<port>}. */
    public String frontDoorUrl() {
        return "http://localhost:" + frontDoorPort;
    }

    public int frontDoorPort() {
        return frontDoorPort;
    }

    /** The base URL Twilio calls (PUBLIC_BASE_URL, else the front door); signatures are over it. */
    public String publicBaseUrl() {
        return publicBaseUrl;
    }

    /** True once close() has begun (also after a failed start). */
    public boolean isClosed() {
        return closed.get();
    }

    /** Services this stack launches, in start order. */
    public List<StackService> services() {
        return StackService.all().stream().filter(options.services()::contains).toList();
    }

    /** A service's own URL (bypassing the front door), e.g. for {@code /q/metrics}. */
    public String serviceUrl(StackService service) {
        return "http://127.0.0.1:" + servicePort(service);
    }

    public int servicePort(StackService service) {
        Integer port = ports.get(service);
        if (port == null) {
            throw new IllegalStateException("ports are assigned during start()");
        }
        return port;
    }

    /** Launch-to-ready time of a started service. */
    public Optional<Duration> startupTime(StackService service) {
        ServiceFleet f = fleet;
        return f == null ? Optional.empty() : f.process(service).flatMap(ServiceProcess::startupTime);
    }

    /** Process id of a running service (e.g. to measure its memory). */
    public Optional<Long> servicePid(StackService service) {
        ServiceFleet f = fleet;
        return f == null ? Optional.empty()
                : f.process(service).filter(ServiceProcess::isAlive).map(ServiceProcess::pid);
    }

    public Path logFile(StackService service) {
        return data.logFile(service);
    }

    public Path dataDirectory() {
        return data.root();
    }

    public Path repoRoot() {
        return repoRoot;
    }

    public ProviderMode twilioMode() {
        return providers.twilio();
    }

    public ProviderMode geminiMode() {
        return providers.gemini();
    }

    public ProviderMode ttsMode() {
        return providers.tts();
    }

    /** Google Speech-to-Text (call-gateway's `stream` mode); decided like Google TTS, by the same credentials. */
    public ProviderMode sttMode() {
        return providers.stt();
    }

    /** {@code google-ai} or {@code vertex-ai} (always google-ai when Gemini is emulated). */
    public String llmProvider() {
        return providers.llmProvider();
    }

    /** The Twilio account SID the services use (a generated one in sandbox). */
    public String twilioAccountSid() {
        return providers.twilioAccountSid();
    }

    /** The auth token webhooks must be signed with (a generated one in sandbox). */
    public String twilioAuthToken() {
        return providers.twilioAuthToken();
    }

    /** Present in Gemini sandbox mode: inject latency and failures here. */
    public Optional<GeminiEmulator> geminiEmulator() {
        return providers.geminiEmulator();
    }

    /** Present in Google TTS sandbox mode. */
    public Optional<GoogleTtsEmulator> ttsEmulator() {
        return providers.ttsEmulator();
    }

    /**
     * Present in Speech-to-Text sandbox mode: what call-gateway's `stream` calls are transcribed by
     * (STT_GOOGLE_ENDPOINT). It recognises the speech fixtures; inject latency and failures here.
     */
    public Optional<GoogleSttEmulator> sttEmulator() {
        return providers == null ? Optional.empty() : providers.sttEmulator();
    }

    /**
     * Present in Twilio sandbox mode: Twilio's media servers for simulated `stream` calls, attached to
     * {@link #twilioRestEmulator()} (a REST hang-up or transfer ends the caller's stream). Shared by the sandbox's
     * simulated calls and tests; see {@link RealtimeCalls} to place one through the voice webhook.
     */
    public Optional<MediaStreamsCallers> mediaStreamsCallers() {
        return providers == null ? Optional.empty() : providers.mediaStreamsCallers();
    }

    /** Present in Twilio sandbox mode: Twilio's side of simulated `relay` calls, attached like the stream callers. */
    public Optional<ConversationRelayCallers> relayCallers() {
        return providers == null ? Optional.empty() : providers.relayCallers();
    }

    /**
     * Present in Twilio sandbox mode: the Twilio REST API outbound-service dials through
     * (TWILIO_API_BASE_URL). Its {@link TwilioRestEmulator#timeline()} measures pacing, duplicates and
     * concurrency; {@link TwilioRestEmulator#failNext} injects failures.
     */
    public Optional<TwilioRestEmulator> twilioRestEmulator() {
        return providers == null ? Optional.empty() : providers.twilioRestEmulator();
    }

    /**
     * Present in Twilio sandbox mode: the callees behind {@link #twilioRestEmulator()} ({@link SandboxCallees}).
     * Route a number to another behaviour, or await what happened on a call.
     */
    public Optional<TwilioCallProgress> callProgress() {
        return providers == null ? Optional.empty() : providers.callProgress();
    }

    /** The sandbox gather demo agent's id, when this start created or found it. */
    public Optional<String> demoAgentId() {
        return Optional.ofNullable(demoAgents.get(DemoAgent.Demo.GATHER));
    }

    /** The sandbox `stream` demo agent's id, when this start created or found it. */
    public Optional<String> demoStreamAgentId() {
        return Optional.ofNullable(demoAgents.get(DemoAgent.Demo.STREAM));
    }

    /** The sandbox `relay` demo agent's id, when this start created or found it. */
    public Optional<String> demoRelayAgentId() {
        return Optional.ofNullable(demoAgents.get(DemoAgent.Demo.RELAY));
    }

    /**
     * API_KEY the services require on /api/** (from the environment or the options' overrides); empty when
     * the API is open. Send it as {@code Authorization: Bearer <key>}.
     */
    public Optional<String> apiKey() {
        return apiKey;
    }

    /** The number the sandbox demo agent (gather mode) answers. */
    public String demoPhoneNumber() {
        return DemoAgent.PHONE_NUMBER;
    }

    /** The number the sandbox `stream` demo agent answers. */
    public String demoStreamPhoneNumber() {
        return DemoAgent.Demo.STREAM.phoneNumber();
    }

    /** The number the sandbox `relay` demo agent answers. */
    public String demoRelayPhoneNumber() {
        return DemoAgent.Demo.RELAY.phoneNumber();
    }

    public String databaseUrl() {
        return databaseUrl;
    }

    /** User of {@link #databaseUrl()} (the embedded Postgres superuser): for tests and benchmarks that look inside. */
    public String databaseUser() {
        EmbeddedInfra i = infra;
        return i == null ? null : i.dbUser();
    }

    public String databasePassword() {
        EmbeddedInfra i = infra;
        return i == null ? null : i.dbPassword();
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    HttpClient httpClient() {
        return http;
    }
}
