package io.voiceagents.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.voiceagents.testkit.gemini.GeminiEmulator;
import io.voiceagents.testkit.googletts.GoogleTtsEmulator;
import io.voiceagents.testkit.twilio.media.MediaStreamsCaller;
import io.voiceagents.testkit.twilio.media.MediaStreamsCallers;
import io.voiceagents.testkit.twilio.relay.ConversationRelayCallers;

/**
 * The sandbox the real-time end-to-end tests share: agent-service, tts-service and call-gateway behind the front
 * door, every provider emulated with no added latency (the tests check behaviour, not timing), the stream and relay
 * demo agents seeded, an API key on /api/**. Calls are placed as Twilio places them ({@link RealtimeCalls}), and
 * what the gateway stored is read through the front door like an operator would.
 */
final class RealtimeSandbox implements AutoCloseable {

    /** API_KEY of the suite: /api/** and the live events socket need it. */
    static final String API_KEY = "realtime-e2e-key-0123456789abcdef";
    static final String CALLER = "+15551230042";
    /** Generous: the CI box is loaded, and every call plays its audio in real time. */
    static final Duration CALL_LIMIT = Duration.ofSeconds(90);
    static final Duration STORE_WAIT = Duration.ofSeconds(30);

    private final Path dataDirectory;
    private final LocalStack stack;
    private final FrontDoorClient api;
    private final RealtimeCalls calls;

    private RealtimeSandbox(Path dataDirectory, LocalStack stack) {
        this.dataDirectory = dataDirectory;
        this.stack = stack;
        this.api = new FrontDoorClient(stack.frontDoorUrl(), API_KEY);
        this.calls = RealtimeCalls.throughFrontDoor(stack);
    }

    static RealtimeSandbox start() throws IOException {
        // not @TempDir: the stack's own data must never land in the repository's .devstack-data
        Path dir = Files.createTempDirectory("voiceagents-realtime-e2e");
        LocalStack stack = new LocalStack(LocalStackOptions.builder()
                .dataDirectory(dir)
                .fresh(true)
                .freePorts()
                .services(Set.of(StackService.AGENT_SERVICE, StackService.TTS_SERVICE, StackService.CALL_GATEWAY))
                .sandbox(SandboxPolicy.ALWAYS)
                .seedDemoAgent(true)
                .emulatorLatencies(EmulatorLatencies.NONE)
                .env("API_KEY", API_KEY)
                .shutdownHook(false)
                .readyTimeout(Duration.ofMinutes(4))
                .build());
        try {
            stack.start();
        } catch (RuntimeException e) {
            OutboundSandbox.deleteRecursively(dir);
            throw e;
        }
        RealtimeSandbox sandbox = new RealtimeSandbox(dir, stack);
        assertThat(stack.demoStreamAgentId()).as("the stream demo agent was seeded").isPresent();
        assertThat(stack.demoRelayAgentId()).as("the relay demo agent was seeded").isPresent();
        return sandbox;
    }

    LocalStack stack() {
        return stack;
    }

    FrontDoorClient api() {
        return api;
    }

    RealtimeCalls calls() {
        return calls;
    }

    MediaStreamsCallers streamCallers() {
        return stack.mediaStreamsCallers().orElseThrow();
    }

    ConversationRelayCallers relayCallers() {
        return stack.relayCallers().orElseThrow();
    }

    GeminiEmulator gemini() {
        return stack.geminiEmulator().orElseThrow();
    }

    GoogleTtsEmulator tts() {
        return stack.ttsEmulator().orElseThrow();
    }

    /**
     * Undoes what a test set on the shared emulators (answer length, pacing, injected failures): with
     * {@link EmulatorLatencies#NONE} their defaults are what the stack started them with.
     */
    void resetProviders() {
        gemini().reset();
        tts().reset();
    }

    /** A stream call answered by the stream demo agent, its socket open: the script is the test's. */
    StreamCall placeStreamCall(MediaStreamsCallers pool) {
        RealtimeCalls.Answer answer = calls.answer(CALLER, stack.demoStreamPhoneNumber());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.stream()).as("<Connect><Stream> in " + answer.body()).isPresent();
        assertThat(answer.stream().orElseThrow().parameters()).as("the per-call token").containsKey("token");
        long started = System.nanoTime();
        MediaStreamsCaller caller = pool.connect(calls.stream(answer).build());
        return new StreamCall(answer, caller, started);
    }

    /** A placed stream call: the answer to the voice webhook and Twilio's side of the socket. */
    record StreamCall(RealtimeCalls.Answer answer, MediaStreamsCaller caller, long startedNanos) {
        String callSid() {
            return answer.callSid();
        }

        Duration length() {
            return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
    }

    /** GET /api/calls/{sid}. */
    JsonNode storedCall(String callSid) {
        return api.get("/api/calls/" + callSid, 200);
    }

    /** The stored call once {@code condition} holds for it (awaited: turns are stored as they finish). */
    JsonNode awaitStoredCall(String callSid, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(STORE_WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            last[0] = storedCall(callSid);
            assertThat(condition.test(last[0])).as("stored call %s: %s", callSid, last[0]).isTrue();
        });
        return last[0];
    }

    JsonNode awaitTurns(String callSid, int count) {
        return awaitStoredCall(callSid, c -> c.path("transcript").size() >= count);
    }

    JsonNode awaitStatus(String callSid, String status) {
        return awaitStoredCall(callSid, c -> status.equals(c.path("status").asText()));
    }

    /** The stored turn with this index (not the i-th array element: turn 0 is the greeting). */
    static JsonNode turn(JsonNode storedCall, int turnIndex) {
        for (JsonNode t : storedCall.path("transcript")) {
            if (t.path("turnIndex").asInt() == turnIndex) {
                return t;
            }
        }
        throw new AssertionError("no turn " + turnIndex + " in " + storedCall);
    }

    /** The {@code completed} status callback Twilio sends once the call is over. */
    void complete(StreamCall call) {
        RealtimeCalls.Reply r = calls.completed(call.callSid(), CALLER, call.answer().to(), call.length());
        assertThat(r.status()).as(r.body()).isBetween(200, 204);
    }

    /** ERROR lines call-gateway logged about a call (its log is the service's stdout, one line per record). */
    List<String> gatewayErrorsAbout(String callSid) {
        try {
            return Files.readAllLines(stack.logFile(StackService.CALL_GATEWAY), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(callSid) && line.contains("ERROR"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stack.close();
        OutboundSandbox.deleteRecursively(dataDirectory);
    }
}
