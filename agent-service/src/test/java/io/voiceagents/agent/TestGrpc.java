package io.voiceagents.agent;

import org.eclipse.microprofile.config.ConfigProvider;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/** A plain-text channel to the gRPC server of the service under test (its own port, not the HTTP port). */
public final class TestGrpc {

    private TestGrpc() {
    }

    public static ManagedChannel channel() {
        return ManagedChannelBuilder.forAddress("localhost", port()).usePlaintext().build();
    }

    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    }
}
