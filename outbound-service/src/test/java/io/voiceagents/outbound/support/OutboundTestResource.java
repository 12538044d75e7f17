package io.voiceagents.outbound.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;

/**
 * The outside world of outbound-service in tests: testkit's Twilio REST emulator behind a {@link TwilioFront}, and
 * agent-service faked by an in-process gRPC server. Settings are shortened so the tests run quickly.
 */
public class OutboundTestResource implements QuarkusTestResourceLifecycleManager {

    public static final TwilioRestEmulator TWILIO = TwilioRestEmulator.start(0);
    public static final TwilioFront FRONT = new TwilioFront(TWILIO);
    public static final FakeAgentService AGENTS = new FakeAgentService();
    public static final String PUBLIC_BASE_URL = "https://gateway.example.test";
    public static final double CALLS_PER_SECOND = 5;
    public static final int MAX_CONCURRENT = 12;
    public static final int MAX_PER_MINUTE = 30;

    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(AGENTS).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("fake agent-service did not start", e);
        }
        String grpcPort = Integer.toString(server.getPort());
        return Map.ofEntries(
                Map.entry("quarkus.grpc.clients.agent.host", "localhost"),
                Map.entry("quarkus.grpc.clients.agent.port", grpcPort),
                // in test mode Quarkus otherwise points gRPC clients at the application itself
                Map.entry("quarkus.grpc.clients.agent.test-port", grpcPort),
                Map.entry("outbound.public-base-url", PUBLIC_BASE_URL),
                Map.entry("outbound.twilio.account-sid", TWILIO.accountSid()),
                Map.entry("outbound.twilio.auth-token", TWILIO.authToken()),
                Map.entry("outbound.twilio.api-base-url", FRONT.baseUrl()),
                Map.entry("outbound.twilio.calls-per-second", Double.toString(CALLS_PER_SECOND)),
                Map.entry("outbound.twilio.request-timeout", "2s"),
                Map.entry("outbound.api.key", String.join(",", TestApi.KEYS)),
                Map.entry("outbound.limits.max-concurrent-calls-per-key", Integer.toString(MAX_CONCURRENT)),
                Map.entry("outbound.limits.max-calls-per-minute-per-key", Integer.toString(MAX_PER_MINUTE)),
                Map.entry("outbound.dial.retry-backoff", "200ms"),
                Map.entry("outbound.dial.max-retry-backoff", "1s"),
                Map.entry("outbound.dial.max-requests", "3"),
                Map.entry("outbound.dial.recovery-every", "1s"),
                Map.entry("outbound.status.timeout", "1m"),
                Map.entry("outbound.status.sweep-every", "1s"),
                Map.entry("outbound.outbox.relay-every", "1s"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
