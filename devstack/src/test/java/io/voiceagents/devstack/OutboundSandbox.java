package io.voiceagents.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;

import io.voiceagents.testkit.twilio.TwilioCallProgress;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;

/**
 * The stack the outbound end-to-end tests run against: the real agent-service, tts-service, call-gateway and
 * outbound-service jars behind the front door, sandbox providers (Twilio REST emulator with its phone network), an
 * API key, and a fresh temporary data directory that {@link #close()} removes.
 */
final class OutboundSandbox implements AutoCloseable {

    final Path dataDirectory;
    final LocalStack stack;
    final KafkaEventLog events;
    final FrontDoorClient api;
    final TwilioRestEmulator twilio;
    final TwilioCallProgress network;

    private OutboundSandbox(Path dataDirectory, LocalStack stack, KafkaEventLog events, FrontDoorClient api) {
        this.dataDirectory = dataDirectory;
        this.stack = stack;
        this.events = events;
        this.api = api;
        this.twilio = stack.twilioRestEmulator().orElseThrow();
        this.network = stack.callProgress().orElseThrow();
    }

    /**
     * @param name   prefix of the temporary data directory
     * @param apiKey API_KEY of the stack, sent by {@link #api}
     */
    static OutboundSandbox start(String name, String apiKey) {
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        LocalStack stack = null;
        try {
            stack = new LocalStack(LocalStackOptions.builder()
                    .dataDirectory(dataDirectory)
                    .fresh(true)
                    .freePorts()
                    .services(Set.of(StackService.AGENT_SERVICE, StackService.TTS_SERVICE, StackService.CALL_GATEWAY,
                            StackService.OUTBOUND_SERVICE))
                    .sandbox(SandboxPolicy.ALWAYS)
                    .seedDemoAgent(false)
                    .env("API_KEY", apiKey)
                    // pacing is not what these tests are about (the benchmark measures it): no waiting for dial slots
                    .env("OUTBOUND_TWILIO_CALLS_PER_SECOND", "20")
                    .shutdownHook(false)
                    .readyTimeout(Duration.ofMinutes(4))
                    .build()).start();
            return new OutboundSandbox(dataDirectory, stack, KafkaEventLog.start(stack.kafkaBootstrapServers()),
                    new FrontDoorClient(stack.frontDoorUrl(), apiKey));
        } catch (RuntimeException e) {
            if (stack != null) {
                stack.close();
            }
            deleteRecursively(dataDirectory);
            throw e;
        }
    }

    @Override
    public void close() {
        events.close();
        stack.close();
        deleteRecursively(dataDirectory);
    }

    static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
