package io.voiceagents.outbound.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts {@link CampaignFakeAgentService} on a free gRPC port and points the "agent" client at it. */
public class CampaignAgentServiceResource implements QuarkusTestResourceLifecycleManager {

    public static final CampaignFakeAgentService AGENTS = new CampaignFakeAgentService();

    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(AGENTS).build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("fake agent-service did not start", e);
        }
        String port = Integer.toString(server.getPort());
        // test-port: in test mode Quarkus otherwise points gRPC clients at the application itself
        return Map.of("quarkus.grpc.clients.agent.host", "localhost",
                "quarkus.grpc.clients.agent.port", port,
                "quarkus.grpc.clients.agent.test-port", port);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
