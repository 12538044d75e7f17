package io.voiceagents.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the in-test agent-service, tts-service and outbound-service stand-ins on one free gRPC port and points the
 * gateway's clients at them. It also fixes the HTTP test port so PUBLIC_BASE_URL can be the URL tests
 * (and the Twilio caller emulator) really post to — the URL signatures are computed over.
 */
public class FakeBackendsResource implements QuarkusTestResourceLifecycleManager {

    public static final FakeAgentService AGENT = new FakeAgentService();
    public static final FakeTtsService TTS = new FakeTtsService();
    public static final FakeOutboundService OUTBOUND = new FakeOutboundService();

    private static volatile int httpPort;
    private Server server;

    public static String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                    .addService(AGENT)
                    .addService(TTS)
                    .addService(OUTBOUND)
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("fake gRPC backends did not start", e);
        }
        httpPort = freePort();
        String grpcPort = Integer.toString(server.getPort());
        // test-port: in test mode Quarkus otherwise points gRPC clients at the application itself
        return Map.ofEntries(
                Map.entry("quarkus.grpc.clients.agent.host", "localhost"),
                Map.entry("quarkus.grpc.clients.agent.port", grpcPort),
                Map.entry("quarkus.grpc.clients.agent.test-port", grpcPort),
                Map.entry("quarkus.grpc.clients.tts.host", "localhost"),
                Map.entry("quarkus.grpc.clients.tts.port", grpcPort),
                Map.entry("quarkus.grpc.clients.tts.test-port", grpcPort),
                Map.entry("quarkus.grpc.clients.outbound.host", "localhost"),
                Map.entry("quarkus.grpc.clients.outbound.port", grpcPort),
                Map.entry("quarkus.grpc.clients.outbound.test-port", grpcPort),
                Map.entry("quarkus.http.test-port", Integer.toString(httpPort)),
                Map.entry("gateway.public-base-url", baseUrl()),
                // short budgets keep the slow-backend tests quick
                Map.entry("gateway.tts.budget", "400ms"),
                Map.entry("gateway.agent.reply-budget", "1500ms"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
