package io.voiceagents.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code bin/run [run] [--port 8080] [--data-dir DIR] [--fresh]} starts the local stack and waits for
 * Ctrl-C; {@code bin/run call [--url URL]} places a simulated call on a running sandbox stack.
 */
public final class DevStackMain {

    private static final String RUN_HELP = """
            Usage: bin/run [run] [options]      start everything locally; Ctrl-C stops it
              --port N           front door port (default 8080; 0 = any free port)
              --host ADDR        interface the front door listens on (default 127.0.0.1; 0.0.0.0 lets a load
                                 generator on another machine reach it, e.g. bench/stream-calls --url)
              --data-dir DIR     Postgres, Kafka, logs and sandbox credentials (default <repo>/.devstack-data)
              --fresh            wipe the data directory first (new database, topics, sandbox token)
              --base-port N      call-gateway's port, the other services follow (default 8181; 0 = free ports)
              --services a,b     launch only these services (default: all five)
              --sandbox MODE     auto (default: real provider where credentials are set), always, never
              --stt-latency D    sandbox Speech-to-Text: end of audio → final transcript (default 150ms)
              --llm-latency D    sandbox Gemini: streamed reply's first token (default 350ms)
              --llm-chunk D      sandbox Gemini: between streamed chunks of a few words (default 30ms)
              --tts-latency D    sandbox Google TTS: streamed sentence's first audio (default 150ms)
                                 (D: 150ms, 0.2s or milliseconds; 0 answers at once)
              --no-build         (bin/run only) skip the Maven build
              --help             this text

            Usage: bin/run call [options]       place a simulated call on a running sandbox stack
              --url URL          the stack's front door (default http://localhost:8080)
              --to NUMBER        called number (default: the demo agent's, +15005550006)
              --from NUMBER      caller number
              --say TEXT         what the caller says at each prompt, in order (repeatable)
              --json             print the raw JSON answer

            Environment: TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN (real Twilio), PUBLIC_BASE_URL (public https URL),
            GOOGLE_API_KEY or LLM_PROVIDER=vertex-ai + GOOGLE_CLOUD_PROJECT (real Gemini),
            GOOGLE_APPLICATION_CREDENTIALS (real Google TTS and Speech-to-Text), DEVSTACK_JAVA_OPTS (JVM options of
            each service).
            """;

    private DevStackMain() {
    }

    public static void main(String[] argv) {
        CliLogging.install();
        List<String> args = Arrays.asList(argv);
        String command = args.isEmpty() || args.get(0).startsWith("-") ? "run" : args.get(0);
        List<String> rest = args.isEmpty() || args.get(0).startsWith("-") ? args : args.subList(1, args.size());
        try {
            int code = switch (command) {
                case "run" -> run(rest);
                case "call" -> CallCommand.run(rest);
                case "help" -> help();
                default -> throw new IllegalArgumentException("unknown command " + command + " (run, call, help)");
            };
            System.exit(code);
        } catch (IllegalArgumentException e) {
            Console.err("error: " + e.getMessage());
            System.exit(2);
        } catch (LocalStackException e) {
            Console.err("");
            Console.err("The local stack did not start: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int help() {
        Console.out(RUN_HELP);
        return 0;
    }

    private static int run(List<String> rest) {
        Args a = Args.parse(rest, Set.of("--fresh", "--help"),
                Set.of("--port", "--host", "--data-dir", "--fresh", "--base-port", "--services", "--sandbox",
                        "--stt-latency", "--llm-latency", "--llm-chunk", "--tts-latency", "--help"));
        if (a.flag("--help")) {
            return help();
        }
        CliLogging.configureConsole();
        Path repo = RepoRoot.resolve(null);
        Path data = Path.of(a.get("--data-dir", DataDirectory.defaultFor(repo).toString())).toAbsolutePath().normalize();
        try {
            Files.createDirectories(data);
        } catch (java.io.IOException e) {
            throw new LocalStackException("cannot create " + data + ": " + e.getMessage(), e);
        }
        CliLogging.addFile(data.resolve("devstack.log"));

        LocalStackOptions.Builder options = LocalStackOptions.builder()
                .repoRoot(repo)
                .dataDirectory(data)
                .fresh(a.flag("--fresh"))
                .frontDoorPort(a.getInt("--port", LocalStackOptions.DEFAULT_FRONT_DOOR_PORT))
                .frontDoorHost(a.get("--host", "127.0.0.1"))
                .emulatorLatencies(latencies(a))
                .serviceBasePort(a.getInt("--base-port", StackService.DEFAULT_BASE_PORT))
                .sandbox(sandboxPolicy(a.get("--sandbox", "auto")))
                .services(services(a.get("--services", null)));
        String jvmOptions = System.getenv("DEVSTACK_JAVA_OPTS");
        if (jvmOptions != null && !jvmOptions.isBlank()) {
            options.serviceJvmOptions(List.of(jvmOptions.trim().split("\\s+")));
        }
        String gatewayJvmOptions = System.getenv("DEVSTACK_GATEWAY_JAVA_OPTS");
        if (gatewayJvmOptions != null && !gatewayJvmOptions.isBlank()) {
            options.gatewayJvmOptions(List.of(gatewayJvmOptions.trim().split("\\s+")));
        }
        // our own hook rather than the stack's, to say on the console what Ctrl-C is doing
        LocalStack stack = new LocalStack(options.shutdownHook(false).build());
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            if (stack.isClosed()) {
                return; // a failed start has already stopped everything
            }
            Console.out(System.lineSeparator() + "Stopping the local stack...");
            long t0 = System.nanoTime();
            stack.close();
            Console.out(String.format("Stopped in %.1f s.", (System.nanoTime() - t0) / 1e9));
        }, "devstack-stop"));
        try {
            stack.start();
        } catch (LocalStackException e) {
            if (stopping.get()) {
                return 130;
            }
            throw e;
        }
        Console.out(Banner.render(stack));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The sandbox emulators' latencies: {@link EmulatorLatencies#REALISTIC} with the options given. */
    static EmulatorLatencies latencies(Args a) {
        EmulatorLatencies l = EmulatorLatencies.REALISTIC;
        if (a.get("--stt-latency", null) != null) {
            l = l.withSttFinal(EmulatorLatencies.parse("--stt-latency", a.get("--stt-latency", null)));
        }
        if (a.get("--llm-latency", null) != null) {
            l = l.withLlmFirstToken(EmulatorLatencies.parse("--llm-latency", a.get("--llm-latency", null)));
        }
        if (a.get("--llm-chunk", null) != null) {
            l = l.withLlmChunkInterval(EmulatorLatencies.parse("--llm-chunk", a.get("--llm-chunk", null)));
        }
        if (a.get("--tts-latency", null) != null) {
            l = l.withTtsFirstByte(EmulatorLatencies.parse("--tts-latency", a.get("--tts-latency", null)));
        }
        return l;
    }

    private static SandboxPolicy sandboxPolicy(String value) {
        try {
            return SandboxPolicy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sandbox must be auto, always or never, not " + value);
        }
    }

    private static Set<StackService> services(String csv) {
        if (csv == null || csv.isBlank()) {
            return EnumSet.allOf(StackService.class);
        }
        Set<StackService> selected = EnumSet.noneOf(StackService.class);
        for (String name : csv.split(",")) {
            selected.add(StackService.byName(name.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown service " + name.trim() + "; known: " + StackService.all())));
        }
        return selected;
    }
}
